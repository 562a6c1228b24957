"""Equipment telemetry use cases: store readings, query states, counts and OEE, purge.

Writers flush; the use cases that end a unit of work (``record_batch``, ``purge_telemetry``)
commit once. Storage lives in :mod:`.writer` and :mod:`.bookkeeping`; their public names are
re-exported here so callers import from one place.
"""

from __future__ import annotations

__all__ = [
    "MACHINE_OUT_OF_SERVICE",
    "BoardMachine",
    "Letter",
    "MachineResolver",
    "OeePeriod",
    "OutOfServiceHook",
    "TelemetryWriter",
    "WriteResult",
    "add_dead_letters",
    "add_ingest_stats",
    "authorize_machine_read",
    "counter_increments",
    "counter_totals",
    "current_states",
    "emit_out_of_service",
    "ingest_stats",
    "list_dead_letters",
    "load_node_states",
    "machine_board",
    "machine_oee",
    "machine_states",
    "purge_telemetry",
    "record_batch",
    "reporting_span",
    "resolve_registered_machine",
    "resolve_registered_machines",
    "save_node_states",
]

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from itertools import pairwise
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, delete, func, select
from sqlalchemy.orm import Session

from suigang.config import Settings
from suigang.db import utcnow
from suigang.domains.catalog.models import MACHINE_OUT_OF_SERVICE, Machine
from suigang.domains.equipment.addresses import (
    emit_out_of_service,
    resolve_registered_machine,
    resolve_registered_machines,
)
from suigang.domains.equipment.board import BoardMachine, current_states, machine_board
from suigang.domains.equipment.bookkeeping import (
    Letter,
    add_dead_letters,
    add_ingest_stats,
    ingest_stats,
    list_dead_letters,
    load_node_states,
    record_batch,
    save_node_states,
)
from suigang.domains.equipment.models import (
    CounterSample,
    MachineStateInterval,
    ProcessSample,
)
from suigang.domains.equipment.readings import (
    PARTS_PRODUCED,
    PARTS_REWORK,
    PARTS_SCRAP,
)
from suigang.domains.equipment.writer import (
    MachineResolver,
    OutOfServiceHook,
    TelemetryWriter,
    WriteResult,
)
from suigang.domains.identity.permissions import Actor, can
from suigang.engines.oee import (
    ItemState,
    OeeInput,
    OeeResult,
    OperationMode,
    Period,
    Quantities,
    StateInterval,
    compute,
)
from suigang.errors import InvalidInput, NotFound

log = logging.getLogger(__name__)
LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def _machine_filter(column_key: Any, column_id: Any, machine: uuid.UUID | str) -> Any:
    """Rows of a machine given by key, or by registry id (its rows linked by id or address)."""
    if not isinstance(machine, uuid.UUID):
        return column_key == machine
    return column_id == machine


def authorize_machine_read(
    session: Session, *, actor: Actor, machine_id: uuid.UUID | str
) -> Machine:
    """The registry machine if ``actor`` may read its telemetry (``machine:read``).

    Another firm's machine is reported as not found, so its existence does not leak.
    """
    if not isinstance(machine_id, uuid.UUID):
        raise InvalidInput(f"machine_id must be a registry machine id, got {machine_id!r}")
    machine = session.get(Machine, machine_id)
    if machine is None or not can(actor, "machine:read", machine):
        raise NotFound(f"machine {machine_id} not found")
    return machine


def _resolve_filter(
    session: Session, column_key: Any, column_id: Any, machine: uuid.UUID | str
) -> Any:
    """A registry machine's rows are those stamped with its id when they arrived: what its
    address carried before it took the address (another firm's machine, say) is not its."""
    if isinstance(machine, uuid.UUID) and session.get(Machine, machine) is None:
        raise NotFound(f"machine {machine} not found")
    return _machine_filter(column_key, column_id, machine)


def _check_window(start: datetime, end: datetime) -> None:
    if start.tzinfo is None or end.tzinfo is None:
        raise InvalidInput("start and end must be timezone-aware")
    if end <= start:
        raise InvalidInput(f"end {end.isoformat()} is not after start {start.isoformat()}")


