"""Manual control: pin an operation, freeze a horizon, re-plan the rest as a new draft.

An edit names the row version of the plan it was made from; the edit bumps that version, so
a second edit from the same copy is refused (409) instead of silently merged.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from suigang.db import utcnow
from suigang.domains.common import commit_once
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import audit, require
from suigang.domains.lifecycle import check_version
from suigang.domains.planning.build import Pin, build_plan
from suigang.domains.planning.models import ScheduleVersion, VersionReason, VersionStatus
from suigang.domains.planning.rows import moved_between
from suigang.domains.planning.versions import (
    PLAN_CLASH,
    get_plan,
    optimise,
    store_version,
    version_rows,
)
from suigang.errors import InvalidInput


def _edit(
    session: Session,
    *,
    actor: Actor,
    plan_id: uuid.UUID,
    version: int | None,
    pins: dict[uuid.UUID, Pin] | None = None,
    frozen_until: datetime | None = None,
    time_limit_s: float = 0.0,
    what: str,
    now: datetime | None = None,
) -> ScheduleVersion:
    source = get_plan(session, actor=actor, plan_id=plan_id)
    require(actor, "plan:write", source)
    if version is None:
        raise InvalidInput("version is required: send the version of the plan you edited")
    check_version("plan", source.number, version, source.version)
    rows = version_rows(session, source.id)
    frozen = frozen_until or source.frozen_until
    plan = build_plan(
        session,
        factory_id=source.factory_id,
        origin=now or utcnow(),
        work_order_ids=None,
        base_rows=rows,
        frozen_until=frozen,
        pins=pins,
    )
    pinned = {r.operation_id for r in rows if r.pinned} | set(pins or {})
    schedule, solver = optimise(plan, time_limit_s, None, 0)
    base = (
        source
        if source.status is VersionStatus.RELEASED
        else (
            session.get(ScheduleVersion, source.base_version_id) if source.base_version_id else None
        )
    )
    new = store_version(
        session,
        plan=plan,
        schedule=schedule,
        actor=actor,
        reason=VersionReason.MANUAL,
        base=base,
        solver=solver,
        pinned=pinned,
        frozen_until=frozen,
        note=what,
    )
    new.moved = moved_between(
        rows, version_rows(session, new.id), {w.id: w.number for w in plan.work_orders}
    )
    _touch(session, source)
    audit(
        session, actor, "plan.edited", "schedule_version", new.id, source=source.number, what=what
    )
    commit_once(session, clash=PLAN_CLASH)
    return new


def _touch(session: Session, version: ScheduleVersion) -> None:
    """Count an edit made from ``version`` as a change to it, so a second edit made from the
    same copy is refused as stale."""
    flag_modified(version, "note")
    session.flush()


def pin_operation(
    session: Session,
    *,
    actor: Actor,
    plan_id: uuid.UUID,
    version: int | None,
    operation_id: uuid.UUID,
    machine_id: uuid.UUID,
    start: datetime,
    time_limit_s: float = 0.0,
    now: datetime | None = None,
) -> ScheduleVersion:
    """Pin an operation to a machine and start time and re-plan the rest (a new draft)."""
    if start.tzinfo is None:
        raise InvalidInput(f"start {start.isoformat()} must be timezone-aware")
    return _edit(
        session,
        actor=actor,
        plan_id=plan_id,
        version=version,
        pins={operation_id: (machine_id, start)},
        time_limit_s=time_limit_s,
        what=f"pinned operation {operation_id} to machine {machine_id} at {start.isoformat()}",
        now=now,
    )


def freeze_plan(
    session: Session,
    *,
    actor: Actor,
    plan_id: uuid.UUID,
    version: int | None,
    until: datetime,
    time_limit_s: float = 0.0,
    now: datetime | None = None,
) -> ScheduleVersion:
    """Keep every operation starting before ``until`` where it is, re-plan the rest."""
    if until.tzinfo is None:
        raise InvalidInput(f"until {until.isoformat()} must be timezone-aware")
    return _edit(
        session,
        actor=actor,
        plan_id=plan_id,
        version=version,
        frozen_until=until,
        time_limit_s=time_limit_s,
        what=f"froze the plan until {until.isoformat()}",
        now=now,
    )
