"""What the protocol adapters hand to storage: timestamped, typed readings per machine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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
