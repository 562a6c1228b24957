"""The working-time clock of a factory: wall-clock time ↔ working minutes since a plan start.

The schedule is computed on a *working-time* axis: minute 0 is the plan start (or the first
working minute after it) and only the factory's shift hours count, holidays and breaks
between shifts skipped. An operation longer than a shift (machining a whole lot takes up to
several days) therefore pauses at the end of a shift and continues at the start of the
next, which uninterruptible engine operations on a wall-clock axis could not express.
Machine-specific outages (planned maintenance, a breakdown) become unavailable intervals on
this axis. Beyond the generated horizon the clock runs continuously.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

HORIZON_DAYS = 730


class WorkingClock:
    """Maps UTC datetimes to working minutes since ``origin`` and back."""

    def __init__(
        self,
        origin: datetime,
        *,
        timezone: str,
        shifts: Iterable[tuple[int, int, int]],
        holidays: Iterable[date] = (),
        horizon_days: int = HORIZON_DAYS,
    ) -> None:
        if origin.tzinfo is None:
            raise ValueError(f"origin {origin.isoformat()} must be timezone-aware")
        self.origin = origin.astimezone(UTC).replace(second=0, microsecond=0)
        tz = ZoneInfo(timezone)
        by_day: dict[int, list[tuple[int, int]]] = {}
        for weekday, start, end in shifts:
            if not (0 <= weekday <= 6 and 0 <= start < end <= 1440):
                raise ValueError(
                    f"shift ({weekday}, {start}, {end}) is not a weekday 0-6 "
                    "with 0 <= start < end <= 1440 minutes"
                )
            by_day.setdefault(weekday, []).append((start, end))
        if not by_day:
            raise ValueError("the calendar has no working shift")
        off = set(holidays)
        first_day = self.origin.astimezone(tz).date() - timedelta(days=1)
        windows: list[tuple[int, int]] = []
        for k in range(horizon_days + 1):
            day = first_day + timedelta(days=k)
            if day in off:
                continue
            midnight = datetime(day.year, day.month, day.day, tzinfo=tz)
            for start, end in sorted(by_day.get(day.weekday(), ())):
                a = self._wall(midnight + timedelta(minutes=start))
                b = self._wall(midnight + timedelta(minutes=end))
                a = max(a, 0)
                if b <= a:
                    continue
                if windows and windows[-1][1] >= a:  # back-to-back shifts are one window
                    windows[-1] = (windows[-1][0], max(windows[-1][1], b))
                else:
                    windows.append((a, b))
        self._starts = [a for a, _ in windows]
        self._ends = [b for _, b in windows]
        self._cum: list[int] = []
        total = 0
        for a, b in windows:
            self._cum.append(total)
            total += b - a
        self._total = total

    def _wall(self, dt: datetime) -> int:
        """Whole wall-clock minutes from the origin (rounded down)."""
        return math.floor((dt.astimezone(UTC) - self.origin).total_seconds() / 60)

    def to_work(self, dt: datetime) -> int:
        """Working minutes from the origin to ``dt`` (0 before the origin)."""
        w = self._wall(dt)
        if w <= 0 or not self._starts:
            return max(w, 0) if not self._starts else 0
        if w >= self._ends[-1]:
            return self._total + (w - self._ends[-1])
        k = bisect.bisect_right(self._starts, w) - 1
        if k < 0:
            return 0
        if w < self._ends[k]:
            return self._cum[k] + (w - self._starts[k])
        return self._cum[k] + (self._ends[k] - self._starts[k])

    def to_wall(self, minute: int, *, end: bool = False) -> datetime:
        """The UTC time of working minute ``minute``; ``end`` maps a boundary to the end of
        the window it closes rather than the start of the next."""
        if minute < 0:
            raise ValueError(f"working minute must be >= 0, got {minute}")
        if not self._starts:
            return self.origin + timedelta(minutes=minute)
        if minute >= self._total:
            if end and minute == self._total:
                return self.origin + timedelta(minutes=self._ends[-1])
            return self.origin + timedelta(minutes=self._ends[-1] + minute - self._total)
        k = (bisect.bisect_left if end else bisect.bisect_right)(self._cum, minute) - 1
        k = max(k, 0)
        return self.origin + timedelta(minutes=self._starts[k] + minute - self._cum[k])

    def breaks(self, until: datetime) -> list[tuple[datetime, datetime]]:
        """Non-working intervals between the origin and ``until`` (for the Gantt)."""
        out: list[tuple[datetime, datetime]] = []
        limit = self._wall(until)
        prev = 0
        for a, b in zip(self._starts, self._ends, strict=True):
            if a > limit:
                break
            if a > prev:
                out.append(
                    (self.origin + timedelta(minutes=prev), self.origin + timedelta(minutes=a))
                )
            prev = b
        return out
