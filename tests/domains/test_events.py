"""The outbox: events commit with their change and are delivered once."""

from __future__ import annotations

from sqlalchemy import select

from suigang.domains.events.models import OutboxEvent
from suigang.domains.events.service import dispatch_pending, emit, subscribe, unsubscribe


def test_event_delivered_once_and_rolled_back_with_its_change(session) -> None:  # type: ignore[no-untyped-def]
    """A rolled-back change leaves no event; a committed one is handled exactly once."""
    seen: list[str] = []

    def handler(_s, event: OutboxEvent) -> None:  # type: ignore[no-untyped-def]
        seen.append(f"{event.kind}:{event.subject_id}:{event.payload['reason']}")

    subscribe("machine.out_of_service", handler)
    try:
        emit(
            session,
            kind="machine.out_of_service",
            enterprise_id=None,
            subject_id="M1",
            reason="spindle",
        )
        session.rollback()
        emit(
            session,
            kind="machine.out_of_service",
            enterprise_id=None,
            subject_id="M2",
            reason="coolant",
        )
        session.commit()
        assert dispatch_pending(session) == 1
        assert dispatch_pending(session) == 0
        assert seen == ["machine.out_of_service:M2:coolant"]
    finally:
        unsubscribe("machine.out_of_service", handler)


def test_failing_handler_leaves_event_pending_for_retry(session) -> None:  # type: ignore[no-untyped-def]
    """A handler that raises does not mark the event delivered; attempts are counted."""
    calls: list[int] = []

    def flaky(_s, _e) -> None:  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("webhook down")

    subscribe("order.placed", flaky)
    try:
        emit(session, kind="order.placed", enterprise_id=None, subject_id="SO-1")
        session.commit()
        assert dispatch_pending(session) == 0
        assert dispatch_pending(session) == 1
        event = session.scalars(select(OutboxEvent)).one()
        assert (event.attempts, event.delivered_at is not None) == (2, True)
    finally:
        unsubscribe("order.placed", flaky)
