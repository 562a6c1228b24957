"""What the machine board and the OEE page show, read through the domain services.

Stack-light colours, the current shift, the work order shown on a machine's tile, the
planned run time per unit of a machine (from its routings) and the loss Pareto.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from statistics import median_low

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.catalog.models import (
    Machine,
    MachineStatus,
    RoutingStep,
    routing_step_machine,
)
from suigang.domains.catalog.service import list_machines
from suigang.domains.equipment.models import MachineStateInterval
from suigang.domains.equipment.service import current_states, machine_oee
from suigang.domains.identity.permissions import Actor
from suigang.domains.production.models import OperationStatus, WorkOrder, WorkOrderStatus
from suigang.domains.production.service import list_work_orders
from suigang.engines.oee import OeeResult
from suigang.ui.context import SHANGHAI

SHIFT_HOURS = (0, 8, 16)  # local shift starts (Asia/Shanghai), as machine_oee splits them
OPEN_WORK_ORDERS = (WorkOrderStatus.IN_PROGRESS, WorkOrderStatus.RELEASED, WorkOrderStatus.PLANNED)

# stack-light colour (name, CSS colour) by what the machine is doing
LIGHTS = {
    "green": "#16a34a",
    "blue": "#2563eb",
    "yellow": "#eab308",
    "red": "#dc2626",
    "grey": "#9ca3af",
}


def clock() -> datetime:
    """Now (UTC); one place, so the pages can be shown at a fixed time."""
    return utcnow()


def stack_light(item_state: str | None, operation_mode: str | None) -> str:
    """Green producing, blue executing otherwise (setup), yellow idle, red down, grey unknown."""
    if item_state == "Executing":
        return "green" if operation_mode == "Processing" else "blue"
    if item_state == "NotExecuting":
        return "yellow"
    if item_state == "OutOfService":
        return "red"
    return "grey"


def registry_light(status: MachineStatus) -> str:
    """The light of a machine the registry holds out of production: red out of service,
    grey in maintenance."""
    return "red" if status is MachineStatus.OUT_OF_SERVICE else "grey"


def shift_start(now: datetime) -> datetime:
    """The start of the local shift that ``now`` falls in (UTC)."""
    local = now.astimezone(SHANGHAI)
    hour = max(h for h in SHIFT_HOURS if h <= local.hour)
    return datetime.combine(local.date(), time(hour), tzinfo=SHANGHAI).astimezone(now.tzinfo)


def window_start(now: datetime, days: int) -> datetime:
    """Local midnight ``days - 1`` days before today: the window of the last ``days`` days."""
    local = now.astimezone(SHANGHAI).date() - timedelta(days=days - 1)
    return datetime.combine(local, time(0), tzinfo=SHANGHAI).astimezone(now.tzinfo)


def planned_unit_time(session: Session, *, machine_id: uuid.UUID) -> float | None:
    """The machine's planned run time per unit (PRU, seconds): the median of the routing
    steps that may run on it; None when no routing names it."""
    rows = session.scalars(
        select(RoutingStep.run_s_per_unit)
        .join(routing_step_machine, routing_step_machine.c.routing_step_id == RoutingStep.id)
        .where(routing_step_machine.c.machine_id == machine_id)
    ).all()
    return float(median_low([float(r) for r in rows])) if rows else None


@dataclass(frozen=True)
class MachineWork:
    """The work order shown for a machine: a running operation, else the next open one."""

    work_order_id: uuid.UUID
    number: str
    operation: str
    running: bool


def work_by_machine(session: Session, *, actor: Actor) -> dict[str, MachineWork]:
    """Per machine id (str), the work order of the earliest running operation that may use
    it, else of its earliest pending one (work orders by due date, operations by sequence).

    Operations are not yet assigned to one machine, so "on the machine" means "among its
    eligible machines".
    """
    running: dict[str, MachineWork] = {}
    pending: dict[str, MachineWork] = {}
    orders: list[WorkOrder] = []
    for status in OPEN_WORK_ORDERS:
        offset = 0
        while True:
            page, total = list_work_orders(
                session, actor=actor, status=status, offset=offset, limit=200
            )
            orders += page
            offset += len(page)
            if not page or offset >= total:
                break
    orders.sort(key=lambda w: (w.due_date, w.number))
    for wo in orders:
        for op in sorted(wo.operations, key=lambda o: o.seq):
            if op.status is OperationStatus.DONE:
                continue
            is_running = op.status is OperationStatus.RUNNING
            target = running if is_running else pending
            for machine_id in op.eligible_machine_ids:
                target.setdefault(
                    str(machine_id), MachineWork(wo.id, wo.number, op.name, is_running)
                )
    return {**pending, **running}


def own_machines(session: Session, *, actor: Actor) -> list[Machine]:
    """Every machine of the actor's factory, by code."""
    machines: list[Machine] = []
    while True:
        page, total = list_machines(session, actor=actor, offset=len(machines), limit=500)
        machines += page
        if not page or len(machines) >= total:
            return machines


def live_states(session: Session, machines: list[Machine]) -> dict[uuid.UUID, MachineStateInterval]:
    """The current state interval of each machine that has reported a state (the latest one
    where a machine reported under more than one address)."""
    out: dict[uuid.UUID, MachineStateInterval] = {}
    for s in current_states(session, machine_ids=[m.id for m in machines]):
        if s.machine_id is not None and (
            s.machine_id not in out or s.start > out[s.machine_id].start
        ):
            out[s.machine_id] = s
    return out


def shift_oee(session: Session, *, actor: Actor, machine: Machine, now: datetime) -> OeeResult:
    """The OEE of the current shift so far."""
    start = shift_start(now)
    periods = machine_oee(
        session,
        machine_id=machine.id,
        start=start,
        end=max(now, start + timedelta(seconds=1)),
        granularity="shift",
        pru_s=planned_unit_time(session, machine_id=machine.id),
        now=now,
        actor=actor,
    )
    return periods[-1].result


LOSS_KEYS = ("adet", "adot", "aust", "speed", "quality", "unknown")


def losses(result: OeeResult, pru_s: float | None) -> list[tuple[str, float]]:
    """Time lost (seconds) per ISO 22400 element, largest first, zero losses left out.

    Breakdown (ADET), idle (ADOT), setup (AUST), speed loss (APT − PRU·PQ: slower cycles
    than planned), quality loss (PRU·(PQ − GQ): time spent on scrap and rework) and time
    without a reported state. Speed and quality losses need the PRU.
    """
    e, q = result.elements, result.quantities
    values = {"adet": e.adet, "adot": e.adot, "aust": e.aust, "unknown": e.unknown}
    if pru_s is not None:
        values["speed"] = max(0.0, e.apt - pru_s * q.produced)
        values["quality"] = pru_s * (q.scrap + q.rework)
    order = {k: i for i, k in enumerate(LOSS_KEYS)}
    kept = [(k, v) for k, v in values.items() if v > 0]
    return sorted(kept, key=lambda kv: (-kv[1], order[kv[0]]))


def pct(value: float | None) -> str:
    """A ratio as a percentage with one decimal; an em dash when undefined."""
    return "—" if value is None else f"{value * 100:.1f} %"
