"""Operations record when they actually started and finished: validated, audited, and
moving the operation and its work order along; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from suigang.api.app import API_PREFIX, create_app
from suigang.domains.identity.models import AuditEvent
from suigang.domains.orders import service as orders
from suigang.domains.production.models import OperationStatus, WorkOrder, WorkOrderStatus
from suigang.domains.production.service import factory_operations, record_operation_actuals
from suigang.errors import InvalidInput, NotFound
from tests.domains.test_order_flow import quote_for, rfq_to
from tests.world import PASSWORD, build_world

NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


def placed_work_order(session, w) -> WorkOrder:  # type: ignore[no-untyped-def]
    rfq = orders.create_rfq(session, actor=w.actor("hk1"), data=rfq_to(w, "gz1"))
    quote = orders.submit_quote(
        session, actor=w.actor("gz1"), rfq_id=rfq.id, data=quote_for(w, "gz1")
    )
    order = orders.accept_quote(session, actor=w.actor("hk1"), quote_id=quote.id)
    return session.scalars(select(WorkOrder).where(WorkOrder.order_id == order.id)).one()


def test_start_then_finish_moves_operation_and_work_order(session) -> None:  # type: ignore[no-untyped-def]
    w = build_world(session)
    wo = placed_work_order(session, w)
    first, second = wo.operations
    start = NOW - timedelta(hours=3)
    op = record_operation_actuals(
        session, actor=w.actor("gz1m"), operation_id=first.id, started_at=start, now=NOW
    )
    # a start makes the operation running and the work order in progress
    assert (op.status, wo.status) == (OperationStatus.RUNNING, WorkOrderStatus.IN_PROGRESS)
    record_operation_actuals(
        session,
        actor=w.actor("gz1m"),
        operation_id=first.id,
        finished_at=NOW - timedelta(hours=1),
        now=NOW,
    )
    assert (first.actual_start, first.actual_end) == (start, NOW - timedelta(hours=1))
    assert first.status is OperationStatus.DONE and wo.status is WorkOrderStatus.IN_PROGRESS
    record_operation_actuals(
        session, actor=w.actor("gz1"), operation_id=second.id,
        started_at=NOW - timedelta(minutes=50), finished_at=NOW, now=NOW,
    )  # fmt: skip
    # every operation done: the work order is completed
    assert wo.status is WorkOrderStatus.COMPLETED
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.action == "operation.actuals")
    ).all()
    assert len(actions) == 3  # each recording audited
    # the shop-floor read for figures sees both, in sequence
    assert [o.seq for o in factory_operations(session, factory_id=w.firms["gz1"].id)] == [10, 20]


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (None, NOW - timedelta(hours=1), "actual_end needs an actual_start"),
        (NOW - timedelta(hours=1), NOW - timedelta(hours=2), "is before actual_start"),
        (NOW + timedelta(minutes=5), None, "actual_start .* is in the future"),
        (None, None, "give actual_start, actual_end or both"),
        (datetime(2026, 12, 7, 7, 0), None, "actual_start must carry its time zone"),
    ],
)
def test_bad_times_are_refused_and_nothing_is_stored(session, start, end, message) -> None:  # type: ignore[no-untyped-def]
    w = build_world(session)
    wo = placed_work_order(session, w)
    op_id = wo.operations[0].id
    with pytest.raises(InvalidInput, match=message):
        record_operation_actuals(
            session,
            actor=w.actor("gz1"),
            operation_id=op_id,
            started_at=start,
            finished_at=end,
            now=NOW,
        )
    session.rollback()
    op = session.get(type(wo.operations[0]), op_id)
    # nothing half-stored: no times, still pending
    assert (op.actual_start, op.actual_end, op.status) == (None, None, OperationStatus.PENDING)


def test_other_firms_cannot_record(session) -> None:  # type: ignore[no-untyped-def]
    w = build_world(session)
    wo = placed_work_order(session, w)
    op_id = wo.operations[0].id
    # another factory and the buyer do not even see the operation
    for who in ("gz2", "hk1", "zone"):
        with pytest.raises(NotFound):
            record_operation_actuals(
                session, actor=w.actor(who), operation_id=op_id, started_at=NOW, now=NOW
            )


def test_recording_over_http(settings, session_factory) -> None:  # type: ignore[no-untyped-def]
    with session_factory() as s:
        w = build_world(s)
        wo = placed_work_order(s, w)
        op_id = wo.operations[0].id
    with TestClient(create_app(settings)) as client:
        r = client.post(
            f"{API_PREFIX}/auth/token", data={"username": "gz1@test.suigang", "password": PASSWORD}
        )
        auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
        url = f"{API_PREFIX}/operations/{op_id}/actuals"
        start = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
        r = client.put(url, headers=auth, json={"actual_start": start})
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "running"  # started, not finished
        bad = (datetime.now(UTC) - timedelta(hours=3)).isoformat()
        r = client.put(url, headers=auth, json={"actual_end": bad})
        # a finish before the start: 422 naming the field, the start kept
        assert r.status_code == 422 and "actual_end" in r.text
        r = client.get(f"{API_PREFIX}/work-orders/{wo.id}", headers=auth)
        assert r.json()["operations"][0]["actual_end"] is None
        assert r.json()["status"] == "in_progress"
