"""Use cases of the self-assessment: start (with answers proposed from the firm's data),
answer, confirm or override a proposal, submit; and the zone office's levels of all firms.

A firm sees and edits only its own assessments; the zone office sees the level and score of
each firm's latest submitted assessment, never its answers. Every write is audited and
commits once, at its end.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.common import commit_once, owned_by
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import audit, get_enterprise, get_visible, require
from suigang.domains.maturity.catalogue import requirements_in_use
from suigang.domains.maturity.models import (
    AnswerOrigin,
    AssessmentStatus,
    MaturityAnswer,
    MaturityAssessment,
)
from suigang.domains.maturity.proposals import propose
from suigang.domains.maturity.results import Outcome, outcome
from suigang.engines.analytics.maturity import Answer, load_model, load_rules
from suigang.errors import Conflict, InvalidInput, NotFound


@dataclass(frozen=True, slots=True)
class AnswerInput:
    """One answer as a person gives it: sub-domain by code or name, level, requirement id,
    and the answer in English or Chinese words (``na`` for not applicable)."""

    subdomain: str
    level: str | int
    requirement: str
    answer: str
    note: str = ""


def get_assessment(
    session: Session, *, actor: Actor, assessment_id: uuid.UUID
) -> MaturityAssessment:
    """One of the actor's firm's assessments (``NotFound`` for anyone else's)."""
    return get_visible(
        session, MaturityAssessment, assessment_id, actor=actor, permission="maturity:read",
        kind="assessment",
    )  # fmt: skip


def list_assessments(session: Session, *, actor: Actor) -> list[MaturityAssessment]:
    """The actor's firm's assessments, newest first."""
    require(actor, "maturity:read", owned_by(actor.enterprise_id))
    query = select(MaturityAssessment).where(
        MaturityAssessment.enterprise_id == actor.enterprise_id
    )
    return list(session.scalars(query.order_by(MaturityAssessment.created_at.desc())))


def _writable(session: Session, actor: Actor, assessment_id: uuid.UUID) -> MaturityAssessment:
    assessment = get_assessment(session, actor=actor, assessment_id=assessment_id)
    require(actor, "maturity:write", assessment)
    if assessment.status is not AssessmentStatus.DRAFT:
        raise Conflict(f"assessment {assessment_id} is submitted: start a new one to change it")
    return assessment


def _apply_proposals(
    session: Session, actor: Actor, assessment: MaturityAssessment, now: datetime
) -> int:
    """Add or refresh the platform's proposals; decided answers are left as they are."""
    known = {(r.subdomain, r.level, r.requirement) for r in requirements_in_use(session)}
    held = {(a.subdomain, a.level, a.requirement): a for a in assessment.answers}
    count = 0
    for p in propose(session, actor=actor, now=now):
        key = (p.subdomain, p.level, p.requirement)
        if key not in known:
            continue  # the catalogue in use has no such requirement
        row = held.get(key)
        if row is None:
            row = MaturityAnswer(
                subdomain=p.subdomain, level=p.level, requirement=p.requirement,
                decision=AnswerOrigin.PROPOSED, updated_by=actor.label,
            )  # fmt: skip
            assessment.answers.append(row)
        elif row.decision is not AnswerOrigin.PROPOSED:
            continue
        row.proposed, row.evidence, row.updated_at = p.answer, p.evidence(now), now
        count += 1
    return count


def start_assessment(
    session: Session, *, actor: Actor, title: str = "", now: datetime | None = None
) -> MaturityAssessment:
    """A new draft for the actor's firm, with answers proposed from its own data."""
    now = now or utcnow()
    require(actor, "maturity:write", owned_by(actor.enterprise_id))
    draft = session.scalar(
        select(MaturityAssessment.id).where(
            MaturityAssessment.enterprise_id == actor.enterprise_id,
            MaturityAssessment.status == AssessmentStatus.DRAFT,
        )
    )
    if draft is not None:
        raise Conflict(f"the firm already has a draft assessment ({draft}): finish it first")
    assessment = MaturityAssessment(
        enterprise_id=actor.enterprise_id, title=title.strip(), created_by=actor.label,
        created_at=now, answers=[],
    )  # fmt: skip
    session.add(assessment)
    proposed = _apply_proposals(session, actor, assessment, now)
    session.flush()
    audit(session, actor, "maturity.started", "maturity_assessment", assessment.id,
          proposed=proposed)  # fmt: skip
    commit_once(session)
    return assessment


def discard_assessment(session: Session, *, actor: Actor, assessment_id: uuid.UUID) -> None:
    """Delete a draft (a submitted assessment stays: the zone office has its level)."""
    assessment = _writable(session, actor, assessment_id)
    audit(session, actor, "maturity.discarded", "maturity_assessment", assessment.id)
    session.delete(assessment)
    commit_once(session)


def refresh_proposals(
    session: Session, *, actor: Actor, assessment_id: uuid.UUID, now: datetime | None = None
) -> MaturityAssessment:
    """Read the firm's figures again and update the proposals not yet decided."""
    now = now or utcnow()
    assessment = _writable(session, actor, assessment_id)
    count = _apply_proposals(session, actor, assessment, now)
    audit(session, actor, "maturity.proposals_refreshed", "maturity_assessment", assessment.id,
          proposed=count)  # fmt: skip
    commit_once(session)
    return assessment


def _parse(
    item: AnswerInput, where: str, catalogue: set[tuple[str, int, str]]
) -> tuple[str, int, str, Answer]:
    model, rules = load_model(), load_rules()
    code = model.find_subdomain(item.subdomain)
    if code is None:
        raise InvalidInput(f"{where}: {model.why_not_subdomain(item.subdomain)}")
    level = model.find_level(str(item.level))
    if level is None:
        raise InvalidInput(f"{where}: level {item.level!r} is not a level of the model (1 to 5)")
    if (code, level, item.requirement) not in catalogue:
        raise InvalidInput(
            f"{where}: {code} has no requirement {item.requirement!r} at level {level}"
        )
    answer = rules.parse_answer(item.answer)
    if answer is None:
        raise InvalidInput(
            f"{where}: unknown answer {item.answer!r}: give fully, mostly, partially, not met "
            "or not applicable (na), or 全部满足, 大部分满足, 部分满足, 不满足, 不适用"
        )
    return code, level, item.requirement, answer


def _decide(row: MaturityAnswer, answer: Answer, note: str, actor: Actor, now: datetime) -> None:
    if row.proposed is None:
        row.decision = AnswerOrigin.ANSWERED
    else:
        row.decision = AnswerOrigin.CONFIRMED if answer is row.proposed else AnswerOrigin.OVERRIDDEN
    row.answer, row.note, row.updated_at, row.updated_by = answer, note, now, actor.label


def answer_requirements(
    session: Session,
    *,
    actor: Actor,
    assessment_id: uuid.UUID,
    answers: Sequence[AnswerInput],
    now: datetime | None = None,
) -> MaturityAssessment:
    """Set the firm's answers (all checked first: the first bad one, named by its position,
    refuses the lot and nothing is stored). Answering a proposed requirement confirms the
    proposal when the answers agree and overrides it otherwise."""
    now = now or utcnow()
    assessment = _writable(session, actor, assessment_id)
    catalogue = {(r.subdomain, r.level, r.requirement) for r in requirements_in_use(session)}
    parsed = []
    seen: set[tuple[str, int, str]] = set()
    for i, item in enumerate(answers, start=1):
        code, level, req, answer = _parse(item, f"answer {i}", catalogue)
        if (code, level, req) in seen:
            raise InvalidInput(f"answer {i}: {code} {req} at level {level} is answered twice")
        seen.add((code, level, req))
        parsed.append((code, level, req, answer, item.note.strip()))
    if not parsed:
        raise InvalidInput("no answers given")
    held = {(a.subdomain, a.level, a.requirement): a for a in assessment.answers}
    for code, level, req, answer, note in parsed:
        row = held.get((code, level, req))
        if row is None:
            row = MaturityAnswer(
                subdomain=code, level=level, requirement=req,
                decision=AnswerOrigin.ANSWERED, updated_by=actor.label,
            )  # fmt: skip
            assessment.answers.append(row)
        before = row.answer
        _decide(row, answer, note, actor, now)
        if row.proposed is not None or before is not None:
            audit(session, actor, f"maturity.{row.decision.value}", "maturity_answer",
                  f"{assessment.id}:{code}:{level}:{req}", answer=answer.value,
                  proposed=row.proposed.value if row.proposed else "",
                  before=before.value if before else "")  # fmt: skip
    audit(session, actor, "maturity.answered", "maturity_assessment", assessment.id,
          answers=len(parsed))  # fmt: skip
    commit_once(session)
    return assessment


def _proposal(assessment: MaturityAssessment, answer_id: uuid.UUID) -> MaturityAnswer:
    for row in assessment.answers:
        if row.id == answer_id:
            if row.proposed is None:
                raise Conflict(f"answer {answer_id} was not proposed: answer it instead")
            return row
    raise NotFound(f"answer {answer_id} not found")


def decide_proposal(
    session: Session,
    *,
    actor: Actor,
    assessment_id: uuid.UUID,
    answer_id: uuid.UUID,
    answer: str | None = None,
    reason: str = "",
    now: datetime | None = None,
) -> MaturityAnswer:
    """Confirm a proposal (``answer`` None or the proposed one) or override it with another
    answer, which needs a reason; audited either way."""
    now = now or utcnow()
    assessment = _writable(session, actor, assessment_id)
    row = _proposal(assessment, answer_id)
    assert row.proposed is not None  # checked by _proposal
    chosen = row.proposed
    if answer is not None:
        parsed = load_rules().parse_answer(answer)
        if parsed is None:
            raise InvalidInput(f"answer: unknown answer {answer!r}")
        chosen = parsed
    if chosen is not row.proposed and not reason.strip():
        raise InvalidInput("reason: say why the proposal is overridden")
    before = row.answer
    _decide(row, chosen, reason.strip(), actor, now)
    audit(session, actor, f"maturity.{row.decision.value}", "maturity_answer", row.id,
          requirement=f"{row.subdomain} L{row.level} {row.requirement}",
          proposed=row.proposed.value, answer=chosen.value,
          before=before.value if before else "", reason=reason.strip()[:2000])  # fmt: skip
    commit_once(session)
    return row


def assessment_outcome(
    session: Session, *, actor: Actor, assessment_id: uuid.UUID
) -> tuple[MaturityAssessment, Outcome]:
    """The assessment with what its decided answers come to."""
    assessment = get_assessment(session, actor=actor, assessment_id=assessment_id)
    return assessment, outcome(assessment.answers, requirements_in_use(session))


def submit_assessment(
    session: Session, *, actor: Actor, assessment_id: uuid.UUID, now: datetime | None = None
) -> MaturityAssessment:
    """Submit a draft: every proposal decided, at least one answer; level and exact score
    are kept and the zone office sees them (not the answers)."""
    now = now or utcnow()
    assessment = _writable(session, actor, assessment_id)
    require(actor, "maturity:submit", assessment)
    pending = [a for a in assessment.answers if a.answer is None]
    if pending:
        listed = ", ".join(f"{a.subdomain} L{a.level} {a.requirement}" for a in pending[:10])
        raise Conflict(f"confirm or override every proposal first: {listed}")
    result = outcome(assessment.answers, requirements_in_use(session)).result
    if not assessment.answers:
        raise InvalidInput("the assessment has no answers")
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = now
    assessment.level = result.level
    assessment.score = str(result.score)
    assessment.level_scores = {
        str(k): None if v is None else str(v) for k, v in result.level_scores.items()
    }
    audit(session, actor, "maturity.submitted", "maturity_assessment", assessment.id,
          level=result.level, score=str(result.score))  # fmt: skip
    commit_once(session)
    return assessment


@dataclass(frozen=True, slots=True)
class FirmLevel:
    """A firm's latest submitted level and score, as the zone office sees it."""

    enterprise_id: uuid.UUID
    firm_en: str
    firm_zh_hans: str
    firm_zh_hant: str
    level: int
    score: float
    submitted_at: datetime


def zone_levels(session: Session, *, actor: Actor) -> list[FirmLevel]:
    """Each firm's latest submitted level, highest level first (the zone office only)."""
    require(actor, "maturity:levels")
    rows = session.scalars(
        select(MaturityAssessment)
        .where(MaturityAssessment.status == AssessmentStatus.SUBMITTED)
        .order_by(MaturityAssessment.submitted_at.desc())
    )
    latest: dict[uuid.UUID, MaturityAssessment] = {}
    for a in rows:
        latest.setdefault(a.enterprise_id, a)
    out = []
    for a in latest.values():
        firm = get_enterprise(session, enterprise_id=a.enterprise_id, actor=actor)
        assert a.level is not None and a.score is not None and a.submitted_at is not None
        out.append(
            FirmLevel(a.enterprise_id, firm.name_en, firm.name_zh_hans, firm.name_zh_hant,
                      a.level, float(Fraction(a.score)), a.submitted_at)
        )  # fmt: skip
    return sorted(out, key=lambda f: (-f.level, -f.score, f.firm_en))
