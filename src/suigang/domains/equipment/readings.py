"""What the protocol adapters hand to storage: timestamped, typed readings per machine."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

# Metric names of the device profile (docs/telemetry.md), shared by every protocol adapter.
ITEM_STATE = "Machinery/ItemState"
OPERATION_MODE = "Machinery/OperationMode"
PARTS_PRODUCED = "Production/PartsProduced"
PARTS_SCRAP = "Production/PartsScrap"
PARTS_REWORK = "Production/PartsRework"
COUNTER_METRICS = (PARTS_PRODUCED, PARTS_SCRAP, PARTS_REWORK)
STATE_METRICS = (ITEM_STATE, OPERATION_MODE)
ITEM_STATES = frozenset({"NotAvailable", "OutOfService", "NotExecuting", "Executing"})
OPERATION_MODES = frozenset({"None", "Maintenance", "Setup", "Processing"})


@dataclass(frozen=True, slots=True)
class StateReading:
    """The machine's ItemState and OperationMode as of ``ts`` (metric time)."""

    machine_key: str
    ts: datetime
    item_state: str
    operation_mode: str


@dataclass(frozen=True, slots=True)
class CounterReading:
    """A cumulative counter value at ``ts``."""

    machine_key: str
    metric: str
    ts: datetime
    value: int


@dataclass(frozen=True, slots=True)
class ProcessReading:
    """A numeric process value at ``ts``."""

    machine_key: str
    metric: str
    ts: datetime
    value: float


Reading = StateReading | CounterReading | ProcessReading


# -- what fits the store ------------------------------------------------------------------

#: Column sizes of the telemetry tables (``models.py`` uses the same numbers).
MACHINE_KEY_LEN = 200
METRIC_LEN = 120
#: The range of a BIGINT column (counter values).
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1
#: Sample times the platform accepts: a machine's clock far off is a bad message, not data.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def text_problem(field: str, value: str, max_len: int) -> str | None:
    """Why ``value`` cannot be stored as the identifier ``field``, or None when it can."""
    if not value:
        return f"{field} is empty"
    if len(value) > max_len:
        return f"{field} has {len(value)} characters, at most {max_len} are stored"
    bad = next((c for c in value if ord(c) < 32 or 0x7F <= ord(c) < 0xA0), None)
    if bad is not None:
        return f"{field} {value[:40]!r} holds the control character U+{ord(bad):04X}"
    if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        return f"{field} {value[:40]!r} holds a lone surrogate (not UTF-8)"
    return None


def reading_problem(reading: Reading) -> str | None:
    """Why ``reading`` cannot be stored (a value out of its column's range, an over-long or
    control-character identifier, a time out of range), or None when it can."""
    problem = text_problem("machine key", reading.machine_key, MACHINE_KEY_LEN)
    if problem is None and not isinstance(reading, StateReading):
        problem = text_problem("metric name", reading.metric, METRIC_LEN)
    if problem is not None:
        return problem
    if not EARLIEST <= reading.ts < LATEST:
        return f"time {reading.ts.isoformat()} is outside {EARLIEST.year}..{LATEST.year - 1}"
    if isinstance(reading, StateReading):
        if reading.item_state not in ITEM_STATES:
            return f"item state {reading.item_state[:40]!r} is not one of {sorted(ITEM_STATES)}"
        if reading.operation_mode not in OPERATION_MODES:
            return f"operation mode {reading.operation_mode[:40]!r} is not known"
    elif isinstance(reading, CounterReading):
        if not BIGINT_MIN <= reading.value <= BIGINT_MAX:
            return f"{reading.metric} = {reading.value} does not fit a 64-bit signed integer"
    elif not math.isfinite(reading.value):
        return f"{reading.metric} = {reading.value} is not a finite number"
    return None
