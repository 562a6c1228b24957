"""The maturity pages through NiceGUI's simulated user: a factory starts an assessment whose
equipment answers are proposed from its own machines (evidence shown), overrides one,
confirms the rest, answers, submits; the zone office sees the level, never the answers."""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User

from tests.ui.test_pages import login, logout
from tests.world import World

pytestmark = pytest.mark.asyncio


async def test_factory_assesses_and_zone_sees_levels(user: User, ui_world: World) -> None:
    await login(user, "gz1")
    await user.open("/maturity")
    await user.should_see("No assessment yet")
    user.find(marker="maturity-start").click()
    await user.should_see(marker="maturity-proposals")
    # gz1 has two machines, neither connected: the proposal says so, with its figures
    await user.should_see(marker="evidence-R1-2-b", content="0 of 2")
    user.find(marker="override-R1-2-b").click()
    user.find(marker="override-answer-R1-2-b").click()
    user.find("Partially met").click()
    user.find(marker="override-reason-R1-2-b").type("two PLC cells report by OPC UA")
    user.find(marker="override-save-R1-2-b").click()
    await user.should_see("Proposal overridden")
    await user.should_see("Overridden")
    user.find(marker="confirm-all").click()
    await user.should_see("Proposal confirmed")
    await user.should_not_see(marker="confirm-all")
    await user.should_see(marker="maturity-radar")
    await user.should_see(marker="maturity-roadmap")
    await user.should_see(marker="maturity-report")
    user.find(marker="maturity-submit").click()
    await user.should_see("Submitted: level 0")
    await user.should_see(kind=ui.badge, content="Submitted")
    await logout(user)

    await login(user, "zone")
    await user.open("/zone/maturity")
    await user.should_see(marker="zone-levels")
    await user.should_see("gz1 Ltd")
    await user.should_see(marker="maturity-import")
    # the zone office cannot open a firm's assessment list
    response = await user.http_client.get("/maturity")
    assert response.status_code == 403


async def test_front_shop_page_in_traditional_chinese(user: User, ui_world: World) -> None:
    await login(user, "hk1")
    user.find(marker="lang-zh-Hant").click()
    await user.should_see("登出")
    await user.open("/maturity")
    await user.should_see(marker="page-title", content="智能製造能力成熟度自評")
    user.find(marker="maturity-start").click()
    await user.should_see("平臺數據建議的答案", retries=10)
    # a front shop has no machines: nothing proposed for equipment
    await user.should_not_see(marker="evidence-R1-2-b")
    # answer a requirement in the list, level by level
    user.find(marker="level-1").click()
    user.find(marker="answer-P1-1-a").click()
    user.find("全部滿足").click()
    await user.should_see("已保存答案")


async def test_discard_says_so_only_when_the_draft_went(user: User, ui_world: World) -> None:
    """A draft discarded meanwhile (from another tab) cannot be discarded again: the refusal
    is shown and no "Draft discarded" waits on the next page."""
    import os

    from sqlalchemy import select

    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory
    from suigang.domains.maturity import service
    from suigang.domains.maturity.models import MaturityAssessment

    await login(user, "gz1")
    await user.open("/maturity")
    user.find(marker="maturity-start").click()
    await user.should_see(marker="maturity-discard")
    engine = make_engine(Settings(database_url=os.environ["SUIGANG_DATABASE_URL"]))
    with make_session_factory(engine)() as s:
        aid = s.scalars(select(MaturityAssessment.id)).one()
        service.discard_assessment(s, actor=ui_world.actor("gz1"), assessment_id=aid)
    engine.dispose()
    user.find(marker="maturity-discard").click()  # the page still shows the draft's button
    await user.should_see(f"assessment {aid} not found")
    await user.open("/maturity")  # a message left for the next page would show here
    await user.should_not_see("Draft discarded")
