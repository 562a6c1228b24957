"""Sign-in in the open (SQLite and PostgreSQL): lock-outs with backoff per account and per
address, failures audited, the same work for unknown accounts; admins disable users and
revoke keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pwdlib import PasswordHash
from sqlalchemy import select

from suigang.domains.identity import admin
from suigang.domains.identity.models import AuditEvent
from suigang.domains.identity.service import (
    actor_from_api_key,
    create_api_key,
    issue_token,
    user_from_token,
)
from suigang.domains.identity.signin import TooManyAttempts, sign_in
from suigang.errors import Conflict, NotFound, PermissionDenied, Unauthenticated
from tests.world import PASSWORD, build_world

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ADDRESS = "203.0.113.7"


def attempt(session, email: str, password: str, at: datetime, address: str = ADDRESS):  # type: ignore[no-untyped-def]
    return sign_in(session, email=email, password=password, address=address, now=at)


def failures(session) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    rows = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "auth.sign_in_failed").order_by(AuditEvent.id)
    )
    return [(r.actor_label, r.details["reason"]) for r in rows]


def test_an_account_is_locked_after_five_failures_with_doubling_backoff(session) -> None:  # type: ignore[no-untyped-def]
    """Five wrong passwords lock the account for 30 s, even for the right password; once
    it is over, one more failure locks it for 60 s; the right password then clears it."""
    build_world(session)
    email = "gz1@test.suigang"
    for i in range(5):
        with pytest.raises(Unauthenticated):
            attempt(session, email, "wrong", T0 + timedelta(seconds=i))
    with pytest.raises(TooManyAttempts) as locked:
        attempt(session, email, PASSWORD, T0 + timedelta(seconds=5))
    assert locked.value.retry_after == 29  # locked at +4 s for 30 s
    with pytest.raises(Unauthenticated):
        attempt(session, email, "wrong", T0 + timedelta(seconds=40))
    with pytest.raises(TooManyAttempts) as longer:
        attempt(session, email, PASSWORD, T0 + timedelta(seconds=41))
    assert longer.value.retry_after == 59  # the sixth failure doubles the lock
    assert attempt(session, email, PASSWORD, T0 + timedelta(seconds=101)).email == email
    for i in range(4):  # cleared: four failures lock nothing
        with pytest.raises(Unauthenticated):
            attempt(session, email, "wrong", T0 + timedelta(seconds=110 + i))
    assert attempt(session, email, PASSWORD, T0 + timedelta(seconds=120)).email == email
    reasons = [r for _, r in failures(session)]
    assert reasons == ["password"] * 5 + ["locked out", "password", "locked out"] + ["password"] * 4


def test_an_address_trying_many_accounts_is_locked(session) -> None:  # type: ignore[no-untyped-def]
    """Twenty failures from one address, each on another (unknown) account, lock the address
    for every account; another address is not held up."""
    build_world(session)
    for i in range(20):
        with pytest.raises(Unauthenticated):
            attempt(session, f"guess{i}@example.com", "x", T0 + timedelta(seconds=i))
    with pytest.raises(TooManyAttempts):
        attempt(session, "gz1@test.suigang", PASSWORD, T0 + timedelta(seconds=21))
    user = attempt(
        session, "gz1@test.suigang", PASSWORD, T0 + timedelta(seconds=21), "198.51.100.1"
    )
    assert user.email == "gz1@test.suigang"


def test_unknown_accounts_cost_the_same_password_check_and_are_audited(
    session, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """An unknown account, a disabled one and a wrong password each check one password hash
    (so the answer takes as long) and answer the same words; each failure is audited, in the
    firm's own log where the account exists."""
    w = build_world(session)
    checks: list[str] = []
    real = PasswordHash.verify

    def counting(self, password, hash):  # type: ignore[no-untyped-def]
        checks.append(password)
        return real(self, password, hash)

    monkeypatch.setattr(PasswordHash, "verify", counting)
    w.users["gz1m"].active = False
    session.commit()
    answers = []
    for email in ("nobody@test.suigang", "gz1m@test.suigang", "gz1@test.suigang"):
        with pytest.raises(Unauthenticated) as err:
            attempt(session, email, "wrong", T0)
        answers.append(err.value.message)
    assert checks == ["wrong", "wrong", "wrong"]  # one hash check each
    assert set(answers) == {"incorrect e-mail or password"}
    assert failures(session) == [
        ("nobody@test.suigang", "unknown account"),
        ("gz1m@test.suigang", "disabled"),
        ("gz1@test.suigang", "password"),
    ]
    firm = session.scalars(
        select(AuditEvent.actor_enterprise_id).where(AuditEvent.action == "auth.sign_in_failed")
    ).all()
    assert firm == [None, w.firms["gz1"].id, w.firms["gz1"].id]


def test_admins_disable_users_and_revoke_keys_with_effect_at_once(session) -> None:  # type: ignore[no-untyped-def]
    """A disabled user's token stops working and comes back when re-enabled; a revoked key
    is refused; members and other firms may not, and nobody disables themselves."""
    w = build_world(session)
    gz1, member = w.actor("gz1"), w.users["gz1m"]
    secret = "k" * 40
    token = issue_token(member, secret=secret, ttl_minutes=5)
    admin.set_user_active(session, actor=gz1, user_id=member.id, active=False)
    with pytest.raises(Unauthenticated):
        user_from_token(session, token=token, secret=secret)
    admin.set_user_active(session, actor=gz1, user_id=member.id, active=True)
    assert user_from_token(session, token=token, secret=secret).id == member.id
    with pytest.raises(Conflict, match="your own account"):
        admin.set_user_active(session, actor=gz1, user_id=w.users["gz1"].id, active=False)
    for outsider in (w.actor("gz2"), w.actor("gz1m")):
        with pytest.raises(NotFound):
            admin.set_user_active(session, actor=outsider, user_id=member.id, active=False)
    key, plain = create_api_key(session, enterprise_id=w.firms["gz1"].id, name="cmm", actor=gz1)
    assert actor_from_api_key(session, plain=plain).label == "api-key:cmm"
    with pytest.raises(NotFound):
        admin.revoke_api_key(session, actor=w.actor("gz2"), key_id=key.id)
    with pytest.raises(PermissionDenied):
        admin.list_api_keys(session, actor=w.actor("gz1m"))
    assert admin.revoke_api_key(session, actor=gz1, key_id=key.id).revoked_at is not None
    with pytest.raises(Unauthenticated):
        actor_from_api_key(session, plain=plain)
    actions = session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.action.in_(["user.disabled", "user.enabled", "api_key.revoked"]))
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["user.disabled", "user.enabled", "api_key.revoked"]
