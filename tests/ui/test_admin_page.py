"""``/admin`` through the simulated browser: an administrator disables a member and revokes
a key; the member can no longer sign in; members may not open the page."""

from __future__ import annotations

import pytest
from nicegui.testing import User

from suigang.config import Settings
from suigang.db import make_engine, make_session_factory
from suigang.domains.identity.service import create_api_key
from tests.ui.test_pages import login, logout
from tests.world import PASSWORD, World

pytestmark = pytest.mark.asyncio


async def test_admin_disables_a_member_and_revokes_a_key(user: User, ui_world: World) -> None:
    """The member's row turns to disabled and their sign-in fails; the key shows revoked."""
    engine = make_engine(Settings())
    with make_session_factory(engine)() as s:
        create_api_key(s, enterprise_id=ui_world.firms["gz1"].id, name="cmm-01", actor=None)
    engine.dispose()
    await login(user, "gz1")
    await user.open("/admin")
    await user.should_see(marker="page-title", content="Users and keys")
    await user.should_see(marker="state-gz1m@test.suigang", content="active")
    user.find(marker="toggle-gz1m@test.suigang").click()
    await user.should_see(marker="state-gz1m@test.suigang", content="disabled")
    user.find(marker="revoke-cmm-01").click()
    await user.should_see(marker="revoked-cmm-01")
    await logout(user)
    await user.open("/login")
    user.find(marker="email").type("gz1m@test.suigang")
    user.find(marker="password").type(PASSWORD)
    user.find(marker="login-button").click()
    await user.should_see(marker="login-error", content="Incorrect e-mail or password")


async def test_members_may_not_open_the_admin_page(user: User, ui_world: World) -> None:
    """The page answers 403 and lists nobody."""
    await login(user, "gz1m")
    response = await user.http_client.get("/admin")
    assert response.status_code == 403 and "gz1m@test.suigang" not in response.text
