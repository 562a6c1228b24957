"""The applicant's use cases: a draft, its evidence, submission (scored that day), its status.

The applicant sees its own figures, the status and the reviewer's reasons, never the scores
(``status_read``); the zone office's view is in ``review``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.config import Settings
from suigang.db import utcnow
from suigang.domains.admission.indicators import set_in_force
from suigang.domains.admission.models import FIGURES, AdmissionApplication, ApplicationStatus
from suigang.domains.admission.schemas import (
    ApplicationCreate,
    ApplicationStatusRead,
    ApplicationUpdate,
)
from suigang.domains.alliance.chain import chain_fit
from suigang.domains.common import commit_once, owned_by, page
from suigang.domains.evidence import service as evidence
from suigang.domains.evidence.schemas import EvidenceRead
from suigang.domains.identity.models import Enterprise
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import audit, require
from suigang.domains.lifecycle import check_version, transition
from suigang.engines.analytics.admission import (
    AdmissionResult,
    Application,
    Area,
    ChainFitSource,
    IndicatorSet,
    ProjectFigures,
    score,
)
from suigang.errors import InvalidInput, NotFound

SUBJECT_KIND = "admission_application"
S = ApplicationStatus
FLOW: dict[ApplicationStatus, frozenset[ApplicationStatus]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.UNDER_REVIEW}),
    S.UNDER_REVIEW: frozenset({S.APPROVED, S.REJECTED}),
}


def subject_of(application_id: uuid.UUID) -> evidence.Subject:
    return evidence.Subject(SUBJECT_KIND, str(application_id))


def _chain_fit(session: Session, application: AdmissionApplication) -> tuple[Decimal, str]:
    """The chain fit (0–1) and where it came from: computed when what the project makes fills
    one of the local-supplier gaps of the alliance's chain graph, else the applicant's
    declaration that it fills one (a gap the platform's links do not show yet)."""
    if application.products.strip() and chain_fit(session, application.products).fits:
        return Decimal(1), ChainFitSource.COMPUTED.value
    return (Decimal(1) if application.fills_gap else Decimal(0)), ChainFitSource.DECLARED.value


def engine_application(session: Session, application: AdmissionApplication) -> Application:
    """The application as the admission engine reads it (areas in m², money in CNY)."""
    values: dict[str, object] = {}
    for name, kind in FIGURES:
        value = getattr(application, name)
        if value is None:
            continue
        values[name] = Area(Decimal(value)) if kind == "area" else value
    fit, source = _chain_fit(session, application)
    figures = ProjectFigures(**values, chain_fit=fit, chain_fit_source=ChainFitSource(source))  # type: ignore[arg-type]
    return Application(str(application.id), application.segment.value, figures)


def score_application(
    session: Session, application: AdmissionApplication, indicator_set: IndicatorSet
) -> AdmissionResult:
    return score(engine_application(session, application), indicator_set)


def load_own(
    session: Session, *, actor: Actor, application_id: uuid.UUID, permission: str
) -> AdmissionApplication:
    """The actor's own application (anyone else's: not found), then ``permission`` (403)."""
    row = session.get(AdmissionApplication, application_id)
    if row is None or not can(actor, "admission:read", row):
        raise NotFound(f"admission application {application_id} not found")
    require(actor, permission, row)
    return row


def _fill(row: AdmissionApplication, data: ApplicationCreate) -> None:
    row.title, row.segment = data.title.strip(), data.segment
    row.products, row.fills_gap, row.gap_note = data.products, data.fills_gap, data.gap_note
    for name, _ in FIGURES:
        setattr(row, name, getattr(data, name))
    if not row.title:
        raise InvalidInput("title is empty")


def create_application(
    session: Session, *, actor: Actor, data: ApplicationCreate
) -> AdmissionApplication:
    """A draft application of the actor's firm."""
    require(actor, "admission:create")
    row = AdmissionApplication(
        id=uuid.uuid4(), enterprise_id=actor.enterprise_id, created_by=actor.label
    )
    _fill(row, data)
    session.add(row)
    session.flush()
    audit(session, actor, "admission.drafted", SUBJECT_KIND, row.id, title=row.title)
    commit_once(session)
    return row


def update_application(
    session: Session, *, actor: Actor, application_id: uuid.UUID, data: ApplicationUpdate
) -> AdmissionApplication:
    """Change a draft (only a draft: a submitted application is the zone office's to read)."""
    row = load_own(
        session, actor=actor, application_id=application_id, permission="admission:update"
    )
    check_version("admission application", row.id, data.version, row.version)
    if row.status is not ApplicationStatus.DRAFT:
        transition("admission application", row.id, row.status, S.DRAFT, FLOW,
                   "only a draft can be changed")  # fmt: skip
    _fill(row, data)
    row.updated_at = utcnow()
    audit(session, actor, "admission.updated", SUBJECT_KIND, row.id)
    commit_once(session)
    return row


def submit_application(
    session: Session, *, actor: Actor, application_id: uuid.UUID, now: datetime | None = None
) -> AdmissionApplication:
    """Submit a draft: it is scored against the set in force that day, fixed from then on."""
    row = load_own(
        session, actor=actor, application_id=application_id, permission="admission:submit"
    )
    at = now or utcnow()
    row.status = transition("admission application", row.id, row.status, S.SUBMITTED, FLOW)
    indicator_set = set_in_force(session, at.date())
    result = score_application(session, row, indicator_set)
    row.indicator_version, row.verdict, row.score = (
        indicator_set.version, result.verdict.value, result.score,
    )  # fmt: skip
    row.submitted_at, row.submitted_by, row.updated_at = at, actor.label, at
    audit(
        session, actor, "admission.submitted", SUBJECT_KIND, row.id,
        version=indicator_set.version, verdict=result.verdict.value, score=result.score,
    )  # fmt: skip
    commit_once(session)
    return row


def attach_document(
    session: Session,
    *,
    settings: Settings,
    actor: Actor,
    application_id: uuid.UUID,
    content: bytes,
    filename: str,
    title: str = "",
) -> EvidenceRead:
    """File a PDF, PNG or JPEG (checked by content and size) with a draft or submitted one."""
    row = load_own(
        session, actor=actor, application_id=application_id, permission="admission:update"
    )
    if row.status not in (S.DRAFT, S.SUBMITTED):
        raise InvalidInput(
            f"admission application {row.id} is {row.status.value}: evidence is filed "
            "before the review starts"
        )
    doc = evidence.attach_document(
        session, settings=settings, actor=actor, subject=subject_of(row.id), content=content,
        filename=filename, title=title,
    )  # fmt: skip
    audit(session, actor, "admission.evidence_added", SUBJECT_KIND, row.id, evidence=doc.id,
          size=doc.size_bytes, media=doc.media_type)  # fmt: skip
    read = EvidenceRead.model_validate(doc)
    commit_once(session)
    return read


def status_read(session: Session, row: AdmissionApplication) -> ApplicationStatusRead:
    """The application as its applicant reads it: status and reasons, no scores."""
    items = evidence.list_evidence(session, subject=subject_of(row.id))
    return ApplicationStatusRead(
        id=row.id, title=row.title, segment=row.segment, products=row.products,
        fills_gap=row.fills_gap, gap_note=row.gap_note, status=row.status,
        submitted_at=row.submitted_at, decided_at=row.decided_at, reasons=row.reasons,
        version=row.version, evidence=[EvidenceRead.model_validate(e) for e in items],
        **{name: getattr(row, name) for name, _ in FIGURES},
    )  # fmt: skip


def get_application(
    session: Session, *, actor: Actor, application_id: uuid.UUID
) -> ApplicationStatusRead:
    """The actor's own application: figures, status, reasons and evidence."""
    row = load_own(session, actor=actor, application_id=application_id, permission="admission:read")
    return status_read(session, row)


def my_applications(
    session: Session, *, actor: Actor, offset: int = 0, limit: int = 50
) -> tuple[list[ApplicationStatusRead], int]:
    """The actor's firm's applications, newest first."""
    require(actor, "admission:read", owned_by(actor.enterprise_id))
    query = select(AdmissionApplication).where(
        AdmissionApplication.enterprise_id == actor.enterprise_id
    )
    rows, total = page(session, query, AdmissionApplication.created_at.desc(),
                       offset=offset, limit=limit)  # fmt: skip
    return [status_read(session, r) for r in rows], total


def applicant_of(session: Session, row: AdmissionApplication) -> Enterprise:
    firm = session.get(Enterprise, row.enterprise_id)
    assert firm is not None
    return firm