def machine_states(
    session: Session,
    *,
    machine_id: uuid.UUID | str,
    start: datetime,
    end: datetime,
    actor: Actor | None = None,
) -> list[MachineStateInterval]:
    """State intervals overlapping ``[start, end)``; ``machine_id`` is a UUID or machine key.

    With ``actor``, the machine must be one the actor may read (else ``NotFound``). Rows
    the session loaded before are refreshed: an interval it holds as open may have been
    closed since by the next state change, which this query also returns.
    """
    _check_window(start, end)
    if actor is not None:
        authorize_machine_read(session, actor=actor, machine_id=machine_id)
    m = MachineStateInterval
    stmt = (
        select(m)
        .where(_resolve_filter(session, m.machine_key, m.machine_id, machine_id))
        .where(m.start < end)
        .where((m.end.is_(None)) | (m.end > start))
        .order_by(m.start)
        .execution_options(populate_existing=True)
    )
    return list(session.execute(stmt).scalars())


def _increments(
    session: Session, *, machine_id: uuid.UUID | str, metric: str, start: datetime, end: datetime
) -> Any:
    """Subquery ``(ts, inc)`` of a cumulative counter's samples up to ``end`` that follow
    another one (the last one at or before ``start`` is their first predecessor): the value
    minus the previous sample's; a value below the previous one is a counter reset and counts
    in full. Computed in the database (a shift holds tens of thousands of samples)."""
    c = CounterSample
    who = _resolve_filter(session, c.machine_key, c.machine_id, machine_id)
    before = select(func.max(c.ts)).where(who, c.metric == metric, c.ts <= start).scalar_subquery()
    samples = (
        select(c.ts, c.value, func.lag(c.value).over(order_by=c.ts).label("prev"))
        # one range: from the last sample at or before start (none: start itself)
        .where(who, c.metric == metric, c.ts >= func.coalesce(before, start), c.ts <= end)
        .subquery()
    )
    inc = case(
        (samples.c.value >= samples.c.prev, samples.c.value - samples.c.prev),
        else_=samples.c.value,
    )
    return select(samples.c.ts, inc.label("inc")).where(samples.c.prev.is_not(None)).subquery()


def counter_increments(
    session: Session,
    *,
    machine_id: uuid.UUID | str,
    metric: str,
    start: datetime,
    end: datetime,
    actor: Actor | None = None,
) -> list[tuple[datetime, int]]:
    """(time, increment) of a cumulative counter for samples in ``(start, end]``.

    The increment of a sample is its value minus the previous sample's; a value below the
    previous one is a counter reset and counts in full. The first sample ever is a baseline.
    With ``actor``, the machine must be one the actor may read (else ``NotFound``).
    """
    _check_window(start, end)
    if actor is not None:
        authorize_machine_read(session, actor=actor, machine_id=machine_id)
    inc = _increments(session, machine_id=machine_id, metric=metric, start=start, end=end)
    rows = session.execute(select(inc.c.ts, inc.c.inc).where(inc.c.ts > start).order_by(inc.c.ts))
    return [(ts, int(value)) for ts, value in rows]


def counter_totals(
    session: Session,
    *,
    machine_id: uuid.UUID | str,
    metric: str,
    periods: Sequence[tuple[datetime, datetime]],
) -> list[int]:
    """The sum of a counter's increments (as :func:`counter_increments` counts them) for the
    samples in each period ``(start, end]``, summed in the database."""
    if not periods:
        return []
    start, end = min(a for a, _ in periods), max(b for _, b in periods)
    _check_window(start, end)
    inc = _increments(session, machine_id=machine_id, metric=metric, start=start, end=end)
    bucket = case(
        *((and_(inc.c.ts > a, inc.c.ts <= b), k) for k, (a, b) in enumerate(periods)),
        else_=-1,
    )
    tagged = select(bucket.label("k"), inc.c.inc).subquery()
    sums = dict(
        session.execute(select(tagged.c.k, func.sum(tagged.c.inc)).group_by(tagged.c.k)).all()
    )
    return [int(sums.get(k) or 0) for k in range(len(periods))]


def _periods(
    start: datetime,
    end: datetime,
    granularity: Literal["shift", "day"] | None,
    shift_hours: Sequence[int],
) -> list[tuple[datetime, datetime]]:
    if granularity is None:
        return [(start, end)]
    if granularity not in ("shift", "day"):
        raise InvalidInput(f"granularity must be shift or day, got {granularity!r}")
    hours = sorted(set(shift_hours)) if granularity == "shift" else [0]
    if not hours or any(not 0 <= h < 24 for h in hours):
        raise InvalidInput(f"shift start hours must be within 0..23, got {list(shift_hours)}")
    bounds: list[datetime] = []
    day = start.astimezone(LOCAL_TZ).date() - timedelta(days=1)
    while True:
        for h in hours:
            t = datetime.combine(day, time(h), tzinfo=LOCAL_TZ)
            if start < t < end:
                bounds.append(t)
        if datetime.combine(day, time(0), tzinfo=LOCAL_TZ) > end:
            break
        day += timedelta(days=1)
    edges = [start, *bounds, end]
    return list(pairwise(edges))


