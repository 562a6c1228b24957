"""Turn a factory's open work orders into a scheduling-engine instance, and back.

Time unit: one working minute of the factory calendar (see ``clock``); minute 0 is the plan
start. Machines become engine machines by index (ordered by code), work orders become jobs
(ordered by due date, then number), their open operations the job's chain in routing order.
"""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from suigang.domains.catalog.models import Machine as MachineRow
from suigang.domains.catalog.models import MachineStatus
from suigang.domains.planning.clock import WorkingClock
from suigang.domains.planning.models import (
    DEFAULT_MACHINE_DOWN_MINUTES,
    DEFAULT_SHIFTS,
    DEFAULT_TIMEZONE,
    Disruption,
    DisruptionKind,
    FactoryCalendar,
    Holiday,
    MaintenanceWindow,
    ScheduledOperation,
    SetupFamily,
    SetupTime,
)
from suigang.domains.production.models import (
    Operation,
    OperationStatus,
    WorkOrder,
    WorkOrderStatus,
)
from suigang.engines.scheduling import Instance, Job, Machine, Mode
from suigang.engines.scheduling import Operation as EngineOperation
from suigang.errors import InvalidInput

OPEN_WORK_ORDERS = (WorkOrderStatus.PLANNED, WorkOrderStatus.RELEASED, WorkOrderStatus.IN_PROGRESS)
Pin = tuple[uuid.UUID, datetime]  # machine, start


@dataclass(frozen=True, slots=True)
class CalendarSpec:
    """A factory's calendar as stored, with defaults where nothing is stored."""

    timezone: str
    shifts: tuple[tuple[int, int, int], ...]
    holidays: tuple[object, ...]
    machine_down_minutes: int

    def clock(self, origin: datetime) -> WorkingClock:
        return WorkingClock(
            origin,
            timezone=self.timezone,
            shifts=self.shifts,
            holidays=self.holidays,  # type: ignore[arg-type]
        )


def load_calendar(session: Session, factory_id: uuid.UUID) -> CalendarSpec:
    row = session.scalar(select(FactoryCalendar).where(FactoryCalendar.factory_id == factory_id))
    holidays = tuple(session.scalars(select(Holiday.day).where(Holiday.factory_id == factory_id)))
    if row is None or not row.shifts:
        return CalendarSpec(
            row.timezone if row else DEFAULT_TIMEZONE,
            DEFAULT_SHIFTS,
            holidays,
            row.machine_down_minutes if row else DEFAULT_MACHINE_DOWN_MINUTES,
        )
    shifts = tuple((int(d), int(s), int(e)) for d, s, e in row.shifts)
    return CalendarSpec(row.timezone, shifts, holidays, row.machine_down_minutes)


@dataclass
class Plan:
    """An engine instance and the maps between its indices and the stored rows."""

    factory_id: uuid.UUID
    origin: datetime
    clock: WorkingClock
    instance: Instance
    machine_ids: list[uuid.UUID]
    work_orders: list[WorkOrder]
    op_ids: list[list[uuid.UUID]]
    families: list[list[int]]
    fixed_setup: list[list[int]]  # minutes of the operation's own setup, part of its duration
    key_of: dict[uuid.UUID, tuple[int, int]] = field(default_factory=dict)

    def machine_index(self, machine_id: uuid.UUID) -> int:
        return self.machine_ids.index(machine_id)

    def without_last_job(self) -> Instance:
        return Instance(self.instance.machines, self.instance.jobs[:-1], name=self.instance.name)


def minutes(seconds: Decimal | int | float) -> int:
    """Whole minutes, rounded up (a started minute is taken)."""
    return math.ceil(Decimal(seconds) / 60)


