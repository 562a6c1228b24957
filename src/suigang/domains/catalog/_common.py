"""Helpers shared by the catalogue's use cases (they flush, never commit)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import enterprise_ref
from suigang.errors import Conflict, InvalidInput

MAX_PAGE = 500


# -- shared helpers ------------------------------------------------------------------------


def flush(session: Session, what: str) -> None:
    """Flush, turning a lost race (duplicate code, concurrent edit) into ``Conflict``."""
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(f"{what} clashes with a record stored meanwhile; reload and retry") from None
    except StaleDataError:
        raise Conflict(f"{what} was changed by someone else meanwhile; reload and retry") from None


def check_version(kind: str, code: str, sent: int, current: int) -> None:
    """``Conflict`` naming both versions when the editor's copy is stale."""
    if sent != current:
        raise Conflict(
            f"{kind} {code} was changed by someone else: you sent version {sent}, "
            f"the current version is {current}; reload and retry"
        )


def check_page(offset: int, limit: int) -> None:
    if offset < 0:
        raise InvalidInput(f"offset {offset} must not be negative")
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit {limit} must be between 1 and {MAX_PAGE}")


def reads_own_shop_floor(actor: Actor) -> bool:
    return can(actor, "machine:read", enterprise_ref(actor.enterprise_id))
