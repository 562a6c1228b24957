"""The catalogue the zone office keeps: add or change a scheme, list them."""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.common import commit_once, mapping_from_yaml, yaml_text
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import audit, require
from suigang.domains.schemes.models import SupportScheme
from suigang.domains.schemes.schemas import SchemeCreate
from suigang.engines.analytics.eligibility import Scheme
from suigang.errors import InvalidInput


def engine_scheme(code: str, criteria: list[dict[str, object]]) -> Scheme:
    """The engine's scheme; ``InvalidInput`` naming the criterion that does not read."""
    try:
        return Scheme.from_dict({"id": code, "criteria": criteria})
    except ValueError as exc:
        raise InvalidInput(f"criteria: {exc}") from None


def save_scheme(session: Session, *, actor: Actor, data: SchemeCreate) -> SupportScheme:
    """Add a scheme, or change the one with the same code (the zone office)."""
    require(actor, "scheme:write")
    criteria = [c.model_dump() for c in data.criteria]
    engine_scheme(data.code, criteria)
    row = session.scalar(select(SupportScheme).where(SupportScheme.code == data.code))
    created = row is None
    if row is None:
        row = SupportScheme(code=data.code)
        session.add(row)
    for name in ("name_en", "name_zh_hans", "name_zh_hant", "sponsor", "purpose",
                 "source_url", "active"):  # fmt: skip
        setattr(row, name, getattr(data, name))
    row.applies_to, row.criteria = list(dict.fromkeys(data.applies_to)), criteria
    row.help_keywords = [w.strip() for w in data.help_keywords if w.strip()]
    row.updated_by, row.updated_at = actor.label, utcnow()
    session.flush()
    audit(session, actor, "scheme.added" if created else "scheme.changed", "support_scheme",
          row.code)  # fmt: skip
    commit_once(session)
    return row


FIELDS = ("code", "name_en", "name_zh_hans", "name_zh_hant", "sponsor", "purpose", "applies_to",
          "criteria", "help_keywords", "source_url", "active")  # fmt: skip


def scheme_text(row: SupportScheme | None) -> str:
    """A scheme as YAML, to edit on a page (the same code changes it; a new code adds one)."""
    if row is None:
        return ""
    data = {name: getattr(row, name) for name in FIELDS}
    return yaml_text(data)


def scheme_from_text(text: str) -> SchemeCreate:
    """A scheme written as YAML; ``InvalidInput`` naming the line or the field."""
    data = mapping_from_yaml(text, what="scheme", expected=f"the fields {', '.join(FIELDS)}")
    try:
        return SchemeCreate.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidInput(f"scheme: {where}: {first['msg']}") from None


def list_schemes(
    session: Session, *, actor: Actor, active_only: bool = False
) -> list[SupportScheme]:
    """The catalogue, by code (everyone signed in reads it)."""
    require(actor, "scheme:read")
    query = select(SupportScheme).order_by(SupportScheme.code)
    if active_only:
        query = query.where(SupportScheme.active.is_(True))
    return list(session.scalars(query))
