"""Small reads the pages need that no domain service offers (yet).

Each one checks the same permission the domain would, through ``can``; nothing here writes.
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suigang.domains.catalog.models import Machine, Product
from suigang.domains.identity.models import User
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import enterprise_ref


def active_user(session: Session, *, user_id: uuid.UUID) -> User | None:
    """The active user with this id (the one a UI login session belongs to), or None."""
    user = session.get(User, user_id)
    return user if user is not None and user.active else None


def list_machines(
    session: Session, *, actor: Actor, offset: int = 0, limit: int = 100
) -> tuple[list[Machine], int]:
    """The actor's own factory's machines."""
    if not can(actor, "machine:read", enterprise_ref(actor.enterprise_id)):
        return [], 0
    query = select(Machine).where(Machine.enterprise_id == actor.enterprise_id)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Machine.code).offset(offset).limit(limit))
    return list(rows), total


def list_products(
    session: Session, *, actor: Actor, offset: int = 0, limit: int = 200
) -> tuple[list[Product], int]:
    """The actor's own factory's catalogue."""
    if not can(actor, "product:read", enterprise_ref(actor.enterprise_id)):
        return [], 0
    query = select(Product).where(Product.enterprise_id == actor.enterprise_id)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Product.code).offset(offset).limit(limit))
    return list(rows), total
