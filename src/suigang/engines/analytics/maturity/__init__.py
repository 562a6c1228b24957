"""GB/T 39116 digital-maturity self-assessment, scored in the manner of GB/T 39117.

``score(MaturityInput) -> MaturityResult`` is the one verb; ``gaps`` lists what stands
between a firm and its next level. The model, the scoring rules and the weights are data.
"""

from suigang.engines.analytics.maturity.model import (
    LANGUAGES,
    Domain,
    Element,
    Level,
    MaturityModel,
    Names,
    SubDomain,
    load_model,
    model_from_dict,
    normalise,
)
from suigang.engines.analytics.maturity.records import (
    ANSWER_COLUMNS,
    WEIGHT_COLUMNS,
    Requirement,
    gap_to_dict,
    load_demo_requirements,
    read_answers,
    read_requirements,
    read_weights,
    result_to_dict,
)
from suigang.engines.analytics.maturity.rules import (
    Answer,
    Band,
    ScoringRules,
    WeightRow,
    WeightTable,
    load_rules,
    rules_from_dict,
)
from suigang.engines.analytics.maturity.scoring import (
    AnswerRow,
    Gap,
    LevelScore,
    MaturityInput,
    MaturityResult,
    NodeScore,
    RequirementScore,
    gaps,
    score,
)

__all__ = [
    "ANSWER_COLUMNS",
    "LANGUAGES",
    "WEIGHT_COLUMNS",
    "Answer",
    "AnswerRow",
    "Band",
    "Domain",
    "Element",
    "Gap",
    "Level",
    "LevelScore",
    "MaturityInput",
    "MaturityModel",
    "MaturityResult",
    "Names",
    "NodeScore",
    "Requirement",
    "RequirementScore",
    "ScoringRules",
    "SubDomain",
    "WeightRow",
    "WeightTable",
    "gap_to_dict",
    "gaps",
    "load_demo_requirements",
    "load_model",
    "load_rules",
    "model_from_dict",
    "normalise",
    "read_answers",
    "read_requirements",
    "read_weights",
    "result_to_dict",
    "rules_from_dict",
    "score",
]
