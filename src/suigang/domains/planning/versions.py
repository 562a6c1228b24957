"""Schedule versions: plan a factory, store the plan, release it (edits in ``edits``, read
views in ``views``).

A write use case commits once at its end; ``store_version`` and ``release_version`` only
flush, so the repair handlers can run them inside the outbox dispatcher's transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session, defer

from suigang.db import utcnow
from suigang.domains import numbering
from suigang.domains.common import commit_once, owned_by
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import audit, get_own, require
from suigang.domains.lifecycle import check_version
from suigang.domains.orders.models import Order, OrderStatus
from suigang.domains.planning.build import Plan, build_plan
from suigang.domains.planning.models import (
    ScheduledOperation,
    ScheduleVersion,
    VersionReason,
    VersionStatus,
)
from suigang.domains.planning.notify import FORECAST_SLIPPED, notify, slip_is_news
from suigang.domains.planning.rows import moved_between, rows_from_schedule
from suigang.engines.scheduling import (
    Objective,
    ObjectiveKind,
    Schedule,
    dispatch,
    job_completions,
    objective_values,
    solve,
)
from suigang.errors import Conflict, InvalidInput, NotFound

#: What plans minimise: weighted tardiness against promised dates first, then makespan.
PLAN_CLASH = "someone else changed this factory's plans meanwhile; reload and try again"
PLAN_OBJECTIVE = Objective((ObjectiveKind.TWT, ObjectiveKind.MAKESPAN))
_MEASURES = Objective((ObjectiveKind.MAKESPAN, ObjectiveKind.TWT, ObjectiveKind.SETUP))
Report = Callable[[float | None, str], None]


def current_version(session: Session, factory_id: uuid.UUID) -> ScheduleVersion | None:
    """The factory's released plan, if any."""
    return session.scalar(
        select(ScheduleVersion).where(
            ScheduleVersion.factory_id == factory_id,
            ScheduleVersion.status == VersionStatus.RELEASED,
        )
    )


def version_rows(session: Session, version_id: uuid.UUID) -> list[ScheduledOperation]:
    return list(
        session.scalars(
            select(ScheduledOperation)
            .where(ScheduledOperation.version_id == version_id)
            .order_by(ScheduledOperation.start, ScheduledOperation.machine_id)
        )
    )


def objective_of(plan: Plan, schedule: Schedule) -> dict[str, Any]:
    """Makespan, weighted tardiness and setup (working minutes), late and total jobs."""
    makespan, twt, setup = objective_values(plan.instance, schedule, _MEASURES)
    done = job_completions(plan.instance, schedule)
    late = sum(
        1 for j, job in enumerate(plan.instance.jobs) if job.due is not None and done[j] > job.due
    )
    return {
        "makespan_min": makespan,
        "twt_min": twt,
        "setup_min": setup,
        "late_work_orders": late,
        "work_orders": len(plan.instance.jobs),
        "operations": plan.instance.n_operations,
    }


def store_version(
    session: Session,
    *,
    plan: Plan,
    schedule: Schedule,
    actor: Actor | None,
    reason: VersionReason,
    base: ScheduleVersion | None,
    solver: str,
    pinned: set[uuid.UUID],
    frozen_until: datetime | None = None,
    note: str = "",
    base_rows: Sequence[ScheduledOperation] | None = None,
) -> ScheduleVersion:
    """Add a draft version with its rows (flushes; the use case commits). ``base_rows``: the
    base's rows when the caller has read them already."""
    stored = (
        select(func.max(ScheduleVersion.number))
        .where(ScheduleVersion.factory_id == plan.factory_id)
        .scalar_subquery()
    )
    number = numbering.next_number(session, f"plan:{plan.factory_id}", floor=stored)
    version = ScheduleVersion(
        id=uuid.uuid4(),
        factory_id=plan.factory_id,
        number=number,
        created_by=actor.user_id if actor else None,
        created_by_label=actor.label if actor else "system",
        created_at=utcnow(),
        reason=reason,
        status=VersionStatus.DRAFT,
        base_version_id=base.id if base else None,
        origin=plan.origin,
        frozen_until=frozen_until,
        solver=solver,
        objective=objective_of(plan, schedule),
        note=note,
    )
    rows = rows_from_schedule(plan, schedule, version.id, pinned)
    numbers = {wo.id: wo.number for wo in plan.work_orders}
    version.moved = []  # the first version of a factory moved nothing
    if base is not None:
        before = version_rows(session, base.id) if base_rows is None else base_rows
        version.moved = moved_between(before, rows, numbers)
    session.add(version)
    session.flush()
    # one multi-row INSERT: a plan holds hundreds of rows, and the unit of work's bookkeeping
    # per object was most of the cost of a plan under load
    table = ScheduledOperation.__table__
    assert isinstance(table, Table)
    if rows:
        session.execute(insert(table), [r._asdict() for r in rows])
    return version


