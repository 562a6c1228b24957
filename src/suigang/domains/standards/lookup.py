"""Looking standards up in the stored crosswalk, both ways, in the spellings people type."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import require
from suigang.domains.standards.models import StandardMapping
from suigang.domains.standards.schemas import LookupNote, StandardMatch, StandardsLookup
from suigang.engines.standards import Crosswalk, CrosswalkRow, Match, lookup, match_record
from suigang.errors import InvalidInput


def stored_crosswalk(session: Session) -> Crosswalk:
    """The crosswalk of every stored row (each row's id carried as its ``ref``)."""
    rows = session.scalars(select(StandardMapping).order_by(StandardMapping.imported_at))
    return Crosswalk.from_rows(
        [
            CrosswalkRow(
                intl_standard=r.intl_standard,
                cn_standard=r.cn_standard,
                year=r.year,
                adoption=r.adoption,  # type: ignore[arg-type]  # read by CrosswalkRow
                intl_title=r.intl_title,
                cn_title=r.cn_title,
                topic=r.topic,
                source=r.source,
                superseded_by=r.superseded_by,
                ref=str(r.id),
            )
            for r in rows
        ]
    )


def match_read(match: Match) -> StandardMatch:
    return StandardMatch(id=uuid.UUID(match.entry.row.ref), **match_record(match))  # type: ignore[arg-type]


def lookup_standards(session: Session, *, actor: Actor, query: str) -> StandardsLookup:
    """The stored rows matching ``query`` both ways, best first, with the notes a reader
    needs (an edition the table lacks, the other kind of a GB number)."""
    require(actor, "standards:read")
    text = query.strip()
    if not text:
        raise InvalidInput("type a standard number, e.g. ISO 9001 or GB/T 19001-2016")
    if len(text) > 200:
        raise InvalidInput(f"the query has {len(text)} characters; at most 200")
    try:
        result = lookup(stored_crosswalk(session), text)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    return StandardsLookup(
        query=[n.text for n in result.query],
        status=result.status.value,
        items=[match_read(m) for m in result.matches],
        notes=[
            LookupNote(
                kind=n.kind.value, subject=n.subject, related=list(n.related), message=n.message
            )
            for n in result.notes
        ],
    )
