"""A demo starts from a settled plan: the day of machine history recorded at start-up
repairs nothing for breakdowns already over, and a machine still down is announced once."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from suigang.demo.firms import DEMO_FACTORY
from suigang.domains.catalog.models import MACHINE_OUT_OF_SERVICE
from suigang.domains.equipment.models import MachineStateInterval
from suigang.domains.events.models import OutboxEvent
from suigang.domains.events.service import deliver_all
from suigang.domains.planning.models import Notification, ScheduleVersion
from suigang.domains.registry import register_subscribers
from suigang.telemetry.demo import backfill_history, registered_machines


def _count(factory: sessionmaker[Session], query) -> int:  # type: ignore[no-untyped-def]
    with factory() as s:
        return s.scalar(query) or 0


def test_history_at_start_up_leaves_the_plan_settled(sqlite_demo_now) -> None:  # type: ignore[no-untyped-def]
    """A demo built now, six hours of its factory's history, then every event delivered with
    planning listening: the plan is repaired once per machine still out of service at the
    end, none for the breakdowns that are over (each repaired it before, and its late work
    orders grew from 16 to 22 in a demo's first seconds)."""
    start, _, factory = sqlite_demo_now  # built on the clock a moment ago
    register_subscribers()
    with factory() as s:
        machines = registered_machines(s, group=DEMO_FACTORY)
        (released,) = s.scalars(select(ScheduleVersion)).all()
        late_before = released.objective["late_work_orders"]
    # the history ends as the server starts, a moment after the demo's plan was made
    assert backfill_history(factory, machines, hours=6, seed=1, now=start) > 0
    breakdowns = _count(
        factory,
        select(func.count())
        .select_from(MachineStateInterval)
        .where(MachineStateInterval.item_state == "OutOfService"),
    )
    still_down = _count(
        factory,
        select(func.count())
        .select_from(MachineStateInterval)
        .where(
            MachineStateInterval.item_state == "OutOfService", MachineStateInterval.end.is_(None)
        ),
    )
    announced = _count(
        factory,
        select(func.count())
        .select_from(OutboxEvent)
        .where(OutboxEvent.kind == MACHINE_OUT_OF_SERVICE),
    )
    assert breakdowns > still_down  # the history holds breakdowns that are over...
    assert announced == still_down  # ...and announces only those still going on
    deliver_all(factory)
    versions = _count(factory, select(func.count()).select_from(ScheduleVersion))
    assert versions == 1 + still_down  # a repair per machine actually down
    if still_down == 0:
        with factory() as s:
            (current,) = s.scalars(select(ScheduleVersion)).all()
            assert current.objective["late_work_orders"] == late_before
        assert _count(factory, select(func.count()).select_from(Notification)) == 0
