"""Use cases of identity: firms, users, credentials, the audit log."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta
from functools import lru_cache
from typing import Any, TypeVar

import jwt
from pwdlib import PasswordHash
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.common import NOBODY, owned_by, page
from suigang.domains.identity.models import (
    ApiKey,
    AuditEvent,
    Enterprise,
    EnterpriseKind,
    Region,
    Role,
    User,
)
from suigang.domains.identity.permissions import Actor, Addressable, can
from suigang.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Unauthenticated

R = TypeVar("R", bound=Addressable)
TOKEN_ALGORITHM = "HS256"
API_KEY_PREFIX = "sgk_"


@lru_cache(maxsize=1)
def _hasher() -> PasswordHash:
    return PasswordHash.recommended()


def hash_password(password: str) -> str:
    """An argon2 hash of ``password``."""
    return _hasher().hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    return _hasher().verify(password, password_hash)


def audit(
    session: Session,
    actor: Actor | None,
    action: str,
    subject_type: str,
    subject_id: object,
    **details: Any,
) -> None:
    """Record a write in the audit log (flushes nothing; the use case commits)."""
    session.add(
        AuditEvent(
            at=utcnow(),
            actor_user_id=actor.user_id if actor else None,
            actor_enterprise_id=actor.enterprise_id if actor else None,
            actor_label=actor.label if actor else "system",
            action=action,
            subject_type=subject_type,
            subject_id=str(subject_id),
            details={k: str(v) for k, v in details.items()},
        )
    )


def require(actor: Actor, permission: str, resource: Any = None) -> None:
    """Raise ``PermissionDenied`` unless ``can(actor, permission, resource)``."""
    if not can(actor, permission, resource):
        raise PermissionDenied(f"{actor.label} may not {permission.replace(':', ' ')}")


def get_visible(
    session: Session, model: type[R], ident: object, *, actor: Actor, permission: str, kind: str
) -> R:
    """The row ``ident`` of ``model`` if ``actor`` has ``permission`` on it.

    ``NotFound`` both when it does not exist and when the actor may not see it, so another
    firm's ids cannot be probed.
    """
    row = session.get(model, ident)
    if row is None or not can(actor, permission, row):
        raise NotFound(f"{kind} {ident} not found")
    return row


def get_own(session: Session, model: type[R], ident: object, *, actor: Actor, kind: str) -> R:
    """The row ``ident`` of ``model`` if the actor's firm owns it; ``NotFound`` otherwise, as
    for a row that does not exist, so another firm's ids cannot be probed."""
    row = session.get(model, ident)
    if row is None or row.owner_enterprise_id != actor.enterprise_id:
        raise NotFound(f"{kind} {ident} not found")
    return row


def actor_for_user(user: User) -> Actor:
    return Actor(
        enterprise_id=user.enterprise_id,
        enterprise_kind=user.enterprise.kind,
        role=user.role,
        label=user.email,
        user_id=user.id,
        language=user.language,
    )


# -- enterprises and users ----------------------------------------------------------------


def active_user(session: Session, *, user_id: uuid.UUID) -> User | None:
    """The active user with this id (the one a UI sign-in session belongs to), or None."""
    user = session.get(User, user_id)
    return user if user is not None and user.active else None


def create_enterprise(
    session: Session,
    *,
    kind: EnterpriseKind | str,
    name_en: str,
    name_zh_hans: str,
    name_zh_hant: str,
    region: Region | str,
    actor: Actor | None,
    address: str = "",
    description: str = "",
    hk_invested: bool = False,
    commit: bool = True,
) -> Enterprise:
    """Register a firm. ``actor`` None is the system (set-up and demo)."""
    if actor is not None:
        require(actor, "enterprise:create")
    try:
        kind = EnterpriseKind(kind)
    except ValueError:
        kinds = [k.value for k in EnterpriseKind]
        raise InvalidInput(f"kind {kind!r} is not one of {kinds}") from None
    try:
        region = Region(region)
    except ValueError:
        raise InvalidInput(f"region {region!r} is not one of {[r.value for r in Region]}") from None
    for field_name, value in (
        ("name_en", name_en),
        ("name_zh_hans", name_zh_hans),
        ("name_zh_hant", name_zh_hant),
    ):
        if not value.strip():
            raise InvalidInput(f"{field_name} must not be empty")
    ent = Enterprise(
        kind=kind,
        name_en=name_en.strip(),
        name_zh_hans=name_zh_hans.strip(),
        name_zh_hant=name_zh_hant.strip(),
        region=region,
        address=address,
        description=description,
        hk_invested=hk_invested,
    )
    session.add(ent)
    session.flush()
    audit(session, actor, "enterprise.created", "enterprise", ent.id, kind=kind.value)
    if commit:
        session.commit()
    return ent


