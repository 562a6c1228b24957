"""The cluster's yearly figures, HKD→CNY at dated rates, and the path to the 2035 target.

``compute(ClusterInput) -> ClusterResult`` is the one verb.
"""

from suigang.engines.analytics.cluster.rates import (
    FEN,
    Currency,
    NoRate,
    Rate,
    RateTable,
    money,
)
from suigang.engines.analytics.cluster.trajectory import (
    HUNDRED_BILLION,
    ClusterInput,
    ClusterResult,
    ClusterStatus,
    Filing,
    ProjectionPoint,
    SegmentFigure,
    YearFigures,
    cagr,
    compute,
)

__all__ = [
    "FEN",
    "HUNDRED_BILLION",
    "ClusterInput",
    "ClusterResult",
    "ClusterStatus",
    "Currency",
    "Filing",
    "NoRate",
    "ProjectionPoint",
    "Rate",
    "RateTable",
    "SegmentFigure",
    "YearFigures",
    "cagr",
    "compute",
    "money",
]
