"""The zone office's side: the ranked queue, an application with its scoring, the decision.

The zone office reads what was submitted to it (never a draft) and decides; it never edits
the figures. Scores are those of the version in force on the submission day.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.config import Settings
from suigang.db import utcnow
from suigang.domains.admission.applications import (
    FLOW,
    SUBJECT_KIND,
    _chain_fit,
    applicant_of,
    score_application,
    status_read,
)
from suigang.domains.admission.indicators import stored_set
from suigang.domains.admission.models import AdmissionApplication, ApplicationStatus
from suigang.domains.admission.schemas import (
    ApplicationReviewRead,
    IndicatorRead,
    QueueItem,
)
from suigang.domains.common import commit_once, in_language
from suigang.domains.evidence import service as evidence
from suigang.domains.identity.models import Enterprise
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import audit, require
from suigang.domains.lifecycle import transition
from suigang.engines.analytics.admission import AdmissionResult, IndicatorDef, Verdict, rank
from suigang.engines.analytics.admission.scoring import shown
from suigang.engines.analytics.maturity.model import Names
from suigang.errors import InvalidInput, NotFound

S = ApplicationStatus
REVIEWABLE = (S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED, S.REJECTED)


def load_submitted(
    session: Session, *, actor: Actor, application_id: uuid.UUID
) -> AdmissionApplication:
    """A submitted application for the zone office; a draft or an unknown id is not found."""
    row = session.get(AdmissionApplication, application_id)
    if row is None or row.status not in REVIEWABLE or not can(actor, "admission:review", row):
        raise NotFound(f"admission application {application_id} not found")
    return row


def _lang_name(names: Names, lang: str) -> str:
    return in_language(lang, names.zh_hans, names.zh_hant, names.en)


def indicator_reads(
    result: AdmissionResult, definitions: Mapping[str, IndicatorDef], lang: str
) -> list[IndicatorRead]:
    out = []
    for i in result.indicators:
        d = definitions[i.indicator]
        out.append(
            IndicatorRead(
                indicator=i.indicator, name=_lang_name(d.name, lang), unit=_lang_name(d.unit, lang),
                value=i.value, status=i.status.value,
                rule=str(i.threshold) if i.threshold is not None else "",
                weight=i.weight, benchmark=i.benchmark, points=shown(i.points, Decimal("0.01")),
                inputs=[f"{f} {v.normalize():f} {u}" for f, u, v in i.inputs],
                missing=list(i.missing),
            )
        )  # fmt: skip
    return out


def review_read(session: Session, row: AdmissionApplication, lang: str) -> ApplicationReviewRead:
    """Everything the reviewer reads: figures, applicant, each indicator against its rule."""
    assert row.indicator_version is not None
    indicator_set = stored_set(session, row.indicator_version)
    result = score_application(session, row, indicator_set)
    firm = applicant_of(session, row)
    fit, source = _chain_fit(session, row)
    return ApplicationReviewRead(
        **status_read(session, row).model_dump(),
        applicant_id=firm.id, applicant=firm.name(lang), hk_invested=firm.hk_invested,
        indicator_version=row.indicator_version, verdict=result.verdict.value,
        score=result.score, chain_fit=fit, chain_fit_source=source,
        indicators=indicator_reads(result, indicator_set.definitions, lang),
        reviewer=row.reviewer,
    )  # fmt: skip


def get_review(
    session: Session, *, actor: Actor, application_id: uuid.UUID, lang: str | None = None
) -> ApplicationReviewRead:
    row = load_submitted(session, actor=actor, application_id=application_id)
    return review_read(session, row, lang or actor.language)


def review_queue(
    session: Session,
    *,
    actor: Actor,
    statuses: tuple[ApplicationStatus, ...] = (S.SUBMITTED, S.UNDER_REVIEW),
    lang: str | None = None,
) -> list[QueueItem]:
    """Submitted applications, ranked: passed by score, then incomplete, then failed."""
    require(actor, "admission:review")
    wanted = [s for s in statuses if s in REVIEWABLE]
    rows = session.scalars(
        select(AdmissionApplication)
        .where(AdmissionApplication.status.in_(wanted))
        .order_by(AdmissionApplication.submitted_at, AdmissionApplication.id)
        .limit(500)
    ).all()
    language = lang or actor.language
    firms = {
        f.id: f
        for f in session.scalars(
            select(Enterprise).where(Enterprise.id.in_({r.enterprise_id for r in rows}))
        )
    }
    scored = {}
    for row in rows:
        assert row.indicator_version is not None
        scored[str(row.id)] = (
            row,
            score_application(session, row, stored_set(session, row.indicator_version)),
        )
    ranked = rank(result for _, result in scored.values())
    return [
        QueueItem(
            id=row.id, title=row.title, applicant=firms[row.enterprise_id].name(language),
            segment=row.segment, status=row.status, submitted_at=row.submitted_at,
            indicator_version=row.indicator_version, verdict=result.verdict.value,
            score=result.score,
            failed_rules=[f"{i.indicator} {i.value} {i.threshold}" for i in result.failed],
        )
        for result in ranked
        for row in (scored[result.application][0],)
    ]  # fmt: skip


def start_review(
    session: Session, *, actor: Actor, application_id: uuid.UUID, now: datetime | None = None
) -> AdmissionApplication:
    """The zone office takes a submitted application into review."""
    row = load_submitted(session, actor=actor, application_id=application_id)
    row.status = transition("admission application", row.id, row.status, S.UNDER_REVIEW, FLOW)
    row.review_started_at, row.reviewer = now or utcnow(), actor.label
    row.updated_at = row.review_started_at
    audit(session, actor, "admission.review_started", SUBJECT_KIND, row.id)
    commit_once(session)
    return row


def decide(
    session: Session,
    *,
    actor: Actor,
    application_id: uuid.UUID,
    approve: bool,
    reasons: str,
    now: datetime | None = None,
) -> AdmissionApplication:
    """Approve or reject an application under review, with reasons the applicant reads.

    A submitted application is taken into review first, in the same change.
    """
    row = load_submitted(session, actor=actor, application_id=application_id)
    text = reasons.strip()
    if not text:
        raise InvalidInput("reasons: say why the application is approved or rejected")
    at = now or utcnow()
    if row.status is S.SUBMITTED:
        row.status, row.review_started_at, row.reviewer = S.UNDER_REVIEW, at, actor.label
    target = S.APPROVED if approve else S.REJECTED
    row.status = transition("admission application", row.id, row.status, target, FLOW)
    row.decided_at, row.reasons, row.reviewer, row.updated_at = at, text, actor.label, at
    if approve and row.verdict == Verdict.FAILED.value:
        text = f"{text} (approved although a hard rule failed)"
    audit(session, actor, f"admission.{target.value}", SUBJECT_KIND, row.id, reasons=text[:2000])
    commit_once(session)
    return row


def application_document(
    session: Session,
    *,
    settings: Settings,
    actor: Actor,
    application_id: uuid.UUID,
    evidence_id: uuid.UUID,
) -> evidence.DocumentBytes:
    """A document filed with an application: for its applicant and, once submitted, the
    zone office."""
    row = session.get(AdmissionApplication, application_id)
    visible = row is not None and (
        can(actor, "admission:read", row)
        or (row.status in REVIEWABLE and can(actor, "admission:review", row))
    )
    if row is None or not visible:
        raise NotFound(f"admission application {application_id} not found")
    subject = evidence.Subject(SUBJECT_KIND, str(row.id))
    return evidence.read_document(
        session, settings=settings, evidence_id=evidence_id, allowed=lambda s: s == subject
    )
