"""The quality pages through NiceGUI's simulated user: the buyer sees its lot's charts, alarms,
visual results and certificate; another front shop gets 404; the factory overrules."""

from __future__ import annotations

import io
import os
import uuid

import pytest
from nicegui import ui
from nicegui.testing import User
from sqlalchemy import select

from suigang.domains.identity.models import AuditEvent
from suigang.domains.quality.models import PlanChart, Verdict
from suigang.domains.quality.schemas import CharacteristicCreate, MeasurementIn
from suigang.ui import i18n
from tests.domains.quality.quality_world import order_lot, plan, png
from tests.world import PASSWORD, World

pytestmark = pytest.mark.asyncio


def _session():  # type: ignore[no-untyped-def]
    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory

    engine = make_engine(Settings(database_url=os.environ["SUIGANG_DATABASE_URL"]))
    return make_session_factory(engine)()


def quality_lot(world: World) -> tuple[uuid.UUID, str]:
    """A lot of hk1's order at gz1 with a wall thickness beyond frozen limits (10 ± 0.3 mm)
    at subgroup 4, and one failed visual inspection."""
    from suigang.domains.quality import service, visual

    session = _session()
    try:
        lot = order_lot(session, world)
        plan(
            session,
            world,
            CharacteristicCreate(
                name="wall", unit="mm", lsl=9.5, usl=10.6, frozen_mean=10, frozen_sigma=0.1
            ),
            CharacteristicCreate(
                name="diameter", unit="mm", lsl=9, usl=15, sample_size=2, chart=PlanChart.XBAR_R
            ),
        )
        service.record_measurements(
            session,
            actor=world.actor("gz1"),
            lot_id=lot.id,
            rows=[
                MeasurementIn(characteristic="wall", subgroup=s, value=v)
                for s, v in ((1, 10.0), (2, 10.05), (3, 9.95), (4, 10.5))
            ]
            + [
                MeasurementIn(characteristic="diameter", subgroup=s, value=v)
                for s, pair in ((1, (10, 12)), (2, (11, 13)), (3, (12, 12)))
                for v in pair
            ],
        )
        visual.post_visual_inspection(
            session,
            actor=world.actor("gz1"),
            lot_id=lot.id,
            image=png(),
            score=0.9,
            threshold=0.5,
            part_ref="S/N 7",
        )
        return lot.id, lot.number
    finally:
        session.close()


async def login(user: User, who: str) -> None:
    await user.open("/login")
    user.find(marker="email").type(f"{who}@test.suigang")
    user.find(marker="password").type(PASSWORD)
    user.find(marker="login-button").click()
    await user.should_see(marker="home-heading", retries=50)  # a busy machine builds it slowly


async def test_buyer_sees_charts_alarms_visual_and_certificate(user: User, ui_world: World) -> None:
    """hk1 finds its lot under Quality and sees the alarm (WE1 at subgroup 4), both charts,
    the failed part, and downloads a certificate naming the lot and Cpk 0.752."""
    lot_id, number = quality_lot(ui_world)
    # issued beforehand by the factory, so the click serves the stored PDF at once (the
    # simulated browser answers no JavaScript, and a page kept busy for over a second logs a
    # drawer timeout)
    session = _session()
    try:
        from suigang.domains.quality.certificates import lot_certificate

        issued = lot_certificate(session, actor=ui_world.actor("gz1"), lot_id=lot_id)
    finally:
        session.close()
    await login(user, "hk1")
    await user.open("/quality")
    await user.should_see(marker="page-title", content="Lot quality")
    user.find(kind=ui.link, content=number).click()
    await user.should_see(marker="page-title", content=f"Quality of lot {number}")
    # the charts are drawn in a worker thread once the page is up: allow them a few seconds
    await user.should_see(marker="chart-status-out_of_control", retries=50)
    await user.should_see(marker="chart-status-in_control")
    await user.should_see("WE1")
    await user.should_see("Individuals I")  # the panel by its name, not the code "i"
    assert len(user.find(marker="chart-image").elements) == 2
    await user.should_see(marker="verdict-fail")
    await user.should_not_see(marker="review")  # the buyer reads; the factory reviews
    user.find(marker="certificate-download").click()
    response = await user.download.next(timeout=10)
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert number in text and "Cpk" in text and "0.752" in text
    assert response.content == issued.pdf


