"""UI sessions: a new session id at sign-in (no fixation), cookie flags and security headers
on the pages, also behind a TLS-terminating proxy."""

from __future__ import annotations

import httpx
import pytest
from nicegui.testing import User

from tests.ui.test_browser_smoke import server  # noqa: F401 - the uvicorn fixture
from tests.ui.test_pages import login
from tests.world import World


async def as_browser_with(cookie: str, path: str) -> httpx.Response:
    """``GET path`` from another browser that holds ``cookie`` as its session."""
    from nicegui import core

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(core.app), base_url="http://test"
    ) as other:
        other.cookies.set("session", cookie, domain="test.local")
        return await other.get(path, follow_redirects=False)


@pytest.mark.asyncio
async def test_sign_in_gives_the_browser_a_new_session(user: User, ui_world: World) -> None:
    """A session cookie someone planted before sign-in is not signed in afterwards; the
    browser that signed in holds a new one that is."""
    await user.open("/login")
    planted = user.http_client.cookies["session"]
    await login(user, "gz1")
    fresh = user.http_client.cookies["session"]
    assert fresh != planted
    assert (await as_browser_with(fresh, "/")).status_code == 200  # signed in: the home page
    old = await as_browser_with(planted, "/")
    assert (old.status_code, old.headers["location"]) == (303, "/login")


@pytest.mark.asyncio
async def test_a_ticket_works_once_and_only_for_its_session(user: User, ui_world: World) -> None:
    """The sign-in ticket is one-time and bound to the session that signed in."""
    from suigang.ui.signin import issue_ticket

    await user.open("/login")
    mine = user.http_client.cookies["session"]
    ticket = issue_ticket(
        session_id="someone-else", user_id=str(ui_world.users["gz1"].id), lang="en"
    )
    r = await as_browser_with(mine, f"/login/complete?ticket={ticket}")
    assert (r.status_code, r.headers["location"]) == (303, "/login")  # not this session's
    assert (await as_browser_with(mine, "/")).headers["location"] == "/login"


def test_pages_carry_security_headers_and_secure_cookies_over_tls(server: str) -> None:  # noqa: F811
    """Behind a TLS proxy (X-Forwarded-Proto: https from 127.0.0.1, as uvicorn trusts it) the
    login page forbids framing and sniffing, asks for HSTS, and its session cookie is Secure,
    HttpOnly and SameSite=Lax; over plain HTTP the cookie cannot be Secure."""
    tls = httpx.get(f"{server}/login", headers={"X-Forwarded-Proto": "https"}, timeout=30)
    assert tls.status_code == 200
    assert tls.headers["content-security-policy"] == "frame-ancestors 'none'"
    assert tls.headers["x-frame-options"] == "DENY"
    assert tls.headers["x-content-type-options"] == "nosniff"
    assert tls.headers["strict-transport-security"] == "max-age=31536000"
    cookie = tls.headers["set-cookie"].lower()
    assert "; secure" in cookie and "; httponly" in cookie and "samesite=lax" in cookie
    plain = httpx.get(f"{server}/login", timeout=30)
    assert "; secure" not in plain.headers["set-cookie"].lower()
    assert plain.headers["content-security-policy"] == "frame-ancestors 'none'"


def test_api_paths_answer_json_beside_the_ui(server: str) -> None:  # noqa: F811
    """With the web UI mounted at /, an unknown API path is a JSON 404 (not the UI's page)
    and a known one with another method a JSON 405 naming the allowed methods."""
    r = httpx.get(f"{server}/api/v1/no-such-thing", timeout=30)
    assert (r.status_code, r.headers["content-type"]) == (404, "application/json")
    assert r.json() == {"detail": "no API route /api/v1/no-such-thing"}
    r = httpx.delete(f"{server}/api/v1/rfqs", timeout=30)
    assert (r.status_code, r.headers["allow"]) == (405, "GET, HEAD, POST")
    assert r.json()["detail"] == "DELETE is not allowed on /api/v1/rfqs; use GET, HEAD, POST"
