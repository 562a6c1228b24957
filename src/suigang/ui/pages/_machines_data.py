"""What the machine board and the OEE page show, read through the domain services.

Stack-light colours, the current shift and its OEE, and the work order shown on a machine's
tile; the machines, their states and planned cycles come from the equipment domain's
``machine_board``, the loss Pareto from ``engines.oee.losses``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.catalog.models import MachineStatus
from suigang.domains.equipment.service import BoardMachine, machine_oee
from suigang.domains.identity.permissions import Actor
from suigang.domains.production.models import OperationStatus, WorkOrder
from suigang.domains.production.service import list_work_orders
from suigang.engines.oee import OeeResult
from suigang.ui.components.work_orders import OPEN_WORK_ORDERS
from suigang.ui.context import SHANGHAI

SHIFT_HOURS = (0, 8, 16)  # local shift starts (Asia/Shanghai), as machine_oee splits them

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


def shift_oee(session: Session, *, actor: Actor, board: BoardMachine, now: datetime) -> OeeResult:
    """The OEE of the current shift so far."""
    start = shift_start(now)
    periods = machine_oee(
        session,
        machine_id=board.machine.id,
        start=start,
        end=max(now, start + timedelta(seconds=1)),
        granularity="shift",
        pru_s=board.pru_s,
        now=now,
        actor=actor,
    )
    return periods[-1].result


def pct(value: float | None) -> str:
    """A ratio as a percentage with one decimal; an em dash when undefined."""
    return "—" if value is None else f"{value * 100:.1f} %"
