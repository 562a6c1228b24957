"""The working-time clock on the default calendar: Monday–Saturday 08:00–24:00 Asia/Shanghai,
which is 00:00–16:00 UTC (Shanghai is UTC+8 all year)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from suigang.domains.planning.clock import WorkingClock
from suigang.domains.planning.models import DEFAULT_SHIFTS

TUE = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # Tuesday 10:00 local


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


def clock(origin: datetime = TUE, holidays: tuple[date, ...] = ()) -> WorkingClock:
    return WorkingClock(origin, timezone="Asia/Shanghai", shifts=DEFAULT_SHIFTS, holidays=holidays)


def test_working_minutes_skip_the_night() -> None:
    """14 working hours remain on Tuesday (until 16:00 UTC); the night adds nothing."""
    c = clock()
    assert c.to_work(utc(1, 3)) == 60
    assert c.to_work(utc(1, 16)) == 840
    assert c.to_work(utc(1, 20)) == 840  # after the second shift: still 840
    assert c.to_work(utc(2, 0, 30)) == 870  # Wednesday 08:30 local
    assert c.to_work(utc(1, 1)) == 0  # before the origin


def test_a_boundary_maps_to_the_window_it_closes_only_as_an_end() -> None:
    """Minute 840 starts on Wednesday at 00:00 UTC but ends Tuesday's work at 16:00 UTC."""
    c = clock()
    assert c.to_wall(840) == utc(2, 0)
    assert c.to_wall(840, end=True) == utc(1, 16)
    assert c.to_wall(870) == utc(2, 0, 30)


def test_sunday_and_holidays_do_not_count() -> None:
    """From Saturday 15:00 UTC one hour is left; minute 61 falls on Monday 00:01 UTC. A
    Wednesday holiday (local date) moves Tuesday's next minute to Thursday."""
    sat = clock(utc(5, 15))
    assert sat.to_wall(60, end=True) == utc(5, 16)
    assert sat.to_wall(61) == utc(7, 0, 1)
    c = clock(holidays=(date(2026, 12, 2),))
    assert c.to_wall(850) == utc(3, 0, 10)
    assert c.breaks(utc(3, 1)) == [(utc(1, 16), utc(3, 0))]


def test_bad_shift_is_named() -> None:
    """A shift ending before it starts is refused with its values."""
    with pytest.raises(ValueError, match=r"shift \(0, 600, 300\)"):
        WorkingClock(TUE, timezone="Asia/Shanghai", shifts=[(0, 600, 300)])
