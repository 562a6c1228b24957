"""Admission, the cluster and schemes through NiceGUI's simulated user: a factory drafts an
application by clicking, files a PDF and submits it; the zone office finds it in the queue,
reads each indicator against its rule and rejects it with reasons, which the factory then
reads; the cluster page draws the path to 2035; a firm files its statistics; every page in
the three languages."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User
from sqlalchemy.orm import Session

from suigang.domains.admission import service as admission
from suigang.domains.cluster import service as cluster
from suigang.domains.cluster.schemas import FilingCreate, RateCreate
from suigang.domains.schemes import service as schemes
from suigang.domains.zone.segments import Segment
from suigang.engines.analytics.admission import load_demo_set, set_to_dict
from suigang.ui import i18n
from tests.domains.relay.relay_world import PDF
from tests.domains.schemes.test_schemes import scheme
from tests.ui.test_relay_pages import login, logout
from tests.world import World

pytestmark = pytest.mark.asyncio


@pytest.fixture
def session() -> Iterator[Session]:
    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory

    engine = make_engine(Settings(database_url=os.environ["SUIGANG_DATABASE_URL"]))
    s = make_session_factory(engine)()
    yield s
    s.close()
    engine.dispose()


@pytest.fixture
def world(ui_world: World, session: Session) -> World:
    admission.add_indicator_set(session, actor=ui_world.actor("zone"),
                                config=set_to_dict(load_demo_set()))  # fmt: skip
    return ui_world


async def test_apply_review_and_read_the_reasons(user: User, world: World) -> None:
    await login(user, "gz1")
    await user.open("/admission")
    user.find(marker="adm-title").type("Vision cell plant")
    for name, value in (("land_area", "20000"), ("floor_area", "24000"),
                        ("building_footprint_area", "8000"), ("admin_land_area", "1000"),
                        ("green_area", "2000"), ("fixed_asset_investment", "120,000,000"),
                        ("output", "90000000"), ("revenue", "90000000"), ("tax", "9000000"),
                        ("rd_spending", "900000")):  # fmt: skip
        user.find(marker=f"adm-{name}").type(value)
    user.find(marker="adm-create").click()
    await user.should_see(marker="evidence-upload")
    upload = user.find(marker="evidence-upload").elements.pop()
    await upload.handle_uploads([SmallFileUpload("land.pdf", "application/pdf", PDF)])
    await user.should_see("land.pdf")
    user.find(marker="submit").click()
    await user.should_see("Submitted")
    await logout(user)
    await login(user, "zone")
    await user.open("/zone/admission")
    await user.should_see(marker="queue")
    await user.should_see("Vision cell plant")
    user.find(content="Vision cell plant").click()
    await user.should_see(marker="page-title", content="Admission review: Vision cell plant")
    # 12 000 万元 on 2 ha: 6 000 万元/ha against the floor of 4 500
    await user.should_see("6,000.000000")
    await user.should_see(">= 4500")
    user.find(marker="decision-reasons").type("Tax per mu is far below the zone's benchmark")
    user.find(marker="reject").click()
    await user.should_see(marker="reasons", content="Tax per mu is far below")
    await logout(user)
    await login(user, "gz1")
    await user.open("/admission")
    await user.should_see(marker="reasons", content="Tax per mu is far below the zone's benchmark")
    await user.should_see("Rejected")
    await user.should_not_see(marker="score")


async def test_cluster_path_and_statistics(user: User, world: World, session: Session) -> None:
    zone = world.actor("zone")
    cluster.add_rate(session, actor=zone, data=RateCreate(
        effective=date(2015, 1, 1), cny_per_hkd=Decimal("0.9")))  # fmt: skip
    for year, output in ((2021, 10), (2022, 12), (2023, 15)):
        data = FilingCreate(year=year, segment=Segment.INDUSTRIAL_ROBOTS,
                            output=Decimal(output) * 10**9)  # fmt: skip
        cluster.file_statistics(session, actor=world.actor("gz2"), data=data)
    await login(user, "gz1")
    await user.open("/statistics")
    user.find(marker="filing-output").type("5,000,000,000")
    user.find(marker="filing-employees").type("300")
    user.find(marker="filing-save").click()
    await user.should_see("5,000,000,000")
    await logout(user)
    await login(user, "zone")
    await user.open("/zone/cluster")
    await user.should_see(marker="cluster-target", content="100,000,000,000")
    await user.should_see(marker="required-cagr")
    await user.should_see(marker="cluster-chart")
    await user.should_see("Industrial robots")


@pytest.mark.parametrize("lang", i18n.LANGS)
async def test_zone_pages_in_each_language(
    user: User, world: World, session: Session, lang: str
) -> None:
    """Each page builds in each language and every label it looks up is defined."""
    from tests.domains.admission.test_admission import D2025, benchmark_project

    rd = scheme("RD", ["firm", "application"], ("rd_intensity", "ge", "0.03"))
    schemes.save_scheme(session, actor=world.actor("zone"), data=rd)
    app = admission.create_application(session, actor=world.actor("gz1"), data=benchmark_project())
    admission.submit_application(session, actor=world.actor("gz1"), application_id=app.id,
                                 now=D2025)  # fmt: skip
    i18n.used_keys.clear()
    await user.open("/login")
    user.find(marker=f"lang-{lang}").click()
    pages = {
        "gz1": ["/admission", "/statistics", "/schemes", f"/schemes?application={app.id}"],
        "zone": ["/zone/admission", f"/zone/admission/{app.id}", "/zone/cluster", "/schemes"],
    }
    for who, paths in pages.items():
        await login(user, who)
        for path in paths:
            await user.open(path)
            await user.should_see(marker="page-title")
        await logout(user)
    assert i18n.used_keys <= set(i18n.LABELS)
    for key in ("adm.page", "adm.indicators", "cl.page", "sch.page"):
        assert key in i18n.used_keys


async def test_zone_office_keeps_the_rules_and_the_catalogue(user: User, world: World) -> None:
    await login(user, "zone")
    await user.open("/zone/admission")
    text = user.find(marker="rules-text").elements.pop()
    # the newest version is the starting point; a new version and day make the next one
    assert text.value.startswith("version: demo-2025.1\neffective: '2025-01-01'")
    text.value = text.value.replace("demo-2025.1", "zone-2026.1").replace(
        "2025-01-01", "2026-01-01"
    )
    user.find(marker="rules-save").click()
    await user.should_see("zone-2026.1")
    await user.open("/schemes")
    text = user.find(marker="scheme-text").elements.pop()
    assert text.value == ""  # an empty catalogue has nothing to start from
    text.value = "code: [unclosed"
    user.find(marker="scheme-save").click()
    await user.should_see("scheme: line 1: not readable YAML")
    text.value = (
        "code: HK-TVP\nname_en: Technology Voucher Programme\nname_zh_hans: 科技券计划\n"
        "name_zh_hant: 科技券計劃\nsponsor: ITC\napplies_to: [firm]\n"
        "criteria: [{field: region, op: eq, value: hong_kong}]\n"
        "source_url: https://www.itf.gov.hk/\n"
    )
    user.find(marker="scheme-save").click()
    await user.should_see("region = hong_kong")
