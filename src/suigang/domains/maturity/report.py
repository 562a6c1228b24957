"""The assessment's PDF report in the reader's language (``reports.maturity`` draws it)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import get_enterprise
from suigang.domains.maturity.assessments import assessment_outcome
from suigang.domains.maturity.catalogue import requirements_in_use
from suigang.domains.maturity.models import AnswerOrigin, AssessmentStatus
from suigang.domains.maturity.wording import (
    answer_label,
    element_names,
    evidence_text,
    requirement_text,
    subdomain_name,
)
from suigang.engines.analytics.maturity import Answer
from suigang.reports.maturity import (
    GapLine,
    MaturityReportData,
    ProposalLine,
    render_maturity_report,
)

DECIDED = {
    AnswerOrigin.CONFIRMED: ("已确认", "已確認", "confirmed"),
    AnswerOrigin.OVERRIDDEN: ("已改答", "已改答", "overridden"),
    AnswerOrigin.PROPOSED: ("待确认", "待確認", "to confirm"),
    AnswerOrigin.ANSWERED: ("", "", ""),
}
LANGS = ("zh-Hans", "zh-Hant", "en")
UNANSWERED = ("未作答", "未作答", "not answered")


def assessment_report(
    session: Session,
    *,
    actor: Actor,
    assessment_id: uuid.UUID,
    lang: str = "en",
    now: datetime | None = None,
) -> tuple[str, bytes]:
    """(file name, PDF bytes) of one of the actor's firm's assessments."""
    assessment, out = assessment_outcome(session, actor=actor, assessment_id=assessment_id)
    lang = lang if lang in LANGS else "en"
    firm = get_enterprise(session, enterprise_id=assessment.enterprise_id, actor=actor)
    texts = {(r.subdomain, r.level, r.requirement): r for r in requirements_in_use(session)}
    result = out.result
    elements = element_names(lang)

    def req(subdomain: str, level: int, requirement: str) -> str:
        text = requirement_text(texts.get((subdomain, level, requirement)), lang)
        return f"{subdomain_name(subdomain, lang)}, L{level} {requirement}: {text}"

    proposals = tuple(
        ProposalLine(
            requirement=req(a.subdomain, a.level, a.requirement),
            evidence=evidence_text(a.evidence, lang),
            proposed=answer_label(a.proposed, lang),
            answer=f"{answer_label(a.answer, lang)} {DECIDED[a.decision][LANGS.index(lang)]}",
        )
        for a in sorted(assessment.answers, key=lambda a: (a.level, a.subdomain, a.requirement))
        if a.proposed is not None
    )
    gaps = tuple(
        GapLine(
            requirement=req(g.subdomain, g.level, g.requirement),
            answer=UNANSWERED[LANGS.index(lang)]
            if g.answer is None
            else answer_label(Answer(g.answer), lang),
            impact=None if g.impact is None else float(g.impact),
        )
        for g in out.gaps
    )
    data = MaturityReportData(
        firm=firm.name(lang),
        made_at=now or utcnow(),
        submitted=assessment.status is AssessmentStatus.SUBMITTED,
        level=result.level,
        score=float(result.score),
        level_scores=tuple(
            (lv.level, None if lv.score is None else float(lv.score), lv.counted)
            for lv in result.levels
        ),
        elements=tuple(name for _, name in elements),
        radar=tuple(
            (level, tuple(scores[code] or 0.0 for code, _ in elements))
            for level, scores in out.radar.items()
            if any(v is not None for v in scores.values())
        ),
        proposals=proposals,
        gaps=gaps,
        roadmap=tuple((f.name(lang), ", ".join(codes)) for f, codes in out.roadmap),
        summaries=any(r.kind == "summary" for r in texts.values()),
        lang=lang,
    )
    name = f"maturity-{firm.name_en.replace(' ', '_')}-{assessment.created_at:%Y%m%d}.pdf"
    return name, render_maturity_report(data)
