"""Planned run time per unit of each machine, from the routing steps that may run on it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median_low

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.domains.catalog.models import Machine, RoutingStep, routing_step_machine


@dataclass(frozen=True, slots=True)
class PlannedUnitTime:
    """A machine's planned run time per unit (PRU, ISO 22400) and its Sparkplug address."""

    machine_id: uuid.UUID
    sparkplug_address: str | None  # group/node/device, None when not all three are set
    pru_s: float | None  # None when no routing step names the machine


def planned_unit_times(
    session: Session,
    *,
    machine_ids: Sequence[uuid.UUID] | None = None,
    sparkplug_group: str | None = None,
) -> list[PlannedUnitTime]:
    """The PRU of each machine (the median-low run time per unit of the routing steps that
    may run on it), of the given machines or of those addressed in ``sparkplug_group``; the
    caller has checked that it may read them (the board, the OEE page) or is the system (the
    demo's simulator)."""
    query = (
        select(Machine, RoutingStep.run_s_per_unit)
        .outerjoin(routing_step_machine, routing_step_machine.c.machine_id == Machine.id)
        .outerjoin(RoutingStep, RoutingStep.id == routing_step_machine.c.routing_step_id)
    )
    if machine_ids is not None:
        query = query.where(Machine.id.in_(list(machine_ids)))
    if sparkplug_group is not None:
        query = query.where(
            Machine.sparkplug_group == sparkplug_group,
            Machine.sparkplug_node.is_not(None),
            Machine.sparkplug_device.is_not(None),
        )
    machines: dict[uuid.UUID, Machine] = {}
    runs: dict[uuid.UUID, list[float]] = {}
    for machine, run_s in session.execute(query).all():
        machines[machine.id] = machine
        values = runs.setdefault(machine.id, [])
        if run_s is not None:
            values.append(float(run_s))
    return [
        PlannedUnitTime(m.id, m.sparkplug_address, median_low(runs[m.id]) if runs[m.id] else None)
        for m in sorted(machines.values(), key=lambda m: m.code)
    ]