@dataclass(frozen=True, slots=True)
class OeePeriod:
    """The OEE of one machine over one period."""

    start: datetime
    end: datetime
    result: OeeResult


def machine_oee(
    session: Session,
    *,
    machine_id: uuid.UUID | str,
    start: datetime,
    end: datetime,
    granularity: Literal["shift", "day"] | None = None,
    pru_s: float | None = None,
    planned_down: Sequence[Period] = (),
    shift_hours: Sequence[int] = (0, 8, 16),
    now: datetime | None = None,
    actor: Actor | None = None,
) -> list[OeePeriod]:
    """ISO 22400 OEE per period (whole window, local shifts or local days, Asia/Shanghai).

    ``pru_s`` (planned run time per unit, from the routing) and ``planned_down`` (from the
    factory calendar) are the caller's; an open current interval runs until ``now``. With
    ``actor``, the machine must be one the actor may read (else ``NotFound``).
    """
    _check_window(start, end)
    if actor is not None:
        authorize_machine_read(session, actor=actor, machine_id=machine_id)
    now = now or utcnow()
    rows = machine_states(session, machine_id=machine_id, start=start, end=end)
    intervals = tuple(
        StateInterval(
            start=r.start,
            end=r.end or max(r.start, min(now, end)),
            item_state=ItemState(r.item_state),
            operation_mode=OperationMode(r.operation_mode),
        )
        for r in rows
    )
    periods = _periods(start, end, granularity, shift_hours)
    counts = {
        metric: counter_totals(session, machine_id=machine_id, metric=metric, periods=periods)
        for metric in (PARTS_PRODUCED, PARTS_SCRAP, PARTS_REWORK)
    }
    out: list[OeePeriod] = []
    for k, (p_start, p_end) in enumerate(periods):
        totals = {m: per_period[k] for m, per_period in counts.items()}
        produced = totals[PARTS_PRODUCED]
        scrap = min(totals[PARTS_SCRAP], produced)
        rework = min(totals[PARTS_REWORK], produced - scrap)
        data = OeeInput(
            start=p_start,
            end=p_end,
            intervals=intervals,
            pru_s=pru_s,
            planned_down=tuple(planned_down),
            quantities=Quantities(produced=produced, scrap=scrap, rework=rework),
        )
        out.append(OeePeriod(p_start, p_end, compute(data)))
    return out


def purge_telemetry(
    session: Session, *, settings: Settings, now: datetime | None = None
) -> dict[str, int]:
    """Delete telemetry older than ``settings.telemetry_retention_days``; commits."""
    cutoff = (now or utcnow()) - timedelta(days=settings.telemetry_retention_days)
    statements: dict[str, Any] = {
        "counter_samples": delete(CounterSample).where(CounterSample.ts < cutoff),
        "process_samples": delete(ProcessSample).where(ProcessSample.ts < cutoff),
        "state_intervals": delete(MachineStateInterval).where(
            MachineStateInterval.end.is_not(None), MachineStateInterval.end < cutoff
        ),
    }
    removed: dict[str, int] = {}
    for name, stmt in statements.items():
        result: Any = session.execute(stmt)
        removed[name] = int(result.rowcount or 0)
    session.commit()
    return removed


def reporting_span(
    session: Session, *, machine_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[datetime, datetime]]:
    """When each registered machine first and last reported a state change or a count
    (machines that never reported are absent); for figures across a factory (the maturity
    proposals: which machines report, and over which window their OEE means something)."""
    out: dict[uuid.UUID, tuple[datetime, datetime]] = {}
    if not machine_ids:
        return out
    ids = list(machine_ids)
    for owner, column in (
        (MachineStateInterval.machine_id, MachineStateInterval.start),
        (CounterSample.machine_id, CounterSample.ts),
    ):
        rows = session.execute(
            select(owner, func.min(column), func.max(column)).where(owner.in_(ids)).group_by(owner)
        ).all()
        for machine_id, first, last in rows:
            if machine_id is None or first is None or last is None:
                continue
            held = out.get(machine_id)
            out[machine_id] = (
                (first, last) if held is None else (min(held[0], first), max(held[1], last))
            )
    return out
