"""Small reads the pages need that no domain service offers.

Nothing here writes; each read is as narrow as the page that uses it.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from suigang.domains.identity.models import User


def active_user(session: Session, *, user_id: uuid.UUID) -> User | None:
    """The active user with this id (the one a UI login session belongs to), or None."""
    user = session.get(User, user_id)
    return user if user is not None and user.active else None
