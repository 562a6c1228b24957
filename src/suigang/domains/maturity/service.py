"""The maturity domain's public use cases, in one place for API, UI and CLI.

Assessments, answers, proposals and submission live in ``assessments``; the requirement
catalogue and the zone office's import in ``catalogue``; proposals from the firm's data in
``proposals``; scoring, radar, gaps and roadmap in ``results``; the PDF in ``report``.
"""

from suigang.domains.maturity.assessments import (
    AnswerInput,
    FirmLevel,
    answer_requirements,
    assessment_outcome,
    decide_proposal,
    discard_assessment,
    get_assessment,
    list_assessments,
    refresh_proposals,
    start_assessment,
    submit_assessment,
    zone_levels,
)
from suigang.domains.maturity.catalogue import (
    import_requirements,
    list_requirements,
    requirements_in_use,
)
from suigang.domains.maturity.report import assessment_report
from suigang.domains.maturity.results import Feature, GapItem, Outcome, roadmap_table

__all__ = [
    "AnswerInput",
    "Feature",
    "FirmLevel",
    "GapItem",
    "Outcome",
    "answer_requirements",
    "assessment_outcome",
    "assessment_report",
    "decide_proposal",
    "discard_assessment",
    "get_assessment",
    "import_requirements",
    "list_assessments",
    "list_requirements",
    "refresh_proposals",
    "requirements_in_use",
    "roadmap_table",
    "start_assessment",
    "submit_assessment",
    "zone_levels",
]
