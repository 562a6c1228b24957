"""Emit domain events and deliver them to subscribers.

``emit`` only adds a row: it commits with the change that caused it. ``dispatch_pending``
claims undelivered events (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several workers
each handle an event once) and calls the subscribers of each kind.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from suigang.db import utcnow
from suigang.domains.events.models import OutboxEvent

log = logging.getLogger(__name__)

Handler = Callable[[Session, OutboxEvent], None]
_subscribers: dict[str, list[Handler]] = defaultdict(list)


def emit(
    session: Session,
    *,
    kind: str,
    enterprise_id: uuid.UUID | None,
    subject_id: object = "",
    **payload: Any,
) -> OutboxEvent:
    """Add an event to the outbox; the caller's use case commits it with its change."""
    event = OutboxEvent(
        kind=kind,
        enterprise_id=enterprise_id,
        subject_id=str(subject_id),
        payload={
            k: v if isinstance(v, int | float | bool | None) else str(v) for k, v in payload.items()
        },
    )
    session.add(event)
    return event


def subscribe(kind: str, handler: Handler) -> None:
    """Call ``handler(session, event)`` for every event of ``kind`` (``*`` for all)."""
    if handler not in _subscribers[kind]:
        _subscribers[kind].append(handler)


def unsubscribe(kind: str, handler: Handler) -> None:
    if handler in _subscribers[kind]:
        _subscribers[kind].remove(handler)


def dispatch_pending(session: Session, *, batch: int = 100) -> int:
    """Deliver up to ``batch`` pending events; returns how many were delivered."""
    query = (
        select(OutboxEvent)
        .where(OutboxEvent.delivered_at.is_(None))
        .order_by(OutboxEvent.id)
        .limit(batch)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    events = list(session.scalars(query))
    for event in events:
        event.attempts += 1
        try:
            with session.begin_nested():
                for handler in (*_subscribers.get(event.kind, ()), *_subscribers.get("*", ())):
                    handler(session, event)
        except Exception:
            log.exception("event %s (%s) handler failed; it will be retried", event.id, event.kind)
            continue
        event.delivered_at = utcnow()
    session.commit()
    return sum(1 for e in events if e.delivered_at is not None)


def deliver_all(sessions: sessionmaker[Session]) -> int:
    """Deliver pending events until none is left; returns how many were delivered."""
    total = 0
    with sessions() as session:
        while True:
            delivered = dispatch_pending(session)
            total += delivered
            if delivered == 0:
                return total
