"""Project admission: a firm's applications (draft, evidence, submission, status and
reasons), the zone office's ranked queue, review and decision, and the indicator sets."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Response, UploadFile, status

from suigang.api.deps import AppSettings, CurrentActor, DbSession, Lang, Paging
from suigang.api.files import DOCUMENT_RESPONSES, attachment, read_upload
from suigang.api.schemas import Page
from suigang.domains.admission import service
from suigang.domains.admission.models import ApplicationStatus
from suigang.domains.admission.schemas import (
    AdmissionDecision,
    ApplicationCreate,
    ApplicationReviewRead,
    ApplicationStatusRead,
    ApplicationUpdate,
    IndicatorSetCreate,
    IndicatorSetRead,
    QueueItem,
)
from suigang.domains.evidence.schemas import EvidenceRead

router = APIRouter(tags=["admission"])


@router.get("/admission/applications", response_model=Page[ApplicationStatusRead])
def my_applications(
    actor: CurrentActor, session: DbSession, page: Paging
) -> Page[ApplicationStatusRead]:
    """The caller's firm's applications: figures, status and reasons (no scores)."""
    rows, total = service.my_applications(
        session, actor=actor, offset=page.offset, limit=page.limit
    )
    return page.of(ApplicationStatusRead, rows, total)


@router.post(
    "/admission/applications",
    response_model=ApplicationStatusRead,
    status_code=status.HTTP_201_CREATED,
)
def create_application(
    data: ApplicationCreate, actor: CurrentActor, session: DbSession
) -> ApplicationStatusRead:
    """A draft application of the caller's firm."""
    row = service.create_application(session, actor=actor, data=data)
    return service.get_application(session, actor=actor, application_id=row.id)


@router.get("/admission/applications/{application_id}", response_model=ApplicationStatusRead)
def get_application(
    application_id: uuid.UUID, actor: CurrentActor, session: DbSession
) -> ApplicationStatusRead:
    return service.get_application(session, actor=actor, application_id=application_id)


@router.put("/admission/applications/{application_id}", response_model=ApplicationStatusRead)
def update_application(
    application_id: uuid.UUID, data: ApplicationUpdate, actor: CurrentActor, session: DbSession
) -> ApplicationStatusRead:
    """Change a draft (409 once submitted or with a stale ``version``)."""
    service.update_application(session, actor=actor, application_id=application_id, data=data)
    return service.get_application(session, actor=actor, application_id=application_id)


@router.post(
    "/admission/applications/{application_id}/submit", response_model=ApplicationStatusRead
)
def submit_application(
    application_id: uuid.UUID, actor: CurrentActor, session: DbSession
) -> ApplicationStatusRead:
    """Submit a draft (the firm's admins): scored against the rules in force today."""
    service.submit_application(session, actor=actor, application_id=application_id)
    return service.get_application(session, actor=actor, application_id=application_id)


@router.post(
    "/admission/applications/{application_id}/documents",
    response_model=EvidenceRead,
    status_code=status.HTTP_201_CREATED,
)
def attach_document(
    application_id: uuid.UUID,
    file: Annotated[UploadFile, File()],
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    title: Annotated[str, Form(max_length=200)] = "",
) -> EvidenceRead:
    """A PDF, PNG or JPEG (multipart), checked by content and size."""
    return service.attach_document(
        session, settings=settings, actor=actor, application_id=application_id,
        content=read_upload(file, settings.evidence_max_bytes),
        filename=file.filename or "document", title=title,
    )  # fmt: skip


@router.get(
    "/admission/applications/{application_id}/documents/{evidence_id}",
    response_class=Response,
    responses=DOCUMENT_RESPONSES,
)
def download_document(
    application_id: uuid.UUID,
    evidence_id: uuid.UUID,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> Response:
    """A document of an application: for its applicant and, once submitted, the zone office."""
    doc = service.application_document(
        session, settings=settings, actor=actor, application_id=application_id,
        evidence_id=evidence_id,
    )  # fmt: skip
    return attachment(doc.content, doc.media_type, doc.filename)


@router.get("/admission/indicator-sets", response_model=list[IndicatorSetRead])
def list_indicator_sets(actor: CurrentActor, session: DbSession) -> list[IndicatorSetRead]:
    """Every version of the admission rules, newest first."""
    rows = service.list_indicator_sets(session, actor=actor)
    return [IndicatorSetRead.model_validate(r, from_attributes=True) for r in rows]


@router.post(
    "/admission/indicator-sets",
    response_model=IndicatorSetRead,
    status_code=status.HTTP_201_CREATED,
)
def add_indicator_set(
    data: IndicatorSetCreate, actor: CurrentActor, session: DbSession
) -> IndicatorSetRead:
    """A new version of the rules (the zone office); a version is never changed."""
    row = service.add_indicator_set(session, actor=actor, config=data.config, note=data.note)
    return IndicatorSetRead.model_validate(row, from_attributes=True)


# -- the zone office ----------------------------------------------------------------------


@router.get("/zone/admission/queue", response_model=list[QueueItem])
def review_queue(
    actor: CurrentActor,
    session: DbSession,
    status: Annotated[list[ApplicationStatus] | None, Query(max_length=5)] = None,
    lang: Lang = None,
) -> list[QueueItem]:
    """Submitted applications, ranked: passed by score, then incomplete, then failed."""
    wanted = tuple(status) if status else (ApplicationStatus.SUBMITTED,
                                           ApplicationStatus.UNDER_REVIEW)  # fmt: skip
    return service.review_queue(session, actor=actor, statuses=wanted, lang=lang)


@router.get("/zone/admission/applications/{application_id}", response_model=ApplicationReviewRead)
def get_review(
    application_id: uuid.UUID, actor: CurrentActor, session: DbSession, lang: Lang = None
) -> ApplicationReviewRead:
    """A submitted application with each indicator against its rule and the score."""
    return service.get_review(session, actor=actor, application_id=application_id, lang=lang)


@router.post(
    "/zone/admission/applications/{application_id}/review",
    response_model=ApplicationReviewRead,
)
def start_review(
    application_id: uuid.UUID, actor: CurrentActor, session: DbSession
) -> ApplicationReviewRead:
    """Take a submitted application into review."""
    service.start_review(session, actor=actor, application_id=application_id)
    return service.get_review(session, actor=actor, application_id=application_id)


@router.post(
    "/zone/admission/applications/{application_id}/decision",
    response_model=ApplicationReviewRead,
)
def decide(
    application_id: uuid.UUID, data: AdmissionDecision, actor: CurrentActor, session: DbSession
) -> ApplicationReviewRead:
    """Approve or reject, with reasons the applicant reads."""
    service.decide(session, actor=actor, application_id=application_id, approve=data.approve,
                   reasons=data.reasons)  # fmt: skip
    return service.get_review(session, actor=actor, application_id=application_id)
