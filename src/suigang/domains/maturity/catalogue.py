"""The requirement catalogue in use, and the zone office's import of a licensed copy.

The standard's requirement texts are copyrighted: the product ships short summaries the team
wrote (kind ``summary``) and uses them while the zone office has imported nothing. An import
(CSV ``subdomain,level,requirement,text_zh_hans,text_zh_hant,text_en``, kind ``standard``)
replaces the whole catalogue; a bad row is named with its line and nothing is stored.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from suigang.domains.common import commit_once, owned_by
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import audit, require
from suigang.domains.maturity.models import REQUIREMENT, MaturityRequirement
from suigang.engines.analytics.maturity import (
    Requirement,
    load_demo_requirements,
    read_requirements,
)
from suigang.errors import InvalidInput, PermissionDenied

MAX_CATALOGUE_BYTES = 5_000_000


def requirements_in_use(session: Session) -> tuple[Requirement, ...]:
    """The imported catalogue, or the shipped summaries while nothing was imported."""
    rows = session.scalars(
        select(MaturityRequirement).order_by(
            MaturityRequirement.level,
            MaturityRequirement.subdomain,
            MaturityRequirement.requirement,
        )
    ).all()
    if not rows:
        return load_demo_requirements()
    return tuple(
        Requirement(
            r.subdomain, r.level, r.requirement, r.kind, r.text_zh_hans, r.text_zh_hant, r.text_en
        )
        for r in rows
    )


def list_requirements(session: Session, *, actor: Actor) -> tuple[Requirement, ...]:
    """The catalogue in use, for those who assess a firm and for the zone office."""
    if not (
        can(actor, "maturity:read", owned_by(actor.enterprise_id)) or can(actor, "maturity:import")
    ):
        raise PermissionDenied(f"{actor.label} may not read the maturity requirements")
    return requirements_in_use(session)


def _decode(content: bytes, filename: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(f"{filename}: not UTF-8 or GB 18030 text")


def import_requirements(
    session: Session, *, actor: Actor, content: bytes, filename: str = "requirements.csv"
) -> int:
    """Replace the catalogue with the rows of a licensed copy; returns how many were stored.

    The file is read whole first: the first bad row raises ``InvalidInput`` naming the file
    and its line, and nothing is stored.
    """
    require(actor, "maturity:import")
    if len(content) > MAX_CATALOGUE_BYTES:
        raise InvalidInput(f"{filename} is larger than {MAX_CATALOGUE_BYTES} bytes")
    text = _decode(content, filename)
    try:
        rows: Sequence[Requirement] = read_requirements(
            io.StringIO(text, newline=""), name=filename, kind="standard"
        )
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    if not rows:
        raise InvalidInput(f"{filename} has no requirement rows")
    for row in rows:
        if len(row.requirement) > REQUIREMENT:
            raise InvalidInput(
                f"{filename}: requirement {row.requirement[:50]!r} of {row.subdomain} is longer "
                f"than {REQUIREMENT} characters"
            )
    session.execute(delete(MaturityRequirement))
    session.add_all(
        MaturityRequirement(
            subdomain=r.subdomain, level=r.level, requirement=r.requirement, kind=r.kind,
            text_zh_hans=r.text_zh_hans, text_zh_hant=r.text_zh_hant, text_en=r.text_en,
            imported_by=actor.label,
        )
        for r in rows
    )  # fmt: skip
    audit(session, actor, "maturity.requirements_imported", "maturity_requirement", filename,
          rows=len(rows))  # fmt: skip
    commit_once(session)
    return len(rows)
