"""Inputs and outputs of the OEE engine: machine states, counts and the ISO 22400-2 figures."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from itertools import pairwise


class ItemState(StrEnum):
    """``Machinery/ItemState`` after OPC 40001-1 (MachineryItemState)."""

    NOT_AVAILABLE = "NotAvailable"
    OUT_OF_SERVICE = "OutOfService"
    NOT_EXECUTING = "NotExecuting"
    EXECUTING = "Executing"


class OperationMode(StrEnum):
    """``Machinery/OperationMode`` after OPC 40001-1 (MachineryOperationMode)."""

    NONE = "None"
    MAINTENANCE = "Maintenance"
    SETUP = "Setup"
    PROCESSING = "Processing"


class TimeElement(StrEnum):
    """The ISO 22400-2 time element a state interval contributes to.

    ``UNKNOWN`` is time inside the planned busy time for which the machine reported
    ``NotAvailable`` (no connection, node dead): ISO 22400-2 has no element for it, so it is
    reported separately and lowers availability like any other non-production time.
    """

    APT = "apt"
    AUST = "aust"
    ADET = "adet"
    ADOT = "adot"
    UNKNOWN = "unknown"


def classify(item_state: ItemState, operation_mode: OperationMode) -> TimeElement:
    """Map a state × mode pair to its time element (OPC 40501-1 Annex C.2).

    Executing+Processing → APT, Executing+Setup → AUST, NotExecuting → ADOT,
    OutOfService → ADET. Two pairs Annex C.2 leaves open are decided here: Executing with
    mode ``None`` (a machine that does not report a mode) counts as production, Executing in
    ``Maintenance`` (unplanned, since planned maintenance comes from the calendar) as delay.
    """
    if item_state is ItemState.EXECUTING:
        if operation_mode is OperationMode.SETUP:
            return TimeElement.AUST
        if operation_mode is OperationMode.MAINTENANCE:
            return TimeElement.ADET
        return TimeElement.APT
    if item_state is ItemState.NOT_EXECUTING:
        return TimeElement.ADOT
    if item_state is ItemState.OUT_OF_SERVICE:
        return TimeElement.ADET
    return TimeElement.UNKNOWN


def _aware(name: str, value: datetime) -> None:
    if value.tzinfo is None:
        raise ValueError(f"{name} {value.isoformat()} is naive: give a timezone-aware time")


def _count(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")


@dataclass(frozen=True, slots=True)
class Period:
    """A half-open time span ``[start, end)``, e.g. a planned downtime from the calendar."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        _aware("start", self.start)
        _aware("end", self.end)
        if self.end < self.start:
            raise ValueError(f"end {self.end.isoformat()} is before start {self.start.isoformat()}")


@dataclass(frozen=True, slots=True)
class StateInterval:
    """A span during which a machine held one item state and operation mode.

    ``produced``, ``scrap`` and ``rework`` are the parts counted during the span; they are
    dated by the span's end (when the counter was read).
    """

    start: datetime
    end: datetime
    item_state: ItemState
    operation_mode: OperationMode = OperationMode.NONE
    produced: int = 0
    scrap: int = 0
    rework: int = 0

    def __post_init__(self) -> None:
        Period(self.start, self.end)
        if not isinstance(self.item_state, ItemState):
            raise ValueError(f"item_state must be an ItemState, got {self.item_state!r}")
        if not isinstance(self.operation_mode, OperationMode):
            raise ValueError(
                f"operation_mode must be an OperationMode, got {self.operation_mode!r}"
            )
        _count("produced", self.produced)
        _count("scrap", self.scrap)
        _count("rework", self.rework)
        if self.scrap + self.rework > self.produced:
            raise ValueError(
                f"scrap {self.scrap} + rework {self.rework} exceed produced {self.produced} "
                f"in the interval starting {self.start.isoformat()}"
            )