async def test_lot_page_comes_up_while_slow_charts_are_drawn(
    user: User, ui_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Drawing that takes longer than a page may take to build (3 s) still gives the page:
    the title and a spinner at once, then both charts in place of the spinner."""
    import time

    from suigang.ui.pages import quality as page

    lot_id, number = quality_lot(ui_world)
    draw = page._chart_pngs

    def slow(*args: object) -> object:
        time.sleep(4)  # a cold server: the plotting library loads, fonts are cached
        return draw(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(page, "_chart_pngs", slow)
    await login(user, "hk1")
    await user.open(f"/lots/{lot_id}/quality")
    await user.should_see(marker="page-title", content=f"Quality of lot {number}")
    await user.should_see(marker="charts-drawing")
    await user.should_see(marker="chart-status-in_control", retries=100)
    assert len(user.find(marker="chart-image").elements) == 2  # the lot's two characteristics
    await user.should_not_see(marker="charts-drawing")


async def test_buyer_reaches_the_lot_quality_from_its_order(user: User, ui_world: World) -> None:
    """On hk1's order page the lot number links to the lot's quality page."""
    from suigang.domains.orders.models import Lot

    lot_id, number = quality_lot(ui_world)
    session = _session()
    try:
        order_id = session.get(Lot, lot_id).order_id  # type: ignore[union-attr]
    finally:
        session.close()
    await login(user, "hk1")
    await user.open(f"/orders/{order_id}")
    user.find(kind=ui.link, content=number).click()
    await user.should_see(marker="page-title", content=f"Quality of lot {number}")


async def test_other_front_shop_gets_404(user: User, ui_world: World) -> None:
    """hk2 does not see hk1's lot in its list, and the lot page answers 404."""
    lot_id, number = quality_lot(ui_world)
    await login(user, "hk2")
    await user.open("/quality")
    await user.should_see(i18n.LABELS["quality.no_lots"]["en"])
    await user.should_not_see(number)
    response = await user.http_client.get(f"/lots/{lot_id}/quality")
    assert response.status_code == 404
    assert "Lot not found" in response.text and number not in response.text


async def test_factory_overrules_a_failed_part(user: User, ui_world: World) -> None:
    """gz1 overrules the failed visual verdict with a reason; the page shows it passed, and
    the audit log keeps who, before and after."""
    lot_id, _ = quality_lot(ui_world)
    await login(user, "gz1")
    await user.open(f"/lots/{lot_id}/quality")
    await user.should_see(marker="verdict-fail", retries=50)  # once the charts are drawn
    user.find(marker="review").click()
    user.find(marker="review-reason").type("glare on the lens")
    user.find(marker="overrule").click()
    await user.should_see(marker="verdict-pass", retries=50)  # after the page reloads
    session = _session()
    try:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "visual_inspection.overruled")
        ).one()
        assert (event.actor_label, event.details["before"], event.details["after"]) == (
            "gz1@test.suigang",
            Verdict.FAIL.value,
            Verdict.PASS.value,
        )
        assert event.details["reason"] == "glare on the lens"
    finally:
        session.close()


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
async def test_quality_pages_render_in_chinese(user: User, ui_world: World, lang: str) -> None:
    """Both pages build in each Chinese script with every label they look up defined."""
    lot_id, number = quality_lot(ui_world)
    i18n.used_keys.clear()
    await user.open("/login")
    user.find(marker=f"lang-{lang}").click()
    await login(user, "hk1")
    await user.open("/quality")
    await user.should_see(marker="page-title", content=i18n.LABELS["quality.page_list"][lang])
    await user.open(f"/lots/{lot_id}/quality")
    title = i18n.LABELS["quality.page_lot"][lang].format(number=number)
    await user.should_see(marker="page-title", content=title)
    await user.should_see(i18n.LABELS["quality.out_of_control"][lang], retries=50)
    assert {"quality.capability", "quality.alarms", "quality.certificate"} <= i18n.used_keys
    assert i18n.used_keys <= set(i18n.LABELS)


async def test_factory_disposes_of_an_alarm_from_the_lot_page(user: User, ui_world: World) -> None:
    """gz1 releases the parts of the WE1 alarm on the wall's individuals (I, subgroup 4) with
    a reason: the page shows it released while the MR alarm stays open; the buyer sees the
    disposition and has no button to dispose."""
    lot_id, _ = quality_lot(ui_world)
    await login(user, "gz1")
    await user.open(f"/lots/{lot_id}/quality")
    await user.should_see(marker="dispose-i-4", retries=50)  # once the charts are drawn
    assert len(user.find(marker="alarm-open").elements) == 2  # WE1 on I and on MR
    user.find(marker="dispose-i-4").click()
    user.find(marker="dispose-reason-i-4").type("gauge re-zeroed, parts re-measured")
    user.find(marker="dispose-release-i-4").click()
    await user.should_see(
        marker="alarm-release", content="Released: gauge re-zeroed, parts re-measured", retries=50
    )
    assert len(user.find(marker="alarm-open").elements) == 1  # MR's alarm still open
    user.find(marker="logout").click()
    await login(user, "hk1")
    await user.open(f"/lots/{lot_id}/quality")
    await user.should_see(marker="alarm-release", retries=50)
    await user.should_not_see(marker="dispose-mr-4")


async def test_no_certificate_for_a_lot_without_inspections(user: User, ui_world: World) -> None:
    """A lot just ordered: in 简体中文 the certificate button says why there is none."""
    session = _session()
    try:
        lot = order_lot(session, ui_world)
        plan(session, ui_world, CharacteristicCreate(name="wall", lsl=9.5, usl=10.6))
        lot_id, number = lot.id, lot.number
    finally:
        session.close()
    await user.open("/login")
    user.find(marker="lang-zh-Hans").click()
    await login(user, "hk1")
    await user.open(f"/lots/{lot_id}/quality")
    await user.should_see(marker="chart-message", content="尚无测量值", retries=50)
    user.find(marker="certificate-download").click()
    await user.should_see(
        f"操作失败：批次 {number} 尚未完成检验计划要求的检验（wall ×1），无法签发证书", retries=50
    )
