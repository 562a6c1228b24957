"""Tokens cannot be forged: no built-in key, expiry required, a demo key per data directory,
security headers on every response and Secure cookies over TLS."""

from __future__ import annotations

import stat
import time
import uuid
from pathlib import Path

import jwt
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from typer.testing import CliRunner

from suigang.api.app import API_PREFIX, create_app
from suigang.config import MissingSecretKey, Settings
from suigang.demo.secret import demo_secret_key
from tests.api.test_api_flow import login
from tests.world import build_world

OLD_DEFAULT = "suigang-dev-secret-change-me-in-production-0123456789"


@pytest.fixture
def ctx(settings, session_factory):  # type: ignore[no-untyped-def]
    with session_factory() as s:
        world = build_world(s)
    with TestClient(create_app(settings)) as client:
        yield client, world, settings


def test_no_key_no_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without SUIGANG_SECRET_KEY the app refuses to start, and says what to set."""
    monkeypatch.delenv("SUIGANG_SECRET_KEY")
    with pytest.raises(MissingSecretKey, match="SUIGANG_SECRET_KEY is not set"):
        create_app(Settings(data_dir=tmp_path), verify_schema=False)


def test_serve_without_a_key_exits_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    """``suigang serve`` with no key stops with exit code 2 and the message, before serving."""
    from suigang.cli import app
    from suigang.config import get_settings

    monkeypatch.delenv("SUIGANG_SECRET_KEY")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["serve", "--port", "1"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "SUIGANG_SECRET_KEY is not set" in result.output


@pytest.mark.parametrize(
    ("key", "reason"),
    [(OLD_DEFAULT, "published example key"), ("short-key", "at least 32 are needed")],
)
def test_weak_or_published_keys_are_refused(key: str, reason: str) -> None:
    """The old built-in default and short keys are refused when the settings are read."""
    with pytest.raises(ValidationError, match=reason):
        Settings(secret_key=key)


def test_a_token_signed_with_the_old_default_key_is_refused(ctx) -> None:  # type: ignore[no-untyped-def]
    """A token forged with the key every install used to have is 401."""
    client, w, _ = ctx
    now = int(time.time())
    forged = jwt.encode(
        {"sub": str(w.users["gz1"].id), "iat": now, "exp": now + 600}, OLD_DEFAULT, "HS256"
    )
    r = client.get(f"{API_PREFIX}/me", headers={"Authorization": f"Bearer {forged}"})
    assert r.status_code == 401


def test_a_token_without_expiry_is_refused(ctx) -> None:  # type: ignore[no-untyped-def]
    """Even signed with the server's own key, a token without ``exp`` is 401."""
    client, w, settings = ctx
    token = jwt.encode(
        {"sub": str(w.users["gz1"].id), "iat": int(time.time())}, settings.secret_key, "HS256"
    )
    r = client.get(f"{API_PREFIX}/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401
    assert client.get(f"{API_PREFIX}/me", headers=login(client, "gz1")).status_code == 200


def test_demo_key_is_random_per_data_directory_and_private(tmp_path: Path) -> None:
    """The demo keeps one random key per data directory, readable by its owner only."""
    first = demo_secret_key(tmp_path / "a")
    assert demo_secret_key(tmp_path / "a") == first  # the same directory keeps its key
    assert demo_secret_key(tmp_path / "b") != first  # another installation has another
    assert len(first) >= 48
    mode = stat.S_IMODE((tmp_path / "a" / "secret-key").stat().st_mode)
    assert mode == 0o600


def test_security_headers_on_api_responses(ctx) -> None:  # type: ignore[no-untyped-def]
    """Every response forbids framing and content sniffing."""
    client, _, _ = ctx
    r = client.get(f"{API_PREFIX}/health")
    assert r.headers["content-security-policy"] == "frame-ancestors 'none'"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "strict-transport-security" not in r.headers  # plain HTTP: no HSTS


def test_ids_are_not_enough_to_sign_in(ctx) -> None:  # type: ignore[no-untyped-def]
    """Knowing a user's id (demo ids are derived from the seed) gives nothing without the key."""
    client, w, _ = ctx
    now = int(time.time())
    for key in (OLD_DEFAULT, uuid.uuid4().hex * 2):
        token = jwt.encode({"sub": str(w.users["zone"].id), "iat": now, "exp": now + 60}, key)
        assert (
            client.get(f"{API_PREFIX}/me", headers={"Authorization": f"Bearer {token}"}).status_code
            == 401
        )
