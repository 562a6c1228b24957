"""The relay: projects, level claims, evidence, baton passes, and the zone office's funnel."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Response, UploadFile, status

from suigang.api.deps import AppSettings, CurrentActor, DbSession, Paging
from suigang.api.files import DOCUMENT_RESPONSES, attachment, read_upload
from suigang.api.schemas import Page
from suigang.domains.evidence.schemas import EvidenceRead, LinkCreate, ReviewCreate
from suigang.domains.relay import service
from suigang.domains.relay.models import HandoverStatus, ProjectStatus
from suigang.domains.relay.schemas import (
    CloseProject,
    Decision,
    GateRead,
    HandoverCreate,
    HandoverRead,
    LevelClaim,
    LevelEvidenceRead,
    LevelRef,
    ParticipantAdd,
    RelayFunnel,
    RelayProjectCreate,
    RelayProjectRead,
    RelayProjectSummary,
)

router = APIRouter(tags=["relay"])


class LinkEvidenceCreate(LinkCreate):
    """A link to platform data filed under a level."""

    level: LevelRef


class ReviewEvidenceCreate(ReviewCreate):
    """A written review filed under a level."""

    level: LevelRef


@router.get("/relay/projects", response_model=Page[RelayProjectSummary])
def list_projects(
    actor: CurrentActor,
    session: DbSession,
    page: Paging,
    settings: AppSettings,
    status: ProjectStatus | None = None,
) -> Page[RelayProjectSummary]:
    """Projects the caller takes part in (the zone office: every project's summary)."""
    rows, total = service.list_projects(
        session, actor=actor, status=status, offset=page.offset, limit=page.limit,
        after_days=settings.relay_stalled_after_days,
    )  # fmt: skip
    return page.of(RelayProjectSummary, rows, total)


@router.post(
    "/relay/projects", response_model=RelayProjectRead, status_code=status.HTTP_201_CREATED
)
def create_project(
    data: RelayProjectCreate, actor: CurrentActor, session: DbSession
) -> RelayProjectRead:
    """Start a project; the caller's firm holds the baton of ``leg``."""
    project = service.create_project(session, actor=actor, data=data)
    return service.get_project(session, actor=actor, project_id=project.id)


@router.get("/relay/projects/{project_id}", response_model=RelayProjectRead)
def get_project(
    project_id: uuid.UUID,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    checklist_level: Annotated[int | None, Query(ge=1, le=10)] = None,
) -> RelayProjectRead:
    """Everything about a project, for its participants."""
    return service.get_project(
        session, actor=actor, project_id=project_id, checklist_level=checklist_level,
        after_days=settings.relay_stalled_after_days,
    )  # fmt: skip


@router.get("/relay/projects/{project_id}/summary", response_model=RelayProjectSummary)
def get_summary(
    project_id: uuid.UUID, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> RelayProjectSummary:
    """Leg, levels, dates and holders: what the zone office sees of a project."""
    return service.get_summary(
        session, actor=actor, project_id=project_id, after_days=settings.relay_stalled_after_days
    )


@router.post("/relay/projects/{project_id}/claims", response_model=RelayProjectSummary)
def claim_level(
    project_id: uuid.UUID, data: LevelClaim, actor: CurrentActor, session: DbSession
) -> RelayProjectSummary:
    """The holder claims a TRL or MRL."""
    service.claim_level(
        session, actor=actor, project_id=project_id, scale=data.scale, level=data.level
    )
    return service.get_summary(session, actor=actor, project_id=project_id)


@router.post("/relay/projects/{project_id}/participants", response_model=RelayProjectSummary)
def add_participant(
    project_id: uuid.UUID, data: ParticipantAdd, actor: CurrentActor, session: DbSession
) -> RelayProjectSummary:
    service.add_participant(
        session, actor=actor, project_id=project_id, enterprise_id=data.enterprise_id
    )
    return service.get_summary(session, actor=actor, project_id=project_id)


@router.post("/relay/projects/{project_id}/close", response_model=RelayProjectSummary)
def close_project(
    project_id: uuid.UUID, data: CloseProject, actor: CurrentActor, session: DbSession
) -> RelayProjectSummary:
    """The holder's admin completes (last leg) or drops the project."""
    service.close_project(
        session, actor=actor, project_id=project_id, outcome=data.outcome, reason=data.reason
    )
    return service.get_summary(session, actor=actor, project_id=project_id)


# -- evidence -----------------------------------------------------------------------------


@router.get("/relay/projects/{project_id}/evidence", response_model=list[LevelEvidenceRead])
def list_evidence(
    project_id: uuid.UUID, actor: CurrentActor, session: DbSession
) -> list[LevelEvidenceRead]:
    return service.list_project_evidence(session, actor=actor, project_id=project_id)


@router.post(
    "/relay/projects/{project_id}/evidence/documents",
    response_model=EvidenceRead,
    status_code=status.HTTP_201_CREATED,
)
def attach_document(
    project_id: uuid.UUID,
    file: Annotated[UploadFile, File()],
    scale: Annotated[str, Form(pattern="^(TRL|MRL)$")],
    level: Annotated[int, Form(ge=1, le=10)],
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    threads: Annotated[str, Form(max_length=60, description="MRL threads, e.g. E,F")] = "",
    title: Annotated[str, Form(max_length=200)] = "",
    note: Annotated[str, Form(max_length=4000)] = "",
) -> EvidenceRead:
    """A PDF, PNG or JPEG (multipart) under a level; checked by content and size."""
    row = service.attach_document(
        session,
        settings=settings,
        actor=actor,
        project_id=project_id,
        level=LevelRef(scale=scale, level=level, threads=[t for t in threads.split(",") if t]),
        content=read_upload(file, settings.evidence_max_bytes),
        filename=file.filename or "document",
        title=title,
        note=note,
    )
    return EvidenceRead.model_validate(row)


@router.post(
    "/relay/projects/{project_id}/evidence/links",
    response_model=EvidenceRead,
    status_code=status.HTTP_201_CREATED,
)
def attach_link(
    project_id: uuid.UUID, data: LinkEvidenceCreate, actor: CurrentActor, session: DbSession
) -> EvidenceRead:
    """A link to a lot (its Cpk) or a machine (its OEE) under a level."""
    row = service.attach_link(
        session, actor=actor, project_id=project_id, level=data.level,
        link_kind=data.link_kind, ref=data.ref, title=data.title, note=data.note, days=data.days,
    )  # fmt: skip
    return EvidenceRead.model_validate(row)


@router.post(
    "/relay/projects/{project_id}/evidence/reviews",
    response_model=EvidenceRead,
    status_code=status.HTTP_201_CREATED,
)
def attach_review(
    project_id: uuid.UUID, data: ReviewEvidenceCreate, actor: CurrentActor, session: DbSession
) -> EvidenceRead:
    row = service.attach_review(
        session, actor=actor, project_id=project_id, level=data.level, title=data.title,
        note=data.note,
    )  # fmt: skip
    return EvidenceRead.model_validate(row)


@router.post(
    "/relay/projects/{project_id}/evidence/{evidence_id}/refresh", response_model=EvidenceRead
)
def refresh_link(
    project_id: uuid.UUID, evidence_id: uuid.UUID, actor: CurrentActor, session: DbSession
) -> EvidenceRead:
    """Recompute a linked figure; the figure when attached is kept beside it."""
    row = service.refresh_link(session, actor=actor, project_id=project_id, evidence_id=evidence_id)
    return EvidenceRead.model_validate(row)


@router.get(
    "/relay/projects/{project_id}/evidence/{evidence_id}/document",
    response_class=Response,
    responses=DOCUMENT_RESPONSES,
)
def download_document(
    project_id: uuid.UUID,
    evidence_id: uuid.UUID,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> Response:
    """The document's bytes, for the project's participants only."""
    doc = service.project_document(
        session, settings=settings, actor=actor, project_id=project_id, evidence_id=evidence_id
    )
    return attachment(doc.content, doc.media_type, doc.filename)


# -- the baton pass -----------------------------------------------------------------------


@router.get("/relay/projects/{project_id}/gate", response_model=GateRead)
def check_gate(
    project_id: uuid.UUID,
    actor: CurrentActor,
    session: DbSession,
    to_leg: Annotated[int | None, Query(ge=1)] = None,
) -> GateRead:
    """May the baton pass now, and if not, which criterion lacks what."""
    return service.check_handover_gate(session, actor=actor, project_id=project_id, to_leg=to_leg)


@router.post(
    "/relay/projects/{project_id}/handovers",
    response_model=HandoverRead,
    status_code=status.HTTP_201_CREATED,
)
def request_handover(
    project_id: uuid.UUID, data: HandoverCreate, actor: CurrentActor, session: DbSession
) -> HandoverRead:
    """The holder offers the baton; 409 with ``errors`` naming each unmet gate criterion."""
    handover = service.request_handover(
        session, actor=actor, project_id=project_id, to_enterprise_id=data.to_enterprise_id,
        to_leg=data.to_leg, note=data.note,
    )  # fmt: skip
    return service.get_handover(session, actor=actor, handover_id=handover.id)


@router.get("/relay/handovers", response_model=Page[HandoverRead])
def list_handovers(
    actor: CurrentActor,
    session: DbSession,
    page: Paging,
    incoming: bool = True,
    status: HandoverStatus | None = HandoverStatus.PENDING,
) -> Page[HandoverRead]:
    """Batons offered to the caller's firm (``incoming``) or by it; pending by default."""
    rows, total = service.list_handovers(
        session, actor=actor, status=status, incoming=incoming, offset=page.offset,
        limit=page.limit,
    )  # fmt: skip
    return page.of(HandoverRead, rows, total)


@router.post("/relay/handovers/{handover_id}/accept", response_model=RelayProjectSummary)
def accept_handover(
    handover_id: uuid.UUID, actor: CurrentActor, session: DbSession
) -> RelayProjectSummary:
    """The receiving firm's admin takes the baton."""
    project = service.accept_handover(session, actor=actor, handover_id=handover_id)
    return service.get_summary(session, actor=actor, project_id=project.id)


@router.post("/relay/handovers/{handover_id}/refuse", response_model=HandoverRead)
def refuse_handover(
    handover_id: uuid.UUID, data: Decision, actor: CurrentActor, session: DbSession
) -> HandoverRead:
    """The receiving firm's admin declines the baton, saying why."""
    handover = service.refuse_handover(
        session, actor=actor, handover_id=handover_id, reason=data.reason
    )
    return service.get_handover(session, actor=actor, handover_id=handover.id)


@router.post("/relay/handovers/{handover_id}/withdraw", response_model=HandoverRead)
def withdraw_handover(
    handover_id: uuid.UUID, data: Decision, actor: CurrentActor, session: DbSession
) -> HandoverRead:
    """The passing firm takes its offer back before an answer."""
    handover = service.withdraw_handover(
        session, actor=actor, handover_id=handover_id, reason=data.reason
    )
    return service.get_handover(session, actor=actor, handover_id=handover.id)


# -- the zone office ----------------------------------------------------------------------


@router.get("/zone/relay", response_model=RelayFunnel)
def relay_funnel(actor: CurrentActor, session: DbSession, settings: AppSettings) -> RelayFunnel:
    """The funnel by leg, median days per leg and handover, drop-outs, stalled batons and the
    share of legs run by Hong Kong and zone firms (the zone office only)."""
    return service.relay_funnel(session, actor=actor, after_days=settings.relay_stalled_after_days)
