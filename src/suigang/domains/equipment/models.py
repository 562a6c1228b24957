"""Equipment telemetry tables: state intervals, counter and process samples, ingest bookkeeping.

Rows are keyed by ``machine_key`` (the Sparkplug address ``group/node/device``, or an OPC UA
machine's key) and carry the registry's machine id where it is known. Every sample table has
a unique key on (machine, metric, time), so a duplicate delivery can never be stored twice.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Float,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from suigang.db import Base, UTCDateTime, UUIDString, utcnow
from suigang.domains.equipment.readings import MACHINE_KEY_LEN, METRIC_LEN


class MachineStateInterval(Base):
    """A span during which a machine held one ItemState and OperationMode.

    ``end`` is ``None`` for the current (open) interval. Intervals of a machine never overlap:
    each starts where a state change was timestamped and ends where the next one starts.
    """

    __tablename__ = "equipment_state_interval"
    __table_args__ = (
        UniqueConstraint("machine_key", "start"),
        Index("ix_equipment_state_interval_machine_time", "machine_key", "start", "end"),
        Index("ix_equipment_state_interval_machine_id_time", "machine_id", "start"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    machine_key: Mapped[str] = mapped_column(String(MACHINE_KEY_LEN))
    machine_id: Mapped[uuid.UUID | None] = mapped_column(UUIDString(), default=None)
    start: Mapped[datetime] = mapped_column(UTCDateTime())
    end: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    item_state: Mapped[str] = mapped_column(String(20))
    operation_mode: Mapped[str] = mapped_column(String(20), default="None")


class CounterSample(Base):
    """A reading of a cumulative part counter (``Production/PartsProduced`` ...).

    Raw cumulative values are stored; increments (and counter resets) are derived when
    counting, so duplicates, restarts and late arrivals cannot change a count.
    """

    __tablename__ = "equipment_counter_sample"
    __table_args__ = (
        UniqueConstraint("machine_key", "metric", "ts"),
        Index("ix_equipment_counter_sample_machine_id_metric_time", "machine_id", "metric", "ts"),
        Index("ix_equipment_counter_sample_ts", "ts"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    machine_key: Mapped[str] = mapped_column(String(MACHINE_KEY_LEN))
    machine_id: Mapped[uuid.UUID | None] = mapped_column(UUIDString(), default=None)
    metric: Mapped[str] = mapped_column(String(METRIC_LEN))
    ts: Mapped[datetime] = mapped_column(UTCDateTime())
    value: Mapped[int] = mapped_column(BigInteger())


class ProcessSample(Base):
    """A numeric process value (spindle load, temperature ...) at its metric timestamp."""

    __tablename__ = "equipment_process_sample"
    __table_args__ = (
        UniqueConstraint("machine_key", "metric", "ts"),
        Index("ix_equipment_process_sample_ts", "ts"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    machine_key: Mapped[str] = mapped_column(String(MACHINE_KEY_LEN))
    machine_id: Mapped[uuid.UUID | None] = mapped_column(UUIDString(), default=None)
    metric: Mapped[str] = mapped_column(String(METRIC_LEN))
    ts: Mapped[datetime] = mapped_column(UTCDateTime())
    value: Mapped[float] = mapped_column(Float())


class SparkplugNodeState(Base):
    """What the ingest knows of an edge node between restarts: birth, sequence, aliases.

    ``aliases`` maps ``"<device or ''>|<alias>"`` to ``[metric name, data type]``;
    ``devices`` lists the node's born devices; ``modes`` the last operation mode per machine.
    """

    __tablename__ = "equipment_sparkplug_node"

    node_key: Mapped[str] = mapped_column(String(MACHINE_KEY_LEN), primary_key=True)
    born: Mapped[bool] = mapped_column(default=False)
    bd_seq: Mapped[int | None] = mapped_column(BigInteger(), default=None)
    last_seq: Mapped[int | None] = mapped_column(Integer(), default=None)
    aliases: Mapped[dict[str, Any]] = mapped_column(JSON(), default=dict)
    devices: Mapped[list[str]] = mapped_column(JSON(), default=list)
    states: Mapped[dict[str, Any]] = mapped_column(JSON(), default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class IngestStat(Base):
    """A running count of one ingest event kind (messages, malformed, rebirths ...)."""

    __tablename__ = "equipment_ingest_stat"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger(), default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DeadLetter(Base):
    """A message the ingest could not store (whole or in part): its raw bytes and why.

    The ingest acknowledges it once this row is committed, so one bad message never holds
    up the ones behind it; an operator reads the reason and the payload here.
    """

    __tablename__ = "equipment_dead_letter"
    __table_args__ = (Index("ix_equipment_dead_letter_received_at", "received_at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    topic: Mapped[str] = mapped_column(Text())
    payload: Mapped[bytes] = mapped_column(LargeBinary())
    reason: Mapped[str] = mapped_column(Text())