def release_version(
    session: Session, version: ScheduleVersion, actor: Actor | None
) -> list[tuple[Order, datetime | None]]:
    """Make ``version`` the factory's plan; update forecasts, tell customers whose order slips
    past its promise. Returns the orders whose forecast changed with their previous forecast.
    (Flushes only.)"""
    if version.status is not VersionStatus.DRAFT:
        raise Conflict(f"plan {version.number} is {version.status.value}; only a draft is released")
    current = current_version(session, version.factory_id)
    if current is not None and version.base_version_id != current.id:
        raise Conflict(
            f"plan {version.number} was made from "
            f"{'no plan' if version.base_version_id is None else 'an older plan'}, but plan "
            f"{current.number} is the released one now; make a new plan from it"
        )
    if current is not None:
        current.status = VersionStatus.SUPERSEDED
        session.flush()
    version.status = VersionStatus.RELEASED
    version.released_at = utcnow()
    ends: dict[uuid.UUID, datetime] = {}
    for r in version_rows(session, version.id):
        if r.order_id is not None and (r.order_id not in ends or r.end > ends[r.order_id]):
            ends[r.order_id] = r.end
    changed: list[tuple[Order, datetime | None]] = []
    for order_id, end in ends.items():
        order = session.get(Order, order_id)
        if order is None or order.status not in (OrderStatus.PLACED, OrderStatus.IN_PRODUCTION):
            continue
        previous = order.forecast_date
        if previous == end:
            continue
        order.forecast_date = end
        changed.append((order, previous))
        if slip_is_news(
            session,
            order_id=order.id,
            promised=order.promised_date,
            forecast=end,
            previous=previous,
        ):
            late_h = round((end - order.promised_date).total_seconds() / 3600, 1)
            notify(
                session,
                enterprise_id=order.buyer_id,
                kind=FORECAST_SLIPPED,
                subject_id=order.id,
                message=(
                    f"Order {order.number}: the forecast completion {end:%Y-%m-%d %H:%M} UTC is "
                    f"{late_h} h after the promised {order.promised_date:%Y-%m-%d %H:%M} UTC"
                ),
                data={
                    "order_id": str(order.id),
                    "order_number": order.number,
                    "promised_date": order.promised_date.isoformat(),
                    "forecast_date": end.isoformat(),
                    "previous_forecast_date": None if previous is None else previous.isoformat(),
                    "late_hours": late_h,
                },
            )
    audit(
        session,
        actor,
        "plan.released",
        "schedule_version",
        version.id,
        number=version.number,
        forecasts_changed=len(changed),
    )
    session.flush()
    return changed


def _require_factory(
    actor: Actor, permission: str, factory_id: uuid.UUID | None = None
) -> uuid.UUID:
    fid = factory_id or actor.enterprise_id
    require(actor, permission, owned_by(fid))
    return fid


