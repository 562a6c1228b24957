"""Evidence's public use cases, for any domain that wants claims backed by evidence.

The owning domain names the subject (``Subject("relay_project", id)``) and checks who may
attach or read before calling here; these functions add and flush, and the owning domain's
use case commits once, with its own records and audit, at its end. Reading a document's
bytes takes the owning domain's access check as a function of the subject, so a document
is never served without one.

Documents are checked by content (PDF, PNG, JPEG), limited to ``settings.evidence_max_bytes``
and stored under the data directory by their SHA-256 (``documents``); links to platform
data carry the figure at the time they were made and can be refreshed (``links``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.config import Settings
from suigang.db import utcnow
from suigang.domains.evidence import documents, links
from suigang.domains.evidence.documents import MEDIA_TYPES, DocumentBytes, sniff
from suigang.domains.evidence.links import DEFAULT_OEE_DAYS, Figures
from suigang.domains.evidence.models import Evidence, EvidenceKind, LinkKind
from suigang.domains.identity.permissions import Actor
from suigang.errors import InvalidInput, NotFound

__all__ = [
    "DEFAULT_OEE_DAYS",
    "MEDIA_TYPES",
    "DocumentBytes",
    "Figures",
    "Subject",
    "attach_document",
    "attach_link",
    "attach_review",
    "get_evidence",
    "list_evidence",
    "read_document",
    "refresh_link",
    "sniff",
]


@dataclass(frozen=True, slots=True)
class Subject:
    """What evidence is attached to, named by the owning domain: ``(kind, id)``."""

    kind: str
    id: str

    def __post_init__(self) -> None:
        if not self.kind or len(self.kind) > 40:
            raise ValueError(f"subject kind must be 1–40 characters, got {self.kind!r}")
        if not self.id or len(self.id) > 64:
            raise ValueError(f"subject id must be 1–64 characters, got {self.id!r}")

    @classmethod
    def of(cls, kind: str, ident: object) -> Subject:
        return cls(kind, str(ident))


def _clean(text: str, field: str, limit: int, *, required: bool = False) -> str:
    value = text.strip()
    if required and not value:
        raise InvalidInput(f"{field} is empty")
    if len(value) > limit:
        raise InvalidInput(f"{field} has {len(value)} characters; at most {limit}")
    return value


def _new(subject: Subject, actor: Actor, kind: EvidenceKind, title: str, note: str) -> Evidence:
    return Evidence(
        id=uuid.uuid4(),
        subject_kind=subject.kind,
        subject_id=subject.id,
        kind=kind,
        title=title,
        note=_clean(note, "note", 4000),
        enterprise_id=actor.enterprise_id,
        created_by=actor.label,
        created_at=utcnow(),
    )


def attach_document(
    session: Session,
    *,
    settings: Settings,
    actor: Actor,
    subject: Subject,
    content: bytes,
    filename: str,
    title: str = "",
    note: str = "",
    now: datetime | None = None,
) -> Evidence:
    """Store a document (checked by content and size) and attach it to ``subject``; flushes."""
    stored = documents.store(settings, content=content, filename=filename)
    row = _new(
        subject,
        actor,
        EvidenceKind.DOCUMENT,
        _clean(title, "title", 200) or stored.filename,
        note,
    )
    row.sha256, row.media_type = stored.sha256, stored.media_type
    row.size_bytes, row.filename = stored.size_bytes, stored.filename
    row.created_at = now or row.created_at
    session.add(row)
    session.flush()
    return row


def attach_link(
    session: Session,
    *,
    actor: Actor,
    subject: Subject,
    kind: LinkKind,
    ref: uuid.UUID,
    title: str = "",
    note: str = "",
    days: int = DEFAULT_OEE_DAYS,
    now: datetime | None = None,
) -> Evidence:
    """Link platform data (a lot, a machine's OEE) with its figures as of now; flushes.

    ``NotFound`` for a record the actor may not read through its own domain.
    """
    try:
        kind = LinkKind(kind)
    except ValueError:
        allowed = ", ".join(k.value for k in LinkKind)
        raise InvalidInput(f"link kind {kind!r} is not one of {allowed}") from None
    at = now or utcnow()
    figures = links.compute(session, actor=actor, kind=kind, ref=ref, days=days, now=at)
    default_title = f"{figures.figure_name} · {figures.label}"
    row = _new(
        subject, actor, EvidenceKind.PLATFORM_DATA, _clean(title, "title", 200) or default_title,
        note,
    )  # fmt: skip
    row.link_kind, row.link_ref, row.link_label = kind, str(ref), figures.label
    row.figure_name = figures.figure_name
    row.figure_attached = row.figure = figures.figure
    row.figures, row.figures_at, row.created_at = figures.details, at, at
    session.add(row)
    session.flush()
    return row


def attach_review(
    session: Session,
    *,
    actor: Actor,
    subject: Subject,
    title: str,
    note: str,
    now: datetime | None = None,
) -> Evidence:
    """Attach a written review (its title and text are required); flushes."""
    row = _new(
        subject, actor, EvidenceKind.REVIEW, _clean(title, "title", 200, required=True), note
    )
    if not row.note:
        raise InvalidInput("a review needs its text (note)")
    row.created_at = now or row.created_at
    session.add(row)
    session.flush()
    return row


def get_evidence(session: Session, *, subject: Subject, evidence_id: uuid.UUID) -> Evidence:
    """One piece of evidence of ``subject``; ``NotFound`` if it belongs to another subject."""
    row = session.get(Evidence, evidence_id)
    if row is None or (row.subject_kind, row.subject_id) != (subject.kind, subject.id):
        raise NotFound(f"evidence {evidence_id} not found")
    return row


def list_evidence(session: Session, *, subject: Subject) -> list[Evidence]:
    """The evidence of ``subject``, oldest first."""
    return list(
        session.scalars(
            select(Evidence)
            .where(Evidence.subject_kind == subject.kind, Evidence.subject_id == subject.id)
            .order_by(Evidence.created_at, Evidence.id)
        )
    )


def refresh_link(
    session: Session,
    *,
    actor: Actor,
    subject: Subject,
    evidence_id: uuid.UUID,
    now: datetime | None = None,
) -> Evidence:
    """Recompute a link's figures as of now (the figure when attached is kept); flushes."""
    row = get_evidence(session, subject=subject, evidence_id=evidence_id)
    if row.kind is not EvidenceKind.PLATFORM_DATA or row.link_kind is None or not row.link_ref:
        raise InvalidInput(f"evidence {evidence_id} is a {row.kind.value}, not a link")
    at = now or utcnow()
    days = int(row.figures.get("days", DEFAULT_OEE_DAYS))
    figures = links.compute(
        session, actor=actor, kind=row.link_kind, ref=uuid.UUID(row.link_ref), days=days, now=at
    )
    row.figure, row.figures, row.figures_at = figures.figure, figures.details, at
    session.flush()
    return row


def read_document(
    session: Session,
    *,
    settings: Settings,
    evidence_id: uuid.UUID,
    allowed: Callable[[Subject], bool],
) -> DocumentBytes:
    """A document's bytes if ``allowed(subject)`` says the caller may read its subject.

    ``NotFound`` when it does not exist, is not a document, or the check says no, so the
    existence of a document is never revealed to someone who may not read it.
    """
    row = session.get(Evidence, evidence_id)
    if (
        row is None
        or row.kind is not EvidenceKind.DOCUMENT
        or not allowed(Subject(row.subject_kind, row.subject_id))
    ):
        raise NotFound(f"document {evidence_id} not found")
    assert row.sha256 is not None and row.media_type is not None
    return documents.load(
        settings, sha256=row.sha256, media_type=row.media_type, filename=row.filename or "document"
    )
