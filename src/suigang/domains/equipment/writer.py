"""Storing readings: idempotent sample inserts, the state timeline, registry links (which
machine holds an address, and its service events, are :mod:`.addresses`).

Every insert is ``ON CONFLICT DO NOTHING`` on a (machine, metric, time) key, so a redelivered
message or a restarted ingest can never store anything twice. The writer flushes; the use
case around it commits.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.equipment.addresses import (
    emit_back_in_service,
    emit_out_of_service,
    resolve_registered_machine,
    resolve_registered_machines,
)
from suigang.domains.equipment.models import (
    CounterSample,
    MachineStateInterval,
    ProcessSample,
)
from suigang.domains.equipment.readings import (
    CounterReading,
    ProcessReading,
    Reading,
    StateReading,
)

log = logging.getLogger(__name__)


OUT_OF_SERVICE = "OutOfService"

#: Called in the writing transaction when a machine enters (or leaves) OutOfService:
#: ``(session, machine_key, machine_id, since)``.
OutOfServiceHook = Callable[[Session, str, uuid.UUID | None, datetime], None]
#: Resolves a machine key to the registry's machine id (``None`` when not registered).
MachineResolver = Callable[[Session, str], uuid.UUID | None]


def insert_for(session: Session, model: type[Any]) -> Any:
    """The dialect's INSERT (with ``on_conflict_do_nothing``/``_do_update``) for ``model``."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


_STAGE_COLUMNS = ("machine_key", "machine_id", "metric", "ts", "value")


def _insert_ignoring_duplicates(
    session: Session, model: type[Any], rows: list[dict[str, Any]]
) -> int:
    """Insert sample rows, skipping those whose (machine, metric, time) is stored; count new.

    On PostgreSQL the rows travel as five arrays in one ``INSERT ... SELECT * FROM unnest(...)
    ON CONFLICT DO NOTHING``: one round trip per batch, several times faster than multi-row
    VALUES.
    """
    if session.get_bind().dialect.name != "postgresql":
        stmt = insert_for(session, model).on_conflict_do_nothing().returning(model.id)
        return len(session.execute(stmt, rows).all())
    table = model.__tablename__
    value_type = "bigint" if model is CounterSample else "float8"
    cols = ", ".join(_STAGE_COLUMNS)
    keys, ids, metrics, times, values = [], [], [], [], []
    for r in rows:
        mid = r["machine_id"]
        keys.append(r["machine_key"])
        ids.append(None if mid is None else str(mid))
        metrics.append(r["metric"])
        times.append(r["ts"])
        values.append(r["value"])
    raw: Any = session.connection().connection.driver_connection
    with raw.cursor() as cur:
        cur.execute(
            f"INSERT INTO {table} ({cols}) SELECT * FROM unnest("
            f"%s::text[], %s::text[], %s::text[], %s::timestamptz[], %s::{value_type}[]) "
            "ON CONFLICT (machine_key, metric, ts) DO NOTHING",
            (keys, ids, metrics, times, values),
        )
        inserted = int(cur.rowcount)
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
    machine_id: uuid.UUID | None = None


