"""ISO 22400-2 OEE engine: machine states, counts and the calendar in, time elements and KPIs out.

``compute(OeeInput) -> OeeResult`` is the one verb; ``compute_kpis`` gives the KPIs of time
elements that are already known; ``losses`` breaks an OEE result down into where the time
went. States map to time elements as OPC 40501-1 Annex C.2 does.
"""

from suigang.engines.oee.compute import compute, compute_kpis, planned_down_in
from suigang.engines.oee.losses import LOSS_KEYS, losses
from suigang.engines.oee.model import (
    Flag,
    ItemState,
    Kpis,
    OeeInput,
    OeeResult,
    OperationMode,
    Period,
    Quantities,
    StateInterval,
    TimeElement,
    TimeElements,
    classify,
)

__all__ = [
    "LOSS_KEYS",
    "Flag",
    "ItemState",
    "Kpis",
    "OeeInput",
    "OeeResult",
    "OperationMode",
    "Period",
    "Quantities",
    "StateInterval",
    "TimeElement",
    "TimeElements",
    "classify",
    "compute",
    "compute_kpis",
    "losses",
    "planned_down_in",
]
