"""What the factory's released plans say about its shop floor, for figures: each operation's
planned end (plan adherence) and which work orders a plan scheduled."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.domains.planning.models import ScheduledOperation, ScheduleVersion


def planned_ends(
    session: Session, *, factory_id: uuid.UUID, started: Mapping[uuid.UUID, datetime]
) -> dict[uuid.UUID, datetime]:
    """The planned end of each operation in ``started`` (operation id → actual start): its
    end in the plan in force when it started (the last one released at or before its start),
    else in the first released plan that holds it. Operations no released plan holds are
    absent. Later repairs do not move the yardstick: adherence is to the plan worked to."""
    if not started:
        return {}
    versions = {
        v.id: v.released_at
        for v in session.scalars(
            select(ScheduleVersion).where(
                ScheduleVersion.factory_id == factory_id, ScheduleVersion.released_at.is_not(None)
            )
        )
    }
    if not versions:
        return {}
    rows = session.scalars(
        select(ScheduledOperation).where(
            ScheduledOperation.version_id.in_(list(versions)),
            ScheduledOperation.operation_id.in_(list(started)),
        )
    )
    by_op: dict[uuid.UUID, list[tuple[datetime, datetime]]] = {}
    for row in rows:
        released = versions[row.version_id]
        assert released is not None  # selected for it
        by_op.setdefault(row.operation_id, []).append((released, row.end))
    out: dict[uuid.UUID, datetime] = {}
    for op_id, plans in by_op.items():
        plans.sort()
        in_force = [end for released, end in plans if released <= started[op_id]]
        out[op_id] = in_force[-1] if in_force else plans[0][1]
    return out


def scheduled_work_orders(
    session: Session, *, factory_id: uuid.UUID, work_order_ids: Collection[uuid.UUID]
) -> set[uuid.UUID]:
    """Those of ``work_order_ids`` that a released plan of the factory has scheduled."""
    if not work_order_ids:
        return set()
    query = (
        select(ScheduledOperation.work_order_id)
        .join(ScheduleVersion, ScheduleVersion.id == ScheduledOperation.version_id)
        .where(
            ScheduleVersion.factory_id == factory_id,
            ScheduleVersion.released_at.is_not(None),
            ScheduledOperation.work_order_id.in_(list(work_order_ids)),
        )
        .distinct()
    )
    return set(session.scalars(query))
