"""Evidence behind a project's levels: a document, a link to platform data or a review,
attached through the evidence domain to the project and filed under one TRL or MRL level
(and, for MRL, the threads it covers). Only participants attach, list or download it."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.config import Settings
from suigang.db import utcnow
from suigang.domains.common import commit_once
from suigang.domains.evidence import service as evidence
from suigang.domains.evidence.models import Evidence, LinkKind
from suigang.domains.evidence.schemas import EvidenceRead
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.relay.common import load_project, record, relay_config, subject_of, touch
from suigang.domains.relay.models import ProjectStatus, RelayLevelEvidence, RelayProject
from suigang.domains.relay.projects import CLASH
from suigang.domains.relay.schemas import LevelEvidenceRead, LevelRef
from suigang.engines.readiness import Evidence as GateEvidence
from suigang.engines.readiness import EvidenceKind as GateKind
from suigang.engines.readiness import Scale
from suigang.errors import Conflict, InvalidInput


def _level(ref: LevelRef) -> tuple[Scale, int, tuple[str, ...]]:
    scale = Scale(ref.scale)
    if not 1 <= ref.level <= scale.top:
        raise InvalidInput(f"{scale} must be 1–{scale.top}, got {ref.level}")
    threads = tuple(dict.fromkeys(t.strip().upper() for t in ref.threads if t.strip()))
    if threads and scale is not Scale.MRL:
        raise InvalidInput(f"threads belong to MRL evidence, not to {scale}")
    config = relay_config()
    for t in threads:
        try:
            config.thread(t)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from None
    return scale, ref.level, threads


def _writable(session: Session, actor: Actor, project_id: uuid.UUID) -> RelayProject:
    project = load_project(
        session, actor=actor, project_id=project_id, permission="relay_evidence:write"
    )
    if project.status is not ProjectStatus.ACTIVE:
        raise Conflict(f"relay project {project.id} is {project.status.value}; nothing can change")
    return project


def _file(
    session: Session,
    project: RelayProject,
    actor: Actor,
    row: Evidence,
    level: tuple[Scale, int, tuple[str, ...]],
    at: datetime,
) -> Evidence:
    scale, number, threads = level
    session.add(
        RelayLevelEvidence(
            evidence_id=row.id, project_id=project.id, scale=scale.value, level=number,
            threads=",".join(threads),
        )
    )  # fmt: skip
    touch(project, at, moved=True)
    record(
        session, project, actor, "evidence_attached", at, evidence=str(row.id),
        evidence_kind=row.kind.value, title=row.title, scale=scale.value, level=number,
        threads=",".join(threads), figure_name=row.figure_name or None, figure=row.figure,
    )  # fmt: skip
    commit_once(session, clash=CLASH)
    return row


def attach_document(
    session: Session,
    *,
    settings: Settings,
    actor: Actor,
    project_id: uuid.UUID,
    level: LevelRef,
    content: bytes,
    filename: str,
    title: str = "",
    note: str = "",
    now: datetime | None = None,
) -> Evidence:
    """A participant files a document (PDF, PNG or JPEG) under a level of the project."""
    project = _writable(session, actor, project_id)
    parsed = _level(level)
    at = now or utcnow()
    row = evidence.attach_document(
        session, settings=settings, actor=actor, subject=subject_of(project.id),
        content=content, filename=filename, title=title, note=note, now=at,
    )  # fmt: skip
    return _file(session, project, actor, row, parsed, at)


def attach_link(
    session: Session,
    *,
    actor: Actor,
    project_id: uuid.UUID,
    level: LevelRef,
    link_kind: LinkKind,
    ref: uuid.UUID,
    title: str = "",
    note: str = "",
    days: int = evidence.DEFAULT_OEE_DAYS,
    now: datetime | None = None,
) -> Evidence:
    """A participant links platform data it may read (a lot it made or bought, its own
    machine's OEE) under a level of the project, with the figure as of now."""
    project = _writable(session, actor, project_id)
    parsed = _level(level)
    at = now or utcnow()
    row = evidence.attach_link(
        session, actor=actor, subject=subject_of(project.id), kind=link_kind, ref=ref,
        title=title, note=note, days=days, now=at,
    )  # fmt: skip
    return _file(session, project, actor, row, parsed, at)


def attach_review(
    session: Session,
    *,
    actor: Actor,
    project_id: uuid.UUID,
    level: LevelRef,
    title: str,
    note: str,
    now: datetime | None = None,
) -> Evidence:
    """A participant files a written review under a level of the project."""
    project = _writable(session, actor, project_id)
    parsed = _level(level)
    at = now or utcnow()
    row = evidence.attach_review(
        session, actor=actor, subject=subject_of(project.id), title=title, note=note, now=at
    )
    return _file(session, project, actor, row, parsed, at)


def refresh_link(
    session: Session,
    *,
    actor: Actor,
    project_id: uuid.UUID,
    evidence_id: uuid.UUID,
    now: datetime | None = None,
) -> Evidence:
    """Recompute a linked figure (a refresh is not movement: the stall clock runs on)."""
    project = _writable(session, actor, project_id)
    at = now or utcnow()
    before = evidence.get_evidence(
        session, subject=subject_of(project.id), evidence_id=evidence_id
    ).figure
    row = evidence.refresh_link(
        session, actor=actor, subject=subject_of(project.id), evidence_id=evidence_id, now=at
    )
    touch(project, at, moved=False)
    record(
        session, project, actor, "evidence_refreshed", at, evidence=str(row.id),
        title=row.title, figure_name=row.figure_name, before=before, figure=row.figure,
    )  # fmt: skip
    commit_once(session, clash=CLASH)
    return row


def level_evidence(session: Session, project_id: uuid.UUID) -> list[LevelEvidenceRead]:
    """The project's evidence with the level each supports, oldest first."""
    rows = session.execute(
        select(RelayLevelEvidence, Evidence)
        .join(Evidence, Evidence.id == RelayLevelEvidence.evidence_id)
        .where(RelayLevelEvidence.project_id == project_id)
        .order_by(Evidence.created_at, Evidence.id)
    ).all()
    return [
        LevelEvidenceRead(
            scale=link.scale,
            level=link.level,
            threads=list(link.thread_ids),
            evidence=EvidenceRead.model_validate(row),
        )
        for link, row in rows
    ]


def gate_evidence(items: list[LevelEvidenceRead]) -> tuple[GateEvidence, ...]:
    """The project's evidence as the readiness engine reads it."""
    return tuple(
        GateEvidence(
            Scale(i.scale),
            i.level,
            GateKind(i.evidence.kind.value),
            str(i.evidence.id),
            tuple(i.threads),
        )
        for i in items
    )


def list_project_evidence(
    session: Session, *, actor: Actor, project_id: uuid.UUID
) -> list[LevelEvidenceRead]:
    """The evidence of a project, for its participants only (anyone else: not found)."""
    load_project(session, actor=actor, project_id=project_id, permission="relay_project:read")
    return level_evidence(session, project_id)


def project_document(
    session: Session,
    *,
    settings: Settings,
    actor: Actor,
    project_id: uuid.UUID,
    evidence_id: uuid.UUID,
) -> evidence.DocumentBytes:
    """A document of the project for a participant; not found for anyone else, the zone
    office included."""
    project = load_project(
        session, actor=actor, project_id=project_id, permission="relay_project:read"
    )
    subject = subject_of(project.id)
    return evidence.read_document(
        session,
        settings=settings,
        evidence_id=evidence_id,
        allowed=lambda s: s == subject and can(actor, "relay_project:read", project),
    )