def build_plan(
    session: Session,
    *,
    factory_id: uuid.UUID,
    origin: datetime,
    work_order_ids: set[uuid.UUID] | None = None,
    exclude: set[uuid.UUID] | None = None,
    extra: list[WorkOrder] | None = None,
    base_rows: list[ScheduledOperation] | None = None,
    frozen_until: datetime | None = None,
    pins: dict[uuid.UUID, Pin] | None = None,
    keep_all: bool = False,
    unpin_machine: uuid.UUID | None = None,
) -> Plan:
    """The factory's open work orders as an engine instance starting at ``origin``.

    ``work_order_ids`` limits the jobs, ``exclude`` drops some, ``extra`` appends unsaved
    work orders as the last jobs (a quote's product, a rush order). Running operations, the
    base plan's pinned operations, those starting before ``frozen_until``, ``pins``, and with
    ``keep_all`` every operation of the base plan, are pinned where the base plan has them;
    except on ``unpin_machine`` (a machine going down): there nothing stays pinned, and a
    running operation keeps only what is left of it, on that machine, to resume later.
    """
    cal = load_calendar(session, factory_id)
    clock = cal.clock(origin)
    machines = list(
        session.scalars(
            select(MachineRow)
            .where(MachineRow.enterprise_id == factory_id)
            .order_by(MachineRow.code)
        )
    )
    machine_ids = [m.id for m in machines]
    m_index = {m.id: k for k, m in enumerate(machines)}
    fam_rows = session.scalars(select(SetupFamily).where(SetupFamily.factory_id == factory_id))
    family_of_product = {f.product_id: f.family for f in fam_rows}
    names = sorted(set(family_of_product.values()))
    fam_index = {n: k + 1 for k, n in enumerate(names)}  # 0: no family
    matrices: dict[uuid.UUID, list[list[int]]] = {}
    for st in session.scalars(select(SetupTime).where(SetupTime.factory_id == factory_id)):
        if st.from_family in fam_index and st.to_family in fam_index:
            mat = matrices.setdefault(
                st.machine_id, [[0] * (len(names) + 1) for _ in range(len(names) + 1)]
            )
            mat[fam_index[st.from_family]][fam_index[st.to_family]] = minutes(st.setup_s)
    down: dict[int, list[tuple[int, int]]] = defaultdict(list)
    windows = session.scalars(
        select(MaintenanceWindow).where(
            MaintenanceWindow.factory_id == factory_id, MaintenanceWindow.end > clock.origin
        )
    )
    for w in windows:
        down[m_index[w.machine_id]].append((clock.to_work(w.start), clock.to_work(w.end)))
    outages = session.scalars(
        select(Disruption).where(
            Disruption.factory_id == factory_id,
            Disruption.kind == DisruptionKind.MACHINE_DOWN,
            Disruption.end > clock.origin,
        )
    )
    covered: set[int] = set()
    for d in outages:
        if d.machine_id in m_index and d.start is not None and d.end is not None:
            k = m_index[d.machine_id]
            down[k].append((clock.to_work(d.start), clock.to_work(d.end)))
            if d.start <= clock.origin:
                covered.add(k)
    for m in machines:
        k = m_index[m.id]
        if MachineStatus(m.status) is not MachineStatus.IN_SERVICE and k not in covered:
            down[k].append((0, cal.machine_down_minutes))
    engine_machines = tuple(
        Machine(
            name=m.code,
            setup_times=tuple(tuple(r) for r in matrices.get(m.id, ())),
            unavailable=_merge(down.get(m_index[m.id], [])),
        )
        for m in machines
    )
    if not engine_machines:
        raise InvalidInput("the factory has no machines to plan on")

    query = select(WorkOrder).where(
        WorkOrder.factory_id == factory_id, WorkOrder.status.in_(OPEN_WORK_ORDERS)
    )
    if work_order_ids is not None:
        query = (
            query.where(WorkOrder.id.in_(work_order_ids))
            if work_order_ids
            else query.where(false())
        )
    wos = [w for w in session.scalars(query.order_by(WorkOrder.due_date, WorkOrder.number))]
    if exclude:
        wos = [w for w in wos if w.id not in exclude]
    wos += list(extra or [])
    late: dict[uuid.UUID, int] = defaultdict(int)
    for d in session.scalars(
        select(Disruption).where(
            Disruption.factory_id == factory_id, Disruption.kind == DisruptionKind.OPERATION_LATE
        )
    ):
        if d.operation_id is not None:
            late[d.operation_id] += d.delay_min
    base = {r.operation_id: r for r in base_rows or ()}
    pins = pins or {}
    shift = _behind(wos, base, clock.origin, frozen_until, keep_all)
    jobs: list[Job] = []
    kept: list[WorkOrder] = []
    op_ids: list[list[uuid.UUID]] = []
    families: list[list[int]] = []
    fixed: list[list[int]] = []
    for wo in wos:
        open_ops = [
            o for o in wo.operations if OperationStatus(o.status) is not OperationStatus.DONE
        ]
        if not open_ops:
            continue
        fam = fam_index.get(family_of_product.get(wo.product_id, ""), 0)
        eops: list[EngineOperation] = []
        fixed_row: list[int] = []
        for op in open_ops:
            eops.append(
                _engine_op(
                    op,
                    wo,
                    fam,
                    m_index,
                    matrices,
                    late[op.id],
                    clock,
                    base.get(op.id),
                    pins.get(op.id),
                    frozen_until,
                    keep_all,
                    unpin_machine,
                    shift,
                )
            )
            fixed_row.append(minutes(op.setup_s))
        due = clock.to_work(wo.due_date)
        jobs.append(
            Job(
                tuple(eops),
                due=due,
                weight=1 + max(wo.priority, 0),
                priority=wo.priority,
                name=wo.number,
            )
        )
        kept.append(wo)
        op_ids.append([o.id for o in open_ops])
        families.append([fam] * len(open_ops))
        fixed.append(fixed_row)
    if not jobs:
        raise InvalidInput("the factory has no open work orders to plan")
    instance = Instance(engine_machines, tuple(jobs), name=f"factory {factory_id}")
    plan = Plan(
        factory_id, clock.origin, clock, instance, machine_ids, kept, op_ids, families, fixed
    )
    plan.key_of = {oid: (j, i) for j, ids in enumerate(op_ids) for i, oid in enumerate(ids)}
    return plan


