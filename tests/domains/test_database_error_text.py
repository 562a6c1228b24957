"""The database's own error text names stored values (other firms' data, password hashes):
it never reaches an answer or a log line (SQLite and PostgreSQL)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from suigang.api.app import create_app
from suigang.db import error_summary
from suigang.domains.common import commit_once
from suigang.domains.identity.models import User
from suigang.domains.orders.models import RFQ
from suigang.errors import Conflict
from tests.world import build_world

SECRET = "argon2-SECRET-HASH-that-must-not-leak"


def duplicate_user(session, w) -> None:  # type: ignore[no-untyped-def]
    """A second user with gz1's e-mail: the unique key refuses it at commit."""
    session.add(
        User(
            email=w.users["gz1"].email,
            full_name="copy",
            password_hash=SECRET,
            enterprise_id=w.firms["gz1"].id,
            role="member",
        )
    )


def test_database_errors_carry_no_values(session) -> None:  # type: ignore[no-untyped-def]
    """An engine of ours never puts the statement's values into an error's text."""
    w = build_world(session)
    session.commit()
    duplicate_user(session, w)
    with pytest.raises(IntegrityError) as err:
        session.commit()
    session.rollback()
    assert SECRET not in str(err.value)
    assert error_summary(err.value).startswith("IntegrityError")
    assert "gz1@test.suigang" not in error_summary(err.value)


def test_a_clash_at_commit_is_a_conflict_in_our_words(session) -> None:  # type: ignore[no-untyped-def]
    """A use case's commit that breaks a unique key says so without the database's text."""
    w = build_world(session)
    session.commit()
    number = "RFQ-2026-0001"
    for _ in range(2):
        session.add(
            RFQ(
                number=number,
                requester_id=w.firms["hk1"].id,
                title="t",
                quantity=1,
                wanted_date=datetime(2030, 1, 1, tzinfo=UTC),
                currency="HKD",
            )
        )
        try:
            commit_once(session)
        except Conflict as exc:
            assert exc.message == (
                "the change clashes with a record stored meanwhile; reload and try again"
            )
            break
    else:
        pytest.fail("the second RFQ with the same number was stored")
    assert session.scalars(select(RFQ.number)).all() == [number]


def test_an_unforeseen_database_error_is_answered_and_logged_without_its_text(
    settings, session_factory, caplog
) -> None:  # type: ignore[no-untyped-def]
    """A database error no use case turned into a domain error (here: the unique key of a
    user's e-mail, reached by a route of the test) answers 409 with our words, and the log
    line names only the error's class and SQLSTATE."""
    with session_factory() as s:
        w = build_world(s)
        s.commit()
    app = create_app(settings)

    @app.get("/test-only/duplicate-user")
    def clash() -> None:
        with session_factory() as s:
            duplicate_user(s, w)
            s.commit()

    with caplog.at_level(logging.WARNING), TestClient(app) as client:
        r = client.get("/test-only/duplicate-user")
    assert r.status_code == 409
    assert r.json() == {
        "detail": "the change clashes with a record stored meanwhile; reload and try again"
    }
    logged = caplog.text
    assert "IntegrityError" in logged
    assert SECRET not in logged and "gz1@test.suigang" not in logged
