"""A forecast past the promise is told once, and again only when it falls on a later day:
repairs that move a late order by minutes do not repeat the notification. SQLite and
PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from suigang.domains.planning import notify
from suigang.domains.planning.models import Notification
from tests.world import build_world

PROMISED = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)  # 18:00 in Hong Kong


def at(day: int, hour: int) -> datetime:
    """``hour`` o'clock UTC on March ``day`` (Hong Kong is 8 hours ahead)."""
    return datetime(2026, 3, day, hour, 0, tzinfo=UTC)


def test_slip_is_told_once_per_later_day(session) -> None:  # type: ignore[no-untyped-def]
    w = build_world(session)
    order_id = uuid.uuid4()

    def news(forecast: datetime, previous: datetime | None) -> bool:
        return notify.slip_is_news(
            session, order_id=order_id, promised=PROMISED, forecast=forecast, previous=previous
        )

    assert news(at(3, 9), None) is False  # before the promise: nothing to tell
    assert news(at(3, 12), None) is True  # first forecast, already late
    assert news(at(3, 12), at(3, 8)) is True  # on track before, late now
    # without a notification told before, a later forecast of a late order is news
    assert news(at(3, 13), at(3, 12)) is True
    session.add(
        Notification(
            enterprise_id=w.firms["hk1"].id,
            kind=notify.FORECAST_SLIPPED,
            subject_id=str(order_id),
            message="told",
            data={"forecast_date": at(3, 12).isoformat()},  # 20:00 on the 3rd in Hong Kong
        )
    )
    session.flush()
    assert news(at(3, 15), at(3, 12)) is False  # 23:00 the same Hong Kong day: told already
    assert news(at(3, 16), at(3, 15)) is True  # 00:00 on the 4th: a later day, told again
    assert news(at(3, 14), at(3, 15)) is False  # earlier than before: nothing new to tell
