"""Several dispatchers on PostgreSQL (several API processes each run one): every event is
delivered exactly once (``FOR UPDATE SKIP LOCKED``)."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from suigang.domains.events.models import OutboxEvent
from suigang.domains.events.service import dispatch_pending, emit, subscribe, unsubscribe

EVENTS, DISPATCHERS = 300, 3


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_three_dispatchers_deliver_each_event_once(session_factory) -> None:  # type: ignore[no-untyped-def]
    """Three dispatchers on their own connections, started together, small batches: the
    handler sees each of the 300 events once, each dispatcher takes a share, none is left."""
    with session_factory() as s:
        for i in range(EVENTS):
            emit(s, kind="test.concurrent", enterprise_id=None, subject_id=i)
        s.commit()
    seen: dict[int, list[int]] = {d: [] for d in range(DISPATCHERS)}
    who = threading.local()

    def handler(_s, event: OutboxEvent) -> None:  # type: ignore[no-untyped-def]
        time.sleep(0.001)  # a handler's work: long enough for the dispatchers to overlap
        seen[who.d].append(event.id)

    start = threading.Barrier(DISPATCHERS)

    def dispatcher(d: int) -> None:
        who.d = d
        with session_factory() as s:
            start.wait()
            while dispatch_pending(s, batch=10):
                pass

    subscribe("test.concurrent", handler)
    try:
        threads = [threading.Thread(target=dispatcher, args=(d,)) for d in range(DISPATCHERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
    finally:
        unsubscribe("test.concurrent", handler)
    counts = Counter(i for ids in seen.values() for i in ids)
    assert len(counts) == EVENTS and set(counts.values()) == {1}  # all, and each once
    assert all(seen[d] for d in range(DISPATCHERS))  # every dispatcher took a share
    with session_factory() as s:
        pending = s.scalar(
            select(func.count()).select_from(OutboxEvent).where(OutboxEvent.delivered_at.is_(None))
        )
    assert pending == 0
