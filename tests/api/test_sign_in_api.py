"""Sign-in and account control over HTTP (SQLite and PostgreSQL): 429 with Retry-After
after repeated failures, keys revoked and users disabled by their firm's administrator."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from suigang.api.app import API_PREFIX, create_app
from tests.api.test_api_flow import login
from tests.world import PASSWORD, build_world


@pytest.fixture
def ctx(settings, session_factory):  # type: ignore[no-untyped-def]
    with session_factory() as s:
        world = build_world(s)
    with TestClient(create_app(settings)) as client:
        yield client, world


def token(client: TestClient, who: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"{API_PREFIX}/auth/token",
        data={"username": f"{who}@test.suigang", "password": password},
    )


def test_repeated_failures_answer_429_with_retry_after(ctx) -> None:  # type: ignore[no-untyped-def]
    """Five wrong passwords, then even the right one is 429 with Retry-After; the audit log
    of the firm lists the failures."""
    client, _ = ctx
    assert [token(client, "gz1m", "wrong").status_code for _ in range(5)] == [401] * 5
    r = token(client, "gz1m", PASSWORD)
    assert r.status_code == 429
    assert 25 <= int(r.headers["retry-after"]) <= 30
    assert r.json()["detail"].startswith("too many failed sign-ins: try again in")
    log = client.get(f"{API_PREFIX}/audit", headers=login(client, "gz1")).json()
    assert [e["action"] for e in log].count("auth.sign_in_failed") == 6


def test_admin_revokes_a_key_and_disables_a_user(ctx) -> None:  # type: ignore[no-untyped-def]
    """The key answers 401 once revoked; the disabled member's token answers 401 and the
    member cannot sign in; other firms' admins cannot touch either (404)."""
    client, w = ctx
    gz1, gz2 = login(client, "gz1"), login(client, "gz2")
    member = login(client, "gz1m")
    created = client.post(f"{API_PREFIX}/api-keys", headers=gz1, json={"name": "cmm-01"}).json()
    key = {"X-API-Key": created["key"]}
    assert client.get(f"{API_PREFIX}/me", headers=key).status_code == 200
    assert (
        client.post(f"{API_PREFIX}/api-keys/{created['id']}/revoke", headers=gz2).status_code == 404
    )
    r = client.post(f"{API_PREFIX}/api-keys/{created['id']}/revoke", headers=gz1)
    assert r.status_code == 200 and r.json()["revoked_at"] is not None
    assert client.get(f"{API_PREFIX}/me", headers=key).status_code == 401

    member_id = str(w.users["gz1m"].id)
    users = client.get(f"{API_PREFIX}/users", headers=gz1).json()
    assert sorted(u["email"] for u in users) == ["gz1@test.suigang", "gz1m@test.suigang"]
    assert client.post(f"{API_PREFIX}/users/{member_id}/disable", headers=gz2).status_code == 404
    assert client.post(f"{API_PREFIX}/users/{member_id}/disable", headers=member).status_code == 404
    r = client.post(f"{API_PREFIX}/users/{member_id}/disable", headers=gz1)
    assert (r.status_code, r.json()["active"]) == (200, False)
    assert client.get(f"{API_PREFIX}/me", headers=member).status_code == 401
    assert token(client, "gz1m", PASSWORD).status_code == 401
    assert client.post(f"{API_PREFIX}/users/{member_id}/enable", headers=gz1).json()["active"]
    assert client.get(f"{API_PREFIX}/me", headers=member).status_code == 200
