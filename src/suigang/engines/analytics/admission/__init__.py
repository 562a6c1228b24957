"""Project admission: indicators from an application's figures against a versioned set.

``score(Application, IndicatorSet) -> AdmissionResult`` is the one verb; ``rank`` orders
results and ``in_force`` picks the set an application is scored against.
"""

from suigang.engines.analytics.admission.config import (
    ANY_SEGMENT,
    IndicatorRule,
    IndicatorSet,
    Op,
    Threshold,
    in_force,
    load_demo_set,
    set_from_dict,
    set_to_dict,
)
from suigang.engines.analytics.admission.model import (
    FIGURE_KINDS,
    UNITS,
    Area,
    AreaUnit,
    Better,
    ChainFitSource,
    IndicatorDef,
    ProjectFigures,
    Term,
    definition_from_dict,
    load_definitions,
)
from suigang.engines.analytics.admission.scoring import (
    AdmissionResult,
    Application,
    IndicatorResult,
    Status,
    Verdict,
    rank,
    score,
)

__all__ = [
    "ANY_SEGMENT",
    "FIGURE_KINDS",
    "UNITS",
    "AdmissionResult",
    "Application",
    "Area",
    "AreaUnit",
    "Better",
    "ChainFitSource",
    "IndicatorDef",
    "IndicatorResult",
    "IndicatorRule",
    "IndicatorSet",
    "Op",
    "ProjectFigures",
    "Status",
    "Term",
    "Threshold",
    "Verdict",
    "definition_from_dict",
    "in_force",
    "load_definitions",
    "load_demo_set",
    "rank",
    "score",
    "set_from_dict",
    "set_to_dict",
]