def create_user(
    session: Session,
    *,
    enterprise_id: uuid.UUID,
    email: str,
    full_name: str,
    password: str,
    role: Role | str,
    actor: Actor | None,
    language: str = "en",
    commit: bool = True,
) -> User:
    """Add a user to a firm; only that firm's admin (or the system) may."""
    ent = session.get(Enterprise, enterprise_id)
    if ent is None:
        raise NotFound(f"enterprise {enterprise_id} not found")
    if actor is not None:
        require(actor, "user:manage", owned_by(ent.id))
    try:
        role = Role(role)
    except ValueError:
        raise InvalidInput(f"role {role!r} is not one of {[r.value for r in Role]}") from None
    if role is Role.ZONE_ADMIN and ent.kind != EnterpriseKind.ZONE_OFFICE:
        raise InvalidInput("role zone_admin is only for members of the zone office")
    email = email.strip().lower()
    if "@" not in email:
        raise InvalidInput(f"email {email!r} is not an e-mail address")
    if len(password) < 8:
        raise InvalidInput("password must have at least 8 characters")
    if session.scalar(select(func.count()).where(User.email == email)):
        raise Conflict(f"a user with email {email} exists already")
    user = User(
        enterprise_id=ent.id,
        email=email,
        full_name=full_name,
        password_hash=hash_password(password),
        role=role,
        language=language,
    )
    session.add(user)
    session.flush()
    audit(session, actor, "user.created", "user", user.id, email=email, role=role.value)
    if commit:
        session.commit()
    return user


def get_enterprise(session: Session, *, enterprise_id: uuid.UUID, actor: Actor) -> Enterprise:
    ent = session.get(Enterprise, enterprise_id)
    if ent is None or not can(actor, "enterprise:read", owned_by(ent.id)):
        raise NotFound(f"enterprise {enterprise_id} not found")
    return ent


def list_enterprises(
    session: Session,
    *,
    actor: Actor,
    kind: str | None = None,
    name: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[Enterprise], int]:
    """The zone's directory of firms (readable by every signed-in user); ``name`` keeps the
    firms whose name in any of the three scripts contains it, ignoring case."""
    if not can(actor, "enterprise:read", owned_by(NOBODY)):
        return [], 0
    query = select(Enterprise)
    if kind:
        query = query.where(Enterprise.kind == kind)
    if name and name.strip():
        needle = name.strip().lower()
        query = query.where(
            or_(
                *(
                    func.lower(column).contains(needle, autoescape=True)
                    for column in (
                        Enterprise.name_en,
                        Enterprise.name_zh_hans,
                        Enterprise.name_zh_hant,
                    )
                )
            )
        )
    return page(session, query, Enterprise.name_en, offset=offset, limit=limit)


# -- credentials --------------------------------------------------------------------------


def authenticate(session: Session, *, email: str, password: str) -> User:
    """The active user with this e-mail and password, else ``Unauthenticated``.

    A plain credential check (scripts, the demo); people sign in through
    ``signin.sign_in``, which adds lock-outs and the audit of failures.
    """
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    matches = verify_password(password, user.password_hash if user else _unknown_hash())
    if user is None or not user.active or not matches:
        raise Unauthenticated("incorrect e-mail or password")
    return user


@lru_cache(maxsize=1)
def _unknown_hash() -> str:
    """What an unknown account's password is checked against: the same work as a real one."""
    return hash_password(secrets.token_hex(16))


def issue_token(user: User, *, secret: str, ttl_minutes: int) -> str:
    """A signed bearer token for ``user``."""
    now = utcnow()
    payload = {
        "sub": str(user.id),
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=ttl_minutes)).timestamp()),
    }
    return jwt.encode(payload, secret, algorithm=TOKEN_ALGORITHM)


def user_from_token(session: Session, *, token: str, secret: str) -> User:
    try:
        payload = jwt.decode(
            token,
            secret,
            algorithms=[TOKEN_ALGORITHM],
            options={"require": ["exp", "iat", "sub"]},  # a token without expiry is refused
        )
        user_id = uuid.UUID(payload["sub"])
    except (jwt.PyJWTError, KeyError, ValueError):
        raise Unauthenticated("invalid or expired token") from None
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise Unauthenticated("invalid or expired token")
    return user


def _digest(secret_text: str) -> str:
    return hashlib.sha256(secret_text.encode()).hexdigest()


def create_api_key(
    session: Session, *, enterprise_id: uuid.UUID, name: str, actor: Actor | None
) -> tuple[ApiKey, str]:
    """A new API key; the plain key is returned once and never stored."""
    if actor is not None:
        require(actor, "api_key:manage", owned_by(enterprise_id))
    if session.get(Enterprise, enterprise_id) is None:
        raise NotFound(f"enterprise {enterprise_id} not found")
    prefix = secrets.token_hex(6)
    plain = f"{API_KEY_PREFIX}{prefix}_{secrets.token_urlsafe(24)}"
    key = ApiKey(enterprise_id=enterprise_id, name=name, prefix=prefix, key_hash=_digest(plain))
    session.add(key)
    session.flush()
    audit(session, actor, "api_key.created", "api_key", key.id, name=name)
    session.commit()
    return key, plain


def actor_from_api_key(session: Session, *, plain: str) -> Actor:
    """The actor of a presented API key, else ``Unauthenticated``."""
    parts = plain.removeprefix(API_KEY_PREFIX).split("_", 1)
    key = session.scalar(select(ApiKey).where(ApiKey.prefix == parts[0])) if parts else None
    if (
        key is None
        or key.revoked_at is not None
        or not secrets.compare_digest(key.key_hash, _digest(plain))
    ):
        raise Unauthenticated("invalid API key")
    return Actor(
        enterprise_id=key.enterprise_id,
        enterprise_kind=key.enterprise.kind,
        role="api_key",
        label=f"api-key:{key.name}",
    )


def list_audit(
    session: Session, *, actor: Actor, offset: int = 0, limit: int = 50
) -> list[AuditEvent]:
    """The audit log of the actor's own enterprise."""
    require(actor, "audit:read", owned_by(actor.enterprise_id))
    rows = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.actor_enterprise_id == actor.enterprise_id)
        .order_by(AuditEvent.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(rows)
