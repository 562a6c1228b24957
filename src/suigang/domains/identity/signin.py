"""Signing in with an e-mail and a password, safely in the open.

- **Lock-out with backoff**, per account and per client address: after ``FREE`` failures
  in a row an account (``ADDRESS_FREE`` for an address) is locked for ``BASE_LOCK``, doubled
  with every further failure up to ``MAX_LOCK``; a locked sign-in is refused (429 with the
  seconds to wait) even with the right password. Failures older than ``FORGET`` no longer
  count. A success clears the account's count.
- **The same work whether or not the account exists**: an unknown or disabled account still
  has a password hash checked (a dummy one), so the time of the answer tells nothing.
- **Every failure is audited** (``auth.sign_in_failed``, with the address and why), in the
  audit log of the account's firm when the account exists.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.identity.models import AuditEvent, SignInThrottle, User
from suigang.domains.identity.service import hash_password, verify_password
from suigang.errors import DomainError, Unauthenticated

FREE = 5  # failures of an account before it is locked
ADDRESS_FREE = 20  # failures from one address (many accounts) before it is locked
BASE_LOCK = timedelta(seconds=30)
MAX_LOCK = timedelta(hours=1)
FORGET = timedelta(hours=1)  # a failure older than this no longer counts
FAILED = "incorrect e-mail or password"


class TooManyAttempts(DomainError):
    """Sign-in refused for now: too many failures for this account or address."""

    status_code = 429

    def __init__(self, seconds: int) -> None:
        super().__init__(f"too many failed sign-ins: try again in {seconds} s")
        self.retry_after = seconds
        self.headers = {"Retry-After": str(seconds)}


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to check an unknown account's password against (same cost as a real one)."""
    return hash_password(uuid.uuid4().hex)


def _keys(email: str, address: str | None) -> list[tuple[str, int]]:
    keys = [(f"account:{email[:250]}", FREE)]
    if address:
        keys.append((f"address:{address[:250]}", ADDRESS_FREE))
    return keys


def _lock_for(failures: int, free: int) -> timedelta | None:
    if failures < free:
        return None
    lock: timedelta = min(BASE_LOCK * (2 ** (failures - free)), MAX_LOCK)
    return lock


def _locked(session: Session, keys: list[tuple[str, int]], now: datetime) -> int:
    """Seconds to wait before a sign-in of these keys may be tried, 0 when none."""
    rows = session.scalars(
        select(SignInThrottle).where(SignInThrottle.key.in_([k for k, _ in keys]))
    )
    wait = max(((r.locked_until - now).total_seconds() for r in rows if r.locked_until), default=0)
    return max(0, int(wait + 0.999))


def _record_failure(session: Session, keys: list[tuple[str, int]], now: datetime) -> None:
    for key, free in keys:
        row = session.get(SignInThrottle, key, with_for_update=True)
        if row is None:
            row = SignInThrottle(key=key, failures=0, last_failure_at=now)
            session.add(row)
        elif now - row.last_failure_at > FORGET:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        lock = _lock_for(row.failures, free)
        row.locked_until = now + lock if lock else None


def sign_in(
    session: Session, *, email: str, password: str, address: str | None, now: datetime | None = None
) -> User:
    """The active user with this e-mail and password; ``Unauthenticated`` (401) otherwise,
    ``TooManyAttempts`` (429) while the account or the address is locked out. Commits the
    failure's bookkeeping and audit record."""
    now = now or utcnow()
    email = email.strip().lower()
    keys = _keys(email, address)
    wait = _locked(session, keys, now)
    if wait:
        _audit_failure(session, None, email, address, "locked out", now)
        session.commit()
        raise TooManyAttempts(wait)
    user = session.scalar(select(User).where(User.email == email))
    # the same password check whether or not the account exists (no timing difference)
    matches = verify_password(password, user.password_hash if user else _dummy_hash())
    if user is not None and user.active and matches:
        row = session.get(SignInThrottle, keys[0][0])
        if row is not None:
            session.delete(row)
            session.commit()
        return user
    reason = "unknown account" if user is None else "disabled" if not user.active else "password"
    _record_failure(session, keys, now)
    _audit_failure(session, user, email, address, reason, now)
    session.commit()
    raise Unauthenticated(FAILED)


def _audit_failure(
    session: Session,
    user: User | None,
    email: str,
    address: str | None,
    reason: str,
    now: datetime,
) -> None:
    if user is None:
        user = session.scalar(select(User).where(User.email == email))
    session.add(
        AuditEvent(
            at=now,
            actor_user_id=user.id if user else None,
            actor_enterprise_id=user.enterprise_id if user else None,
            actor_label=email[:254],
            action="auth.sign_in_failed",
            subject_type="user",
            subject_id=str(user.id) if user else "unknown",
            details={"address": address or "", "reason": reason},
        )
    )