@dataclass(frozen=True, slots=True)
class OeeInput:
    """One machine over one window: its states, the calendar's planned downtime and the PRU.

    The window ``[start, end)`` is the planned operation time (POT). ``pru_s`` is the planned
    run time per unit in seconds (from the routing); ``None`` leaves the speed-based KPIs
    undefined. Intervals must not overlap; the parts of them outside the window are ignored.
    ``quantities``, when given, are the window's counts and replace the intervals' own (for
    callers that count parts separately from states, e.g. from counter samples).
    """

    start: datetime
    end: datetime
    intervals: tuple[StateInterval, ...]
    pru_s: float | None
    planned_down: tuple[Period, ...] = ()
    quantities: Quantities | None = None

    def __post_init__(self) -> None:
        Period(self.start, self.end)
        if self.pru_s is not None and (not math.isfinite(self.pru_s) or self.pru_s <= 0):
            raise ValueError(f"pru_s must be a positive number of seconds, got {self.pru_s!r}")
        ordered = sorted(self.intervals, key=lambda iv: (iv.start, iv.end))
        for before, after in pairwise(ordered):
            if after.start < before.end:
                raise ValueError(
                    f"intervals overlap: one ends {before.end.isoformat()}, the next starts "
                    f"{after.start.isoformat()}"
                )
        object.__setattr__(self, "intervals", tuple(ordered))


@dataclass(frozen=True, slots=True)
class TimeElements:
    """ISO 22400-2 time elements of one machine and window, in seconds.

    PBT = POT − PDOT; AUPT = APT + AUST; AUBT = AUPT + ADET; AOET = AUBT + ADOT
    (as OPC 40501-1 C.2.3 derives it). ``unknown`` is planned busy time the machine reported
    no usable state for; ``pbt`` = ``aoet`` + ``unknown`` when the states cover the window.
    """

    pot: float
    pdot: float
    apt: float
    aust: float
    adet: float
    adot: float
    unknown: float = 0.0

    @property
    def pbt(self) -> float:
        """Planned busy time."""
        return self.pot - self.pdot

    @property
    def aupt(self) -> float:
        """Actual unit processing time."""
        return self.apt + self.aust

    @property
    def aubt(self) -> float:
        """Actual unit busy time."""
        return self.aupt + self.adet

    @property
    def aoet(self) -> float:
        """Actual order execution time."""
        return self.aubt + self.adot


@dataclass(frozen=True, slots=True)
class Quantities:
    """Produced (PQ), scrap (SQ) and rework (RQ) quantities; good = PQ − SQ − RQ."""

    produced: int
    scrap: int = 0
    rework: int = 0

    def __post_init__(self) -> None:
        _count("produced", self.produced)
        _count("scrap", self.scrap)
        _count("rework", self.rework)
        if self.scrap + self.rework > self.produced:
            raise ValueError(
                f"scrap {self.scrap} + rework {self.rework} exceed produced {self.produced}"
            )

    @property
    def good(self) -> int:
        """Good quantity: parts right the first time."""
        return self.produced - self.scrap - self.rework


class Flag(StrEnum):
    """Warnings attached to a result; the values are reported as computed, never clamped."""

    EFFECTIVENESS_ABOVE_ONE = "effectiveness_above_one"
    STATES_INCOMPLETE = "states_incomplete"


@dataclass(frozen=True, slots=True)
class Kpis:
    """ISO 22400-2 KPIs; ``None`` means undefined (a zero denominator), never 0.

    Ratios are fractions (0.8, not 80 %); ``throughput_rate`` is parts per second;
    ``mtbf`` and ``mttr`` are seconds.
    """

    availability: float | None
    effectiveness: float | None
    quality_ratio: float | None
    oee: float | None
    nee: float | None
    setup_rate: float | None
    technical_efficiency: float | None
    utilization_efficiency: float | None
    allocation_efficiency: float | None
    throughput_rate: float | None
    scrap_ratio: float | None
    rework_ratio: float | None
    mtbf: float | None
    mttr: float | None


@dataclass(frozen=True, slots=True)
class OeeResult:
    """Time elements, quantities, KPIs and flags of one machine over one window."""

    elements: TimeElements
    quantities: Quantities
    failures: int
    kpis: Kpis
    flags: tuple[Flag, ...] = field(default=())
