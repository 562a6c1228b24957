"""Instance building (families, setup matrices, maintenance), an operation running late,
a planner's pin, the comparison of two plans, and releasing from a superseded base.

Same world and clock as test_planning_flow: for 40 units rough milling is 10 min setup +
60 min run, finish milling 5 + 31 min, and NOW is Tuesday 02:00 UTC inside a shift.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from suigang.domains.planning import calendar, disrupt, edits, service, views
from suigang.domains.planning.build import build_plan
from suigang.domains.planning.models import Disruption, ScheduledOperation
from suigang.domains.production.models import Operation, OperationStatus
from suigang.errors import Conflict
from tests.domains.planning.test_planning_flow import NOW, at, place_order, plan_and_release
from tests.world import build_world

WEDNESDAY = (NOW + timedelta(days=1)).date()  # the local date after NOW's Tuesday


def test_families_setup_matrix_and_maintenance_shape_the_instance(session) -> None:  # type: ignore[no-untyped-def]
    """With a family and a CNC1 matrix, CNC1 charges the matrix (2 min AL→AL) instead of the
    step's own setup: rough is 60 min there and 10 + 60 on CNC2; maintenance on CNC2 from
    NOW + 1 h to NOW + 3 h is working minutes 60–180."""
    w = build_world(session)
    gz = w.actor("gz1")
    cnc1, cnc2 = (m.id for m in w.machines["gz1"])
    calendar.set_setup_family(session, actor=gz, product_id=w.products["gz1"].id, family="AL")
    calendar.set_setup_matrix(session, actor=gz, machine_id=cnc1, setups={("AL", "AL"): 120})
    calendar.add_maintenance(session, actor=gz, machine_id=cnc2, start=at(60), end=at(180))
    place_order(session, w, "hk1", 40, at(500))
    plan = build_plan(session, factory_id=w.firms["gz1"].id, origin=NOW)
    m1, m2 = plan.instance.machines
    assert (m1.setup_times, m1.unavailable) == (((0, 0), (0, 2)), ())
    assert (m2.setup_times, m2.unavailable) == ((), ((60, 180),))
    rough, finish = plan.instance.jobs[0].operations
    assert [(md.machine, md.duration) for md in rough.modes] == [(0, 60), (1, 70)]
    assert [(md.machine, md.duration) for md in finish.modes] == [(0, 31)]
    assert (rough.family, plan.instance.jobs[0].due) == (1, 500)


def test_operation_late_pushes_the_forecast(session) -> None:  # type: ignore[no-untyped-def]
    """Finish milling 30 min late: the order ends at 106 + 30 = 136."""
    w = build_world(session)
    order = place_order(session, w, "hk1", 40, at(106))
    base = plan_and_release(session, w)
    finish = session.scalars(
        select(ScheduledOperation)
        .where(ScheduledOperation.version_id == base.id)
        .order_by(ScheduledOperation.start.desc())
    ).first()
    version = disrupt.report_operation_late(
        session, actor=w.actor("gz1"), operation_id=finish.operation_id, delay_minutes=30, now=NOW
    )
    session.refresh(order)
    assert order.forecast_date == at(136)
    assert [m["operation_id"] for m in version.moved] == []  # same start, it only runs longer


def test_pin_compare_and_release_from_a_superseded_base(session) -> None:  # type: ignore[no-untyped-def]
    """Pinning finish milling at NOW + 200 min makes a draft ending at 236; the comparison
    shows one operation moved and the order 130 min later. Once the pinned draft is
    released, a draft made from the older plan can no longer be released."""
    w = build_world(session)
    gz = w.actor("gz1")
    order = place_order(session, w, "hk1", 40, at(300))
    base = plan_and_release(session, w)
    rows = service.version_rows(session, base.id)
    finish = max(rows, key=lambda r: r.start)
    other = service.make_plan(session, actor=gz, origin=NOW)  # a second draft from the base
    pinned = edits.pin_operation(
        session,
        actor=gz,
        plan_id=base.id,
        version=base.version,
        operation_id=finish.operation_id,
        machine_id=finish.machine_id,
        start=at(200),
        now=NOW,
    )
    new_rows = {r.operation_id: r for r in service.version_rows(session, pinned.id)}
    assert (new_rows[finish.operation_id].start, new_rows[finish.operation_id].pinned) == (
        at(200),
        True,
    )
    cmp = views.compare_plans(session, actor=gz, a=base.id, b=pinned.id)
    assert (cmp.moved, cmp.makespan_change_min) == (1, 130)
    assert [(c.order_number, c.change_min) for c in cmp.orders] == [(order.number, 130)]
    service.release_plan(session, actor=gz, plan_id=pinned.id, version=pinned.version)
    session.refresh(order)
    assert order.forecast_date == at(236)
    with pytest.raises(Conflict, match=f"plan {pinned.number} is the released one now"):
        service.release_plan(session, actor=gz, plan_id=other.id, version=other.version)


def test_machine_down_interrupts_the_running_operation(session) -> None:  # type: ignore[no-untyped-def]
    """Rough milling runs on its machine from NOW (70 min); that machine breaks at NOW + 10
    until NOW + 130. The 60 min left resume at 130 (190), finish milling follows: 226."""
    w = build_world(session)
    order = place_order(session, w, "hk1", 40, at(500))
    base = plan_and_release(session, w)
    rough = min(service.version_rows(session, base.id), key=lambda r: r.start)
    op = session.get(Operation, rough.operation_id)
    op.status = OperationStatus.RUNNING
    session.commit()
    version = disrupt.report_machine_down(
        session,
        actor=w.actor("gz1"),
        machine_id=rough.machine_id,
        start=at(10),
        until=at(130),
        now=at(10),
    )
    assert version is not None
    rows = {r.operation_id: r for r in service.version_rows(session, version.id)}
    assert (rows[rough.operation_id].start, rows[rough.operation_id].end) == (at(130), at(190))
    session.refresh(order)
    assert order.forecast_date == at(226)


def test_breakdown_off_shift_costs_the_first_working_hours(session) -> None:  # type: ignore[no-untyped-def]
    """CNC1 breaks at 01:00 on Wednesday (local), outside the 08:00–24:00 shifts, with no
    return time given: the estimated 240 min of repair are working minutes, so it is back at
    12:00 local, 11 h after the breakdown (not at 05:00, before the shift even starts)."""
    w = build_world(session)
    cnc1 = w.machines["gz1"][0]
    night = NOW + timedelta(hours=15)  # Tuesday 10:00 local + 15 h
    disrupt.repair_machine_down(
        session, machine=cnc1, start=night, end=None, actor=None, source="test", now=night
    )
    outage = session.scalar(select(Disruption).where(Disruption.machine_id == cnc1.id))
    assert (outage.start, outage.end) == (night, night + timedelta(hours=11))


def test_calendar_holiday_and_refusals(session) -> None:  # type: ignore[no-untyped-def]
    """A Wednesday holiday (local date) skips a whole day: on Tuesday 14 working hours are
    left after NOW, so minute 850 is Thursday 00:10 UTC. A shift ending before it starts is
    refused with its values; a front shop may not set a factory calendar."""

    from suigang.errors import InvalidInput, PermissionDenied

    w = build_world(session)
    calendar.add_holiday(session, actor=w.actor("gz1"), day=WEDNESDAY, name="test day")
    place_order(session, w, "hk1", 40, at(500))
    plan = build_plan(session, factory_id=w.firms["gz1"].id, origin=NOW)
    assert plan.clock.to_wall(850) == at(850 + 32 * 60)  # Tue 16:00 → Thu 00:00 UTC: off
    with pytest.raises(InvalidInput, match=r"shift \(0, 600, 300\)"):
        calendar.set_calendar(session, actor=w.actor("gz1"), shifts=[(0, 600, 300)])
    with pytest.raises(PermissionDenied):
        calendar.set_calendar(session, actor=w.actor("hk1"), shifts=[(0, 0, 1440)])
    spec = calendar.set_calendar(
        session, actor=w.actor("gz1m"), shifts=[(0, 480, 960)], machine_down_minutes=60
    )
    assert (spec.shifts, spec.machine_down_minutes, spec.holidays) == (
        ((0, 480, 960),),
        60,
        (WEDNESDAY,),
    )


def test_a_clashing_version_number_is_a_conflict_and_rolls_back(session) -> None:  # type: ignore[no-untyped-def]
    """Two plans numbered alike (what two concurrent planners would write) cannot both be
    stored: the second commit is a Conflict and leaves only the first plan."""
    from sqlalchemy import func

    from suigang.domains.common import commit_once
    from suigang.domains.planning.models import ScheduleVersion

    w = build_world(session)
    place_order(session, w, "hk1", 40, at(500))
    first = service.make_plan(session, actor=w.actor("gz1"), origin=NOW)
    session.add(
        ScheduleVersion(
            factory_id=first.factory_id, number=first.number, reason="solve", origin=NOW
        )
    )
    with pytest.raises(Conflict, match="someone else changed this factory's plans"):
        commit_once(session, clash=service.PLAN_CLASH)
    assert session.scalar(select(func.count()).select_from(ScheduleVersion)) == 1


def test_freezing_later_keeps_work_due_before_now_on_its_machine(session) -> None:  # type: ignore[no-untyped-def]
    """Planned at NOW and frozen two minutes later: the frozen work due to start at NOW has not
    started, so all of it moves 2 minutes later as one block, on the same machines (pinned where
    it was, the first operation sat at minute 0 over the work after it: no plan at all)."""
    w = build_world(session)
    gz = w.actor("gz1")
    for buyer in ("hk1", "hk2"):
        place_order(session, w, buyer, 40, at(600))
    base = plan_and_release(session, w)
    before = service.version_rows(session, base.id)
    first = min(before, key=lambda r: r.start)
    frozen = edits.freeze_plan(
        session, actor=gz, plan_id=base.id, version=base.version, until=at(300), now=at(2)
    )
    after = {r.operation_id: r for r in service.version_rows(session, frozen.id)}
    assert first.start == NOW
    assert after[first.operation_id].machine_id == first.machine_id
    assert after[first.operation_id].start == at(2)
    assert {after[r.operation_id].start - r.start for r in before if r.start < at(300)} == {
        timedelta(minutes=2)
    }
