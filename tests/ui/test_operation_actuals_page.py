"""The shop floor records when an operation started and finished, by clicking on the work
order."""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User

from tests.ui.flows import place_order
from tests.ui.test_pages import login
from tests.world import World

pytestmark = pytest.mark.asyncio


async def test_start_and_finish_buttons_record_actuals(user: User, ui_world: World) -> None:
    _, _, number = place_order(ui_world, "hk1", "gz1")
    wo = f"WO-{number.removeprefix('SO-')}-01"
    await login(user, "gz1m")
    await user.open("/work-orders")
    # only the first operation can start; nothing can finish yet
    await user.should_see(marker=f"start-{wo}-10")
    await user.should_not_see(marker=f"start-{wo}-20")
    user.find(marker=f"start-{wo}-10").click()
    await user.should_see("Actual time recorded")
    await user.should_see(marker=f"finish-{wo}-10")
    await user.should_see(kind=ui.badge, content="In progress")  # the work order started
    user.find(marker=f"finish-{wo}-10").click()
    await user.should_see(marker=f"start-{wo}-20")
    await user.should_not_see(marker=f"finish-{wo}-10")
