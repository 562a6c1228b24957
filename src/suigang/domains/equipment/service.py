"""Equipment telemetry use cases: store readings idempotently, query states, counts and OEE.

Writers flush; the use cases that end a unit of work (``record_batch``, ``purge_telemetry``)
commit once. Every insert is ``ON CONFLICT DO NOTHING`` on a (machine, metric, time) key, so
a redelivered message or a restarted ingest can never count anything twice.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from itertools import pairwise
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from suigang.config import Settings
from suigang.db import utcnow
from suigang.domains.catalog.models import Machine
from suigang.domains.equipment.models import (
    CounterSample,
    IngestStat,
    MachineStateInterval,
    ProcessSample,
    SparkplugNodeState,
)
from suigang.domains.equipment.readings import (
    PARTS_PRODUCED,
    PARTS_REWORK,
    PARTS_SCRAP,
    CounterReading,
    ProcessReading,
    Reading,
    StateReading,
)
from suigang.domains.events.service import emit
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

OUT_OF_SERVICE = "OutOfService"
#: Outbox event kind written when a machine enters OutOfService.
MACHINE_OUT_OF_SERVICE = "machine.out_of_service"
LOCAL_TZ = ZoneInfo("Asia/Shanghai")

#: Called in the writing transaction when a machine enters OutOfService:
#: ``(session, machine_key, machine_id, since)``.
OutOfServiceHook = Callable[[Session, str, uuid.UUID | None, datetime], None]
#: Resolves a machine key to the registry's machine id (``None`` when not registered).
MachineResolver = Callable[[Session, str], uuid.UUID | None]


def _insert(session: Session, model: type[Any]) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


_STAGE_COLUMNS = ("machine_key", "machine_id", "metric", "ts", "value")


def _insert_ignoring_duplicates(
    session: Session, model: type[Any], rows: list[dict[str, Any]]
) -> int:
    """Insert sample rows, skipping those whose (machine, metric, time) is stored; count new.

    On PostgreSQL the rows go through COPY into a temporary staging table and one
    ``INSERT ... SELECT ... ON CONFLICT DO NOTHING``: an order of magnitude faster than
    multi-row VALUES for ingest batches.
    """
    if session.get_bind().dialect.name != "postgresql":
        stmt = _insert(session, model).on_conflict_do_nothing().returning(model.id)
        return len(session.execute(stmt, rows).all())
    table = model.__tablename__
    value_type = "bigint" if model is CounterSample else "double precision"
    stage = f"stage_{table}"
    cols = ", ".join(_STAGE_COLUMNS)
    raw: Any = session.connection().connection.driver_connection
    with raw.cursor() as cur:
        cur.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {stage} (machine_key text, machine_id text, "
            f"metric text, ts timestamptz, value {value_type}) ON COMMIT DELETE ROWS"
        )
        with cur.copy(f"COPY {stage} ({cols}) FROM STDIN") as copy:
            for r in rows:
                mid = r["machine_id"]
                copy.write_row(
                    (
                        r["machine_key"],
                        None if mid is None else str(mid),
                        r["metric"],
                        r["ts"],
                        r["value"],
                    )
                )
        cur.execute(
            f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {stage} "
            "ON CONFLICT (machine_key, metric, ts) DO NOTHING"
        )
        inserted = int(cur.rowcount)
        cur.execute(f"TRUNCATE {stage}")
    return inserted


@dataclass
class WriteResult:
    """What one call to :meth:`TelemetryWriter.write` stored."""

    stored: int = 0
    duplicates: int = 0
    state_changes: int = 0


@dataclass
class _Open:
    start: datetime
    item_state: str
    operation_mode: str


@dataclass
class TelemetryWriter:
    """Stores readings; caches each machine's latest interval to spare queries.

    After a failed transaction call :meth:`reset` (the cache may hold rolled-back rows).
    """

    on_out_of_service: OutOfServiceHook | None = None
    resolve_machine: MachineResolver | None = None
    #: How long "not in the registry" is believed before asking again.
    unknown_machine_ttl: timedelta = timedelta(seconds=60)
    _latest: dict[str, _Open | None] = field(default_factory=dict)
    _ids: dict[str, tuple[uuid.UUID | None, datetime]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.on_out_of_service is None:
            self.on_out_of_service = emit_out_of_service
        if self.resolve_machine is None:
            self.resolve_machine = resolve_registered_machine

    def reset(self) -> None:
        """Forget cached state (after a rollback)."""
        self._latest.clear()
        self._ids.clear()

    def machine_id(self, session: Session, machine_key: str) -> uuid.UUID | None:
        """The registry id of a machine key (cached; unknown keys are asked again later)."""
        now = utcnow()
        cached = self._ids.get(machine_key)
        if cached is not None and (cached[0] is not None or cached[1] > now):
            return cached[0]
        resolver = self.resolve_machine
        found = resolver(session, machine_key) if resolver else None
        self._ids[machine_key] = (found, now + self.unknown_machine_ttl)
        return found

    def write(self, session: Session, readings: Iterable[Reading]) -> WriteResult:
        """Store readings (flushes, does not commit)."""
        result = WriteResult()
        counters: list[dict[str, Any]] = []
        process: list[dict[str, Any]] = []
        states: list[StateReading] = []
        for r in readings:
            if isinstance(r, CounterReading):
                counters.append(self._row(session, r.machine_key, r.metric, r.ts, r.value))
            elif isinstance(r, ProcessReading):
                process.append(self._row(session, r.machine_key, r.metric, r.ts, r.value))
            else:
                states.append(r)
        for model, rows in ((CounterSample, counters), (ProcessSample, process)):
            if not rows:
                continue
            unique = list({(d["machine_key"], d["metric"], d["ts"]): d for d in rows}.values())
            inserted = _insert_ignoring_duplicates(session, model, unique)
            result.stored += inserted
            result.duplicates += len(rows) - inserted
        by_machine: dict[str, list[StateReading]] = {}
        for st in states:
            by_machine.setdefault(st.machine_key, []).append(st)
        closes: list[dict[str, Any]] = []
        opens: list[dict[str, Any]] = []
        for key, mine in by_machine.items():
            mine.sort(key=lambda st: st.ts)
            latest = self._load_latest(session, key)
            result.stored += len(mine)
            if latest is not None and mine[0].ts <= latest.start:
                for st in mine:  # out of order: fit each change into the stored timeline
                    result.state_changes += self._state(session, st)
                continue
            result.state_changes += self._append(session, key, latest, mine, closes, opens)
        if closes:
            table: Any = MachineStateInterval.__table__
            session.connection().execute(
                update(table)
                .where(table.c.machine_key == bindparam("k"), table.c.start == bindparam("s"))
                .values(end=bindparam("e")),
                closes,
            )
        if opens:
            session.execute(_insert(session, MachineStateInterval).on_conflict_do_nothing(), opens)
        session.flush()
        return result

    def _append(
        self,
        session: Session,
        key: str,
        latest: _Open | None,
        mine: list[StateReading],
        closes: list[dict[str, Any]],
        opens: list[dict[str, Any]],
    ) -> int:
        """Changes later than everything stored: close the open interval, chain new ones."""
        current = latest
        new: list[dict[str, Any]] = []
        for st in mine:
            if current is not None and (current.item_state, current.operation_mode) == (
                st.item_state,
                st.operation_mode,
            ):
                continue
            if new:
                new[-1]["end"] = st.ts
            elif current is not None:
                closes.append({"k": key, "s": current.start, "e": st.ts})
            new.append(
                {
                    "machine_key": key,
                    "machine_id": self.machine_id(session, key),
                    "start": st.ts,
                    "end": None,
                    "item_state": st.item_state,
                    "operation_mode": st.operation_mode,
                }
            )
            current = _Open(st.ts, st.item_state, st.operation_mode)
            if st.item_state == OUT_OF_SERVICE:
                self._notify(session, st)
        self._latest[key] = current
        opens.extend(new)
        return len(new)

    def _row(
        self, session: Session, key: str, metric: str, ts: datetime, value: Any
    ) -> dict[str, Any]:
        return {
            "machine_key": key,
            "machine_id": self.machine_id(session, key),
            "metric": metric,
            "ts": ts,
            "value": value,
        }

    def _load_latest(self, session: Session, key: str) -> _Open | None:
        if key not in self._latest:
            row = session.execute(
                select(MachineStateInterval)
                .where(MachineStateInterval.machine_key == key)
                .order_by(MachineStateInterval.start.desc())
                .limit(1)
            ).scalar_one_or_none()
            self._latest[key] = (
                None if row is None else _Open(row.start, row.item_state, row.operation_mode)
            )
        return self._latest[key]

    def _state(self, session: Session, s: StateReading) -> int:
        """Apply one state reading; returns 1 when it changed the stored timeline."""
        key, ts = s.machine_key, s.ts
        pair = (s.item_state, s.operation_mode)
        latest = self._load_latest(session, key)
        if latest is not None and ts >= latest.start:
            if (latest.item_state, latest.operation_mode) == pair:
                return 0
            if ts == latest.start:  # two states at one instant: the later message wins
                self._set_state(session, key, ts, s)
                latest.item_state, latest.operation_mode = pair
                return 1
            session.execute(
                update(MachineStateInterval)
                .where(MachineStateInterval.machine_key == key)
                .where(MachineStateInterval.start == latest.start)
                .values(end=ts)
            )
            self._open(session, s, end=None)
            self._latest[key] = _Open(ts, *pair)
            return 1
        # Earlier than the latest stored change: fit it into the timeline.
        prev = session.execute(
            select(MachineStateInterval)
            .where(MachineStateInterval.machine_key == key, MachineStateInterval.start <= ts)
            .order_by(MachineStateInterval.start.desc())
            .limit(1)
        ).scalar_one_or_none()
        if prev is not None and (prev.item_state, prev.operation_mode) == pair:
            return 0
        if prev is not None and prev.start == ts:
            self._set_state(session, key, ts, s)
            return 1
        nxt = session.execute(
            select(MachineStateInterval.start)
            .where(MachineStateInterval.machine_key == key, MachineStateInterval.start > ts)
            .order_by(MachineStateInterval.start)
            .limit(1)
        ).scalar_one_or_none()
        if prev is not None:
            prev.end = ts
        self._open(session, s, end=nxt)
        return 1

    def _set_state(self, session: Session, key: str, ts: datetime, s: StateReading) -> None:
        session.execute(
            update(MachineStateInterval)
            .where(MachineStateInterval.machine_key == key, MachineStateInterval.start == ts)
            .values(item_state=s.item_state, operation_mode=s.operation_mode)
        )
        if s.item_state == OUT_OF_SERVICE:
            self._notify(session, s)

    def _open(self, session: Session, s: StateReading, *, end: datetime | None) -> None:
        stmt = (
            _insert(session, MachineStateInterval)
            .values(
                machine_key=s.machine_key,
                machine_id=self.machine_id(session, s.machine_key),
                start=s.ts,
                end=end,
                item_state=s.item_state,
                operation_mode=s.operation_mode,
            )
            .on_conflict_do_nothing()
        )
        session.execute(stmt)
        if s.item_state == OUT_OF_SERVICE:
            self._notify(session, s)

    def _notify(self, session: Session, s: StateReading) -> None:
        if self.on_out_of_service is not None:
            self.on_out_of_service(
                session, s.machine_key, self.machine_id(session, s.machine_key), s.ts
            )


# -- ingest bookkeeping ---------------------------------------------------------------


def load_node_states(session: Session) -> dict[str, dict[str, Any]]:
    """Persisted Sparkplug node states by node key (for an ingest restart)."""
    rows = session.execute(select(SparkplugNodeState)).scalars()
    return {
        r.node_key: {
            "born": r.born,
            "bd_seq": r.bd_seq,
            "last_seq": r.last_seq,
            "aliases": r.aliases,
            "devices": r.devices,
            "states": r.states,
        }
        for r in rows
    }


def save_node_states(session: Session, states: Mapping[str, Mapping[str, Any]]) -> None:
    """Upsert node states in one statement (flushes)."""
    if not states:
        return
    now = utcnow()
    rows = [
        {
            "node_key": key,
            "born": bool(data["born"]),
            "bd_seq": data["bd_seq"],
            "last_seq": data["last_seq"],
            "aliases": dict(data["aliases"]),
            "devices": list(data["devices"]),
            "states": {k: list(v) for k, v in data["states"].items()},
            "updated_at": now,
        }
        for key, data in sorted(states.items())
    ]
    stmt = _insert(session, SparkplugNodeState)
    stmt = stmt.on_conflict_do_update(
        index_elements=[SparkplugNodeState.node_key],
        set_={c: getattr(stmt.excluded, c) for c in rows[0] if c != "node_key"},
    )
    session.execute(stmt, rows)
    session.flush()


def add_ingest_stats(session: Session, deltas: Mapping[str, int]) -> None:
    """Add to the running ingest counts (flushes)."""
    now = utcnow()
    for name, amount in sorted(deltas.items()):
        if not amount:
            continue
        stmt = _insert(session, IngestStat).values(name=name, count=amount, updated_at=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=[IngestStat.name],
            set_={"count": IngestStat.count + stmt.excluded.count, "updated_at": now},
        )
        session.execute(stmt)
    session.flush()


def ingest_stats(session: Session) -> dict[str, int]:
    """All running ingest counts by name."""
    return {r.name: r.count for r in session.execute(select(IngestStat)).scalars()}


def record_batch(
    session: Session,
    *,
    writer: TelemetryWriter,
    readings: Sequence[Reading],
    node_states: Mapping[str, Mapping[str, Any]] | None = None,
    stats: Mapping[str, int] | None = None,
) -> WriteResult:
    """Store one batch of readings with the ingest bookkeeping, in one transaction."""
    try:
        result = writer.write(session, readings)
        if node_states:
            save_node_states(session, node_states)
        deltas: Counter[str] = Counter(stats or {})
        deltas["duplicates"] += result.duplicates
        add_ingest_stats(session, deltas)
        session.commit()
    except BaseException:
        session.rollback()
        writer.reset()
        raise
    return result


# -- queries --------------------------------------------------------------------------


def resolve_registered_machine(session: Session, machine_key: str) -> uuid.UUID | None:
    """The registry machine for a key: its Sparkplug ``group/node/device``, or its id."""
    parts = machine_key.split("/")
    if len(parts) == 3:
        found = session.execute(
            select(Machine.id).where(
                Machine.sparkplug_group == parts[0],
                Machine.sparkplug_node == parts[1],
                Machine.sparkplug_device == parts[2],
            )
        ).scalar_one_or_none()
        return found
    try:
        ident = uuid.UUID(machine_key)
    except ValueError:
        return None
    return ident if session.get(Machine, ident) is not None else None


def emit_out_of_service(
    session: Session, machine_key: str, machine_id: uuid.UUID | None, since: datetime
) -> None:
    """Outbox event ``machine.out_of_service`` in the writing transaction (planning listens)."""
    enterprise_id = None
    if machine_id is not None:
        machine = session.get(Machine, machine_id)
        enterprise_id = machine.enterprise_id if machine is not None else None
    emit(
        session,
        kind=MACHINE_OUT_OF_SERVICE,
        enterprise_id=enterprise_id,
        subject_id=machine_id or machine_key,
        machine_key=machine_key,
        since=since.isoformat(),
    )


def _machine_filter(column_key: Any, column_id: Any, machine: uuid.UUID | str) -> Any:
    """Rows of a machine given by key, or by registry id (its rows linked by id or address)."""
    if not isinstance(machine, uuid.UUID):
        return column_key == machine
    return column_id == machine


def _resolve_filter(
    session: Session, column_key: Any, column_id: Any, machine: uuid.UUID | str
) -> Any:
    if isinstance(machine, uuid.UUID):
        registered = session.get(Machine, machine)
        if registered is None:
            raise NotFound(f"machine {machine} not found")
        address = registered.sparkplug_address
        if address is not None:
            return (column_id == machine) | (column_key == address)
    return _machine_filter(column_key, column_id, machine)


def _check_window(start: datetime, end: datetime) -> None:
    if start.tzinfo is None or end.tzinfo is None:
        raise InvalidInput("start and end must be timezone-aware")
    if end <= start:
        raise InvalidInput(f"end {end.isoformat()} is not after start {start.isoformat()}")


def machine_states(
    session: Session, *, machine_id: uuid.UUID | str, start: datetime, end: datetime
) -> list[MachineStateInterval]:
    """State intervals overlapping ``[start, end)``; ``machine_id`` is a UUID or machine key."""
    _check_window(start, end)
    m = MachineStateInterval
    stmt = (
        select(m)
        .where(_resolve_filter(session, m.machine_key, m.machine_id, machine_id))
        .where(m.start < end)
        .where((m.end.is_(None)) | (m.end > start))
        .order_by(m.start)
    )
    return list(session.execute(stmt).scalars())


def current_states(
    session: Session, *, machine_keys: Sequence[str] | None = None
) -> list[MachineStateInterval]:
    """The open interval (current state) of every machine, or of the given ones."""
    m = MachineStateInterval
    stmt = select(m).where(m.end.is_(None)).order_by(m.machine_key)
    if machine_keys is not None:
        stmt = stmt.where(m.machine_key.in_(list(machine_keys)))
    return list(session.execute(stmt).scalars())


def counter_increments(
    session: Session,
    *,
    machine_id: uuid.UUID | str,
    metric: str,
    start: datetime,
    end: datetime,
) -> list[tuple[datetime, int]]:
    """(time, increment) of a cumulative counter for samples in ``(start, end]``.

    The increment of a sample is its value minus the previous sample's; a value below the
    previous one is a counter reset and counts in full. The first sample ever is a baseline.
    """
    _check_window(start, end)
    c = CounterSample
    who = _resolve_filter(session, c.machine_key, c.machine_id, machine_id)
    before = session.execute(
        select(c.value).where(who, c.metric == metric, c.ts <= start).order_by(c.ts.desc()).limit(1)
    ).scalar_one_or_none()
    rows = session.execute(
        select(c.ts, c.value)
        .where(who, c.metric == metric, c.ts > start, c.ts <= end)
        .order_by(c.ts)
    ).all()
    out: list[tuple[datetime, int]] = []
    previous = before
    for ts, value in rows:
        if previous is not None:
            out.append((ts, value - previous if value >= previous else value))
        previous = value
    return out


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
) -> list[OeePeriod]:
    """ISO 22400 OEE per period (whole window, local shifts or local days, Asia/Shanghai).

    ``pru_s`` (planned run time per unit, from the routing) and ``planned_down`` (from the
    factory calendar) are the caller's; an open current interval runs until ``now``.
    """
    _check_window(start, end)
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
    counts = {
        metric: counter_increments(
            session, machine_id=machine_id, metric=metric, start=start, end=end
        )
        for metric in (PARTS_PRODUCED, PARTS_SCRAP, PARTS_REWORK)
    }
    out: list[OeePeriod] = []
    for p_start, p_end in _periods(start, end, granularity, shift_hours):
        totals = {m: sum(d for t, d in inc if p_start < t <= p_end) for m, inc in counts.items()}
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