def make_plan(
    session: Session,
    *,
    actor: Actor,
    time_limit_s: float = 0.0,
    origin: datetime | None = None,
    report: Report | None = None,
    seed: int = 0,
) -> ScheduleVersion:
    """Plan the actor's factory from now: dispatching rules (``time_limit_s`` 0, instant) or
    the engine's search for ``time_limit_s`` seconds. Keeps the released plan's pins, frozen
    horizon and running operations. Stores a draft version."""
    factory_id = _require_factory(actor, "plan:write")
    if time_limit_s < 0:
        raise InvalidInput(f"time_limit_s must be >= 0, got {time_limit_s}")
    base = current_version(session, factory_id)
    base_rows = version_rows(session, base.id) if base else []
    start = origin or utcnow()
    frozen = base.frozen_until if base and base.frozen_until and base.frozen_until > start else None
    plan = build_plan(
        session, factory_id=factory_id, origin=start, base_rows=base_rows, frozen_until=frozen
    )
    pinned = {r.operation_id for r in base_rows if r.pinned}
    schedule, solver = optimise(plan, time_limit_s, report, seed)
    version = store_version(
        session,
        plan=plan,
        schedule=schedule,
        actor=actor,
        reason=VersionReason.SOLVE,
        base=base,
        solver=solver,
        pinned=pinned,
        frozen_until=frozen,
        base_rows=base_rows,
    )
    audit(session, actor, "plan.created", "schedule_version", version.id, number=version.number)
    commit_once(session, clash=PLAN_CLASH)
    return version


def optimise(
    plan: Plan, time_limit_s: float, report: Report | None, seed: int
) -> tuple[Schedule, str]:
    if time_limit_s <= 0:
        result = dispatch(plan.instance, PLAN_OBJECTIVE)
        solver = "dispatch"
    else:

        def progress(elapsed: float, value: tuple[int, ...]) -> None:
            if report is not None:
                report(
                    min(elapsed / time_limit_s, 0.99),
                    f"weighted tardiness {value[0]} min, makespan {value[1]} min",
                )

        result = solve(
            plan.instance,
            PLAN_OBJECTIVE,
            time_limit_s=time_limit_s,
            seed=seed,
            use_cpsat=False,
            on_incumbent=progress,
        )
        solver = "search"
    if result.schedule is None:
        raise Conflict(
            "no feasible plan: pinned operations clash with each other, with running work "
            "or with machine outages; remove a pin and try again"
        )
    return result.schedule, solver


def get_plan(session: Session, *, actor: Actor, plan_id: uuid.UUID) -> ScheduleVersion:
    version = get_own(session, ScheduleVersion, plan_id, actor=actor, kind="plan")
    require(actor, "plan:read", version)
    return version


def get_current_plan(session: Session, *, actor: Actor) -> ScheduleVersion:
    factory_id = _require_factory(actor, "plan:read")
    version = current_version(session, factory_id)
    if version is None:
        raise NotFound("the factory has no released plan yet")
    return version


class ListedPlan(NamedTuple):
    """A version of the list (its ``moved`` is not loaded) and how many operations it moved."""

    version: ScheduleVersion
    moved_count: int


def list_plans(session: Session, *, actor: Actor, limit: int = 50) -> list[ListedPlan]:
    """The factory's newest versions first, without their lists of moved operations."""
    factory_id = _require_factory(actor, "plan:read")
    rows = session.execute(
        select(ScheduleVersion, func.json_array_length(ScheduleVersion.moved))
        .options(defer(ScheduleVersion.moved))
        .where(ScheduleVersion.factory_id == factory_id)
        .order_by(ScheduleVersion.number.desc())
        .limit(limit)
    )
    return [ListedPlan(version, int(count or 0)) for version, count in rows]


def release_plan(
    session: Session, *, actor: Actor, plan_id: uuid.UUID, version: int | None = None
) -> ScheduleVersion:
    """Release a draft to the floor: it becomes the plan, forecasts follow it."""
    plan = get_plan(session, actor=actor, plan_id=plan_id)
    require(actor, "plan:write", plan)
    check_version("plan", plan.number, version, plan.version)
    release_version(session, plan, actor)
    commit_once(session, clash=PLAN_CLASH)
    return plan


def solve_in_worker(
    database_url: str,
    actor: Actor,
    time_limit_s: float,
    *,
    report: Report,
    seed: int = 0,
) -> str:
    """Run ``make_plan`` in a worker process (``suigang.jobs``); returns the new plan's id."""
    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory

    engine = make_engine(Settings(), url=database_url)
    try:
        with make_session_factory(engine)() as session:
            version = make_plan(
                session, actor=actor, time_limit_s=time_limit_s, report=report, seed=seed
            )
            report(1.0, f"plan {version.number} stored")
            return str(version.id)
    finally:
        engine.dispose()
