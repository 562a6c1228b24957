"""A firm's administrator disables and re-enables its users and revokes its API keys.

A disabled user's tokens and web sessions stop working at their next request (both are
checked against the user on every request); a revoked key at once. The zone office's
administrators do the same for the zone office's own users.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.common import owned_by
from suigang.domains.identity.models import ApiKey, User
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import audit, require
from suigang.errors import Conflict, NotFound


def list_users(session: Session, *, actor: Actor) -> list[User]:
    """The users of the actor's own firm, by e-mail (its administrators only)."""
    require(actor, "user:manage", owned_by(actor.enterprise_id))
    return list(
        session.scalars(
            select(User).where(User.enterprise_id == actor.enterprise_id).order_by(User.email)
        )
    )


def _own_user(session: Session, actor: Actor, user_id: uuid.UUID) -> User:
    user = session.get(User, user_id)
    if user is None or not can(actor, "user:manage", owned_by(user.enterprise_id)):
        raise NotFound(f"user {user_id} not found")
    return user


def set_user_active(session: Session, *, actor: Actor, user_id: uuid.UUID, active: bool) -> User:
    """Disable (``active`` False) or re-enable a user of the actor's firm."""
    user = _own_user(session, actor, user_id)
    if not active and user.id == actor.user_id:
        raise Conflict("you cannot disable your own account; ask another administrator")
    if user.active is not active:
        user.active = active
        audit(session, actor, "user.enabled" if active else "user.disabled", "user", user.id)
        session.commit()
    return user


def list_api_keys(session: Session, *, actor: Actor) -> list[ApiKey]:
    """The API keys of the actor's firm, revoked ones included, by name."""
    require(actor, "api_key:manage", owned_by(actor.enterprise_id))
    return list(
        session.scalars(
            select(ApiKey).where(ApiKey.enterprise_id == actor.enterprise_id).order_by(ApiKey.name)
        )
    )


def revoke_api_key(session: Session, *, actor: Actor, key_id: uuid.UUID) -> ApiKey:
    """Revoke a key of the actor's firm: it is refused from its next request on."""
    key = session.get(ApiKey, key_id)
    if key is None or not can(actor, "api_key:manage", owned_by(key.enterprise_id)):
        raise NotFound(f"API key {key_id} not found")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        audit(session, actor, "api_key.revoked", "api_key", key.id, name=key.name)
        session.commit()
    return key
