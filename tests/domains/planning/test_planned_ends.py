"""Plan adherence's yardstick: an operation's planned end is the one of the plan in force
when it started, not of a later repair; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from suigang.db import utcnow
from suigang.domains.planning.service import (
    make_plan,
    planned_ends,
    release_plan,
    scheduled_work_orders,
    version_rows,
)
from tests.domains.production.test_operation_actuals import placed_work_order
from tests.world import build_world


def test_the_plan_in_force_at_the_start_is_the_yardstick(session) -> None:  # type: ignore[no-untyped-def]
    w = build_world(session)
    wo = placed_work_order(session, w)
    gz1 = w.actor("gz1")
    first = make_plan(session, actor=gz1)
    release_plan(session, actor=gz1, plan_id=first.id)
    started = utcnow()
    op = wo.operations[0]
    second = make_plan(session, actor=gz1, origin=utcnow() + timedelta(days=2))
    release_plan(session, actor=gz1, plan_id=second.id)
    end_of = {
        v.id: next(r.end for r in version_rows(session, v.id) if r.operation_id == op.id)
        for v in (first, second)
    }
    # the second plan starts two days later, so it moved the operation's end
    assert end_of[second.id] > end_of[first.id]
    factory = w.firms["gz1"].id
    # started under the first plan: its end is the yardstick
    assert planned_ends(session, factory_id=factory, started={op.id: started}) == {
        op.id: end_of[first.id]
    }
    # started before any plan was released: the first plan that holds it
    early = started - timedelta(days=1)
    assert planned_ends(session, factory_id=factory, started={op.id: early}) == {
        op.id: end_of[first.id]
    }
    # started after the second release: the second plan's end
    later = utcnow()
    assert planned_ends(session, factory_id=factory, started={op.id: later}) == {
        op.id: end_of[second.id]
    }
    assert scheduled_work_orders(session, factory_id=factory, work_order_ids={wo.id}) == {wo.id}
    # another factory's plans hold none of gz1's work
    other = w.firms["gz2"].id
    assert scheduled_work_orders(session, factory_id=other, work_order_ids={wo.id}) == set()