@dataclass
class TelemetryWriter:
    """Stores readings; caches each machine's latest interval to spare queries.

    After a failed transaction call :meth:`reset` (the cache may hold rolled-back rows).
    """

    on_out_of_service: OutOfServiceHook | None = None
    on_back_in_service: OutOfServiceHook | None = None
    resolve_machine: MachineResolver | None = None
    #: How long "not in the registry" is believed before asking again.
    unknown_machine_ttl: timedelta = timedelta(seconds=60)
    #: False when several writers share machines (shared subscriptions): each batch then
    #: reads the latest states afresh under a per-machine lock instead of trusting a cache.
    cache_latest: bool = True
    _latest: dict[str, _Open | None] = field(default_factory=dict)
    _ids: dict[str, tuple[uuid.UUID | None, datetime]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.on_out_of_service is None:
            self.on_out_of_service = emit_out_of_service
        if self.on_back_in_service is None:
            self.on_back_in_service = emit_back_in_service
        if self.resolve_machine is None:
            self.resolve_machine = resolve_registered_machine

    def reset(self) -> None:
        """Forget cached state (after a rollback)."""
        self._latest.clear()
        self._ids.clear()

    def machine_id(self, session: Session, machine_key: str) -> uuid.UUID | None:
        """The registry id of a machine key (cached for one batch: an address that changes
        hands is stamped with its new holder's id from the next batch on)."""
        now = utcnow()
        cached = self._ids.get(machine_key)
        if cached is not None and (cached[0] is not None or cached[1] > now):
            return cached[0]
        resolver = self.resolve_machine
        found = resolver(session, machine_key) if resolver else None
        self._ids[machine_key] = (found, now + self.unknown_machine_ttl)
        return found

    def prefetch(self, session: Session, machine_keys: Iterable[str]) -> None:
        """Load ids and latest intervals of machines not cached yet, in two queries."""
        now = utcnow()
        keys = set(machine_keys)
        unresolved = sorted(
            k
            for k in keys
            if k not in self._ids or (self._ids[k][0] is None and self._ids[k][1] <= now)
        )
        if unresolved and self.resolve_machine is resolve_registered_machine:
            found = resolve_registered_machines(session, unresolved)
            for k in unresolved:
                self._ids[k] = (found.get(k), now + self.unknown_machine_ttl)
        missing = sorted(k for k in keys if k not in self._latest)
        for chunk in (missing[i : i + 500] for i in range(0, len(missing), 500)):
            m = MachineStateInterval
            last = (
                select(m.machine_key, func.max(m.start).label("start"))
                .where(m.machine_key.in_(chunk))
                .group_by(m.machine_key)
                .subquery()
            )
            rows = session.execute(
                select(m.machine_key, m.start, m.item_state, m.operation_mode, m.machine_id).join(
                    last, (m.machine_key == last.c.machine_key) & (m.start == last.c.start)
                )
            ).all()
            for key in chunk:
                self._latest[key] = None
            for key, start, state, mode, owner in rows:
                self._latest[key] = _Open(start, state, mode, owner)

    def write(self, session: Session, readings: Iterable[Reading]) -> WriteResult:
        """Store readings (flushes, does not commit)."""
        result = WriteResult()
        readings = list(readings)
        self._ids.clear()  # who holds each address is read afresh for every batch
        if not self.cache_latest:
            self._latest.clear()
            if session.get_bind().dialect.name == "postgresql":
                for key in sorted({r.machine_key for r in readings if isinstance(r, StateReading)}):
                    session.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))
        self.prefetch(session, {r.machine_key for r in readings})
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
            session.execute(
                insert_for(session, MachineStateInterval).on_conflict_do_nothing(), opens
            )
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
        owner = self.machine_id(session, key)
        new: list[dict[str, Any]] = []
        for st in mine:
            if (
                current is not None
                and (current.item_state, current.operation_mode)
                == (st.item_state, st.operation_mode)
                and current.machine_id == owner  # a new holder of the address: a new interval
            ):
                continue
            if new:
                new[-1]["end"] = st.ts
            elif current is not None:
                closes.append({"k": key, "s": current.start, "e": st.ts})
            new.append(
                {
                    "machine_key": key,
                    "machine_id": owner,
                    "start": st.ts,
                    "end": None,
                    "item_state": st.item_state,
                    "operation_mode": st.operation_mode,
                }
            )
            was_out = current is not None and current.item_state == OUT_OF_SERVICE
            current = _Open(st.ts, st.item_state, st.operation_mode, owner)
            if st.item_state == OUT_OF_SERVICE:
                self._notify(session, st)
            elif was_out and self.on_back_in_service is not None:
                self.on_back_in_service(
                    session, st.machine_key, self.machine_id(session, st.machine_key), st.ts
                )
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
                None
                if row is None
                else _Open(row.start, row.item_state, row.operation_mode, row.machine_id)
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
            self._latest[key] = _Open(ts, *pair, self.machine_id(session, key))
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
            insert_for(session, MachineStateInterval)
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