def _engine_op(
    op: Operation,
    wo: WorkOrder,
    fam: int,
    m_index: dict[uuid.UUID, int],
    matrices: dict[uuid.UUID, list[list[int]]],
    late: int,
    clock: WorkingClock,
    base: ScheduledOperation | None,
    pin: Pin | None,
    frozen_until: datetime | None,
    keep_all: bool,
    unpin_machine: uuid.UUID | None,
    shift: timedelta,
) -> EngineOperation:
    modes = []
    for mid in op.eligible_machine_ids:
        k = m_index.get(uuid.UUID(str(mid)))
        if k is None:
            continue
        own_setup = 0 if (fam and uuid.UUID(str(mid)) in matrices) else minutes(op.setup_s)
        modes.append(Mode(k, own_setup + minutes(op.run_s) + late))
    if not modes:
        raise InvalidInput(
            f"operation {op.seq} ({op.name}) of work order {wo.number} has no eligible machine "
            "of this factory"
        )
    name = f"{wo.number}/{op.seq}"
    where: tuple[int, int] | None = None
    if pin is not None:
        where = (m_index[pin[0]], clock.to_work(pin[1]))
    elif base is not None and base.machine_id in m_index:
        running = OperationStatus(op.status) is OperationStatus.RUNNING
        frozen = frozen_until is not None and base.start < frozen_until
        if running or base.pinned or frozen or keep_all:
            start = base.start if running else base.start + shift
            where = (m_index[base.machine_id], clock.to_work(start))
            if running:  # what is left of it, from where it stands
                rest = max(1, clock.to_work(base.end) - where[1])
                if base.machine_id == unpin_machine:
                    return EngineOperation((Mode(where[0], rest),), fam, name=name)
                return EngineOperation((Mode(where[0], rest),), fam, where[0], where[1], name)
            if base.machine_id == unpin_machine:
                where = None
    if where is not None:
        if where[0] not in [md.machine for md in modes]:
            raise InvalidInput(f"operation {name} cannot run on the machine it is pinned to")
        return EngineOperation(tuple(modes), fam, where[0], where[1], name)
    return EngineOperation(tuple(modes), fam, name=name)


def _behind(
    wos: list[WorkOrder],
    base: dict[uuid.UUID, ScheduledOperation],
    origin: datetime,
    frozen_until: datetime | None,
    keep_all: bool,
) -> timedelta:
    """How far the kept work (pinned, frozen, or all of it) that should have started before
    ``origin`` but has not is behind: it all moves that much later as one block, keeping its
    machines and order (pinned where it was, the first of it would sit at minute 0 and
    overlap the work after it, and the plan would have no solution)."""
    waiting = [
        base[o.id].start
        for wo in wos
        for o in wo.operations
        if o.id in base
        and OperationStatus(o.status) is OperationStatus.PENDING
        and (
            base[o.id].pinned
            or keep_all
            or (frozen_until is not None and base[o.id].start < frozen_until)
        )
    ]
    earliest = min(waiting, default=origin)
    return max(origin - earliest, timedelta(0))


def _merge(intervals: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for a, b in sorted((a, b) for a, b in intervals if b > a):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return tuple(out)
