"""Ingest bookkeeping: Sparkplug node states between restarts, running counts, batches,
dead letters."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.equipment.models import (
    DeadLetter,
    IngestStat,
    SparkplugNodeState,
)
from suigang.domains.equipment.readings import (
    Reading,
)
from suigang.domains.equipment.writer import TelemetryWriter, WriteResult, insert_for

log = logging.getLogger(__name__)


def load_node_states(
    session: Session, *, node_keys: Sequence[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Persisted Sparkplug node states by node key (for an ingest restart or a peer)."""
    stmt = select(SparkplugNodeState)
    if node_keys is not None:
        stmt = stmt.where(SparkplugNodeState.node_key.in_(list(node_keys)))
    rows = session.execute(stmt).scalars()
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


def _merge_node_states(session: Session, states: Mapping[str, Mapping[str, Any]]) -> None:
    """Merge node states into the stored ones under a row lock (peers on a shared stream)."""
    now = utcnow()
    for key, data in sorted(states.items()):
        row = session.get(SparkplugNodeState, key, with_for_update=True)
        if row is None:
            row = SparkplugNodeState(node_key=key, aliases={}, devices=[], states={})
            session.add(row)
        replace = bool(data.get("replace"))  # a new NBIRTH: what peers knew is void
        row.born = bool(data["born"])
        row.bd_seq = data["bd_seq"]
        row.last_seq = data["last_seq"]
        row.aliases = dict(data["aliases"]) if replace else {**row.aliases, **data["aliases"]}
        devices = set(data["devices"]) if replace else set(row.devices) | set(data["devices"])
        row.devices = sorted(devices)
        row.states = {**row.states, **{k: list(v) for k, v in data["states"].items()}}
        row.updated_at = now
    session.flush()


def save_node_states(
    session: Session, states: Mapping[str, Mapping[str, Any]], *, merge: bool = False
) -> None:
    """Upsert node states in one statement (flushes); ``merge`` unions with stored ones."""
    if not states:
        return
    if merge:
        _merge_node_states(session, states)
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
    stmt = insert_for(session, SparkplugNodeState)
    stmt = stmt.on_conflict_do_update(
        index_elements=[SparkplugNodeState.node_key],
        set_={c: getattr(stmt.excluded, c) for c in rows[0] if c != "node_key"},
    )
    session.execute(stmt, rows)
    session.flush()


def add_ingest_stats(session: Session, deltas: Mapping[str, int]) -> None:
    """Add to the running ingest counts, in one statement (flushes)."""
    now = utcnow()
    rows = [
        {"name": name, "count": amount, "updated_at": now}
        for name, amount in sorted(deltas.items())
        if amount
    ]
    if not rows:
        return
    stmt = insert_for(session, IngestStat)
    stmt = stmt.on_conflict_do_update(
        index_elements=[IngestStat.name],
        set_={
            "count": IngestStat.count + stmt.excluded.count,
            "updated_at": stmt.excluded.updated_at,
        },
    )
    session.execute(stmt, rows)
    session.flush()


def ingest_stats(session: Session) -> dict[str, int]:
    """All running ingest counts by name."""
    return {r.name: r.count for r in session.execute(select(IngestStat)).scalars()}


@dataclass(frozen=True, slots=True)
class Letter:
    """A message that could not be stored (whole or in part), and why."""

    received_at: datetime
    topic: str
    payload: bytes
    reason: str


def _printable(text: str, limit: int) -> str:
    """``text`` as any database stores it: no NUL, no lone surrogates, at most ``limit``."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def add_dead_letters(session: Session, letters: Sequence[Letter]) -> None:
    """Keep messages that could not be stored, with their raw payload (flushes)."""
    for letter in letters:
        session.add(
            DeadLetter(
                received_at=letter.received_at,
                topic=_printable(letter.topic, 2000),
                payload=bytes(letter.payload),
                reason=_printable(letter.reason, 4000),
            )
        )
    session.flush()


def list_dead_letters(session: Session, *, limit: int = 50) -> list[DeadLetter]:
    """The latest dead letters, newest first."""
    stmt = select(DeadLetter).order_by(DeadLetter.id.desc()).limit(limit)
    return list(session.execute(stmt).scalars())


def record_batch(
    session: Session,
    *,
    writer: TelemetryWriter,
    readings: Sequence[Reading],
    node_states: Mapping[str, Mapping[str, Any]] | None = None,
    stats: Mapping[str, int] | None = None,
    merge_node_states: bool = False,
    dead_letters: Sequence[Letter] = (),
) -> WriteResult:
    """Store one batch of readings with the ingest bookkeeping and the batch's dead letters,
    in one transaction."""
    try:
        result = writer.write(session, readings)
        if node_states:
            save_node_states(session, node_states, merge=merge_node_states)
        add_dead_letters(session, dead_letters)
        deltas: Counter[str] = Counter(stats or {})
        deltas["duplicates"] += result.duplicates
        deltas["dead_letters"] += len(dead_letters)
        add_ingest_stats(session, deltas)
        session.commit()
    except BaseException:
        session.rollback()
        writer.reset()
        raise
    return result
