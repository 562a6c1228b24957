"""The relay and standards pages through NiceGUI's simulated user: a Hong Kong institute
starts a project, files evidence (an uploaded PDF and a review) and offers the baton to a
zone factory whose admin takes it; the zone office sees the funnel and a stalled baton but
no project page; a factory looks up IEC 60204-1 and reads its product's checklist; every
page renders in the three languages."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User
from sqlalchemy.orm import Session

from suigang.domains.relay import service as relay
from suigang.domains.relay.schemas import LevelRef, RelayProjectCreate
from suigang.domains.standards import service as standards
from suigang.domains.standards.schemas import CertificationCreate
from suigang.ui import i18n
from tests.conftest import shared_path
from tests.domains.relay.relay_world import PDF, add_relay_firms
from tests.world import PASSWORD, World

pytestmark = pytest.mark.asyncio
REQUIREMENTS = (
    "category,jurisdiction,standard,source,title\n"
    "Precision parts,mainland,GB/T 19001-2016,,Quality management\n"
    "Precision parts,hk_international,ISO 9001:2015,,Quality management\n"
)


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
    return add_relay_firms(session, ui_world)


async def login(user: User, who: str) -> None:
    await user.open("/login")
    user.find(marker="email").type(f"{who}@test.suigang")
    user.find(marker="password").type(PASSWORD)
    user.find(marker="login-button").click()
    await user.should_see(marker="home-heading", retries=50)  # a busy machine builds it slowly


async def logout(user: User) -> None:
    user.find(marker="logout").click()
    await user.should_see(marker="login-button")


async def test_institute_passes_the_baton_to_a_factory(user: User, world: World) -> None:
    await login(user, "ri")
    await user.open("/relay")
    user.find(marker="title-en").type("Force-sensing gripper")
    user.find(marker="title-zh-hans").type("力感知夹爪")
    user.find(marker="trl").elements.pop().value = 3
    user.find(marker="mrl").elements.pop().value = 3
    user.find(marker="relay-create").click()
    await user.should_see(marker="page-title", content="Relay project: Force-sensing gripper")
    await user.should_see(marker="gate-refused")
    # what the gate lacks, in the reader's language
    await user.should_see("TRL 3 has no evidence")
    await user.should_see("MRL 3 has no evidence")
    user.find(marker="evidence-scale").elements.pop().value = "TRL"
    user.find(marker="evidence-level").elements.pop().value = 3
    upload = user.find(marker="evidence-upload").elements.pop()
    await upload.handle_uploads([SmallFileUpload("bench test.pdf", "application/pdf", PDF)])
    await user.should_see("bench test.pdf")
    user.find(marker="evidence-scale").elements.pop().value = "MRL"
    user.find(marker="evidence-level").elements.pop().value = 3
    user.find(marker="evidence-title-input").type("Manufacturing concept review")
    user.find(marker="tab-review").click()
    user.find(marker="review-note").type("Machinable in 6061 on 5-axis centres")
    user.find(marker="review-button").click()
    await user.should_see(marker="gate-pass")
    await user.should_see("Manufacturing concept review")
    select = user.find(marker="handover-to").elements.pop()
    select.value = world.firms["gz1"].id
    user.find(marker="handover-button").click()
    await user.should_see(marker="pending-handover")
    await logout(user)
    await login(user, "gz1")
    await user.open("/relay")
    await user.should_see(marker="relay-offered")
    user.find(kind=ui.link, content="Force-sensing gripper").elements.pop()  # offered and listed
    await user.open("/relay")
    user.find(marker="offered-link").click()
    await user.should_see("bench test.pdf")
    user.find(marker="accept-handover").click()
    await user.should_see(marker="page-title", content="Force-sensing gripper")
    await user.should_see("Leg 2 · GBA applied research & prototyping")
    await user.should_see("Baton taken")
    await user.should_not_see(marker="pending-handover")


async def test_zone_office_sees_figures_and_stalled_batons_only(
    user: User, world: World, session: Session
) -> None:
    """A project idle since 100 days ago is a stalled baton on the funnel; its page is 404."""
    long_ago = datetime.now(UTC) - timedelta(days=100)
    project = relay.create_project(
        session, actor=world.actor("ri"),
        data=RelayProjectCreate(title_en="Idle sensor", trl=2), now=long_ago,
    )  # fmt: skip
    await login(user, "zone")
    await user.open("/zone/relay")
    await user.should_see(marker="relay-totals", content="1 projects: 1 active")
    await user.should_see(marker="stalled-title", content="Idle sensor")
    await user.should_see(marker="stalled-idle", content="100")
    await user.open("/relay")
    await user.should_see("Idle sensor")
    response = await user.http_client.get(f"/relay/{project.id}")
    assert response.status_code == 404 and "Idle sensor" not in response.text


async def test_factory_looks_up_and_reads_its_checklist(
    user: User, world: World, session: Session
) -> None:
    shared = shared_path("reference", "standards", "crosswalk.csv")
    zone = world.actor("zone")
    standards.import_table(session, actor=zone, content=shared.read_bytes(), filename="cw.csv")
    standards.import_table(session, actor=zone, content=REQUIREMENTS.encode(), filename="r.csv")
    product = world.products["gz1"]
    standards.set_product_category(
        session, actor=world.actor("gz1"), product_id=product.id, category="precision parts"
    )
    cert = CertificationCreate(standard="ISO 9001:2015", expires=date.today() + timedelta(days=400))
    standards.record_certification(session, actor=world.actor("gz1"), data=cert)
    await login(user, "gz1")
    await user.open("/standards?q=IEC%2060204-1")
    await user.should_see(marker="results")
    await user.should_see("superseded by GB/T 5226.1-2019")
    # both GB editions (their order is checked in the browser, where the page has one)
    await user.should_see("GB 5226.1-2008")
    await user.should_see("mandatory")
    await user.open(f"/standards/products/{product.id}")
    await user.should_see(marker="requirement-standard", content="GB/T 19001-2016")
    await user.should_see("through the ISO 9001:2015 certificate")
    await user.should_see(marker="requirement-unverified")
    await user.should_see(marker="status-held")


async def test_zone_office_import_lists_bad_lines(user: User, world: World) -> None:
    await login(user, "zone")
    await user.open("/standards")
    upload = user.find(marker="standards-upload").elements.pop()
    bad = b"category,jurisdiction,standard,source\nRobot,mars,ISO 10218-1,\n"
    await upload.handle_uploads([SmallFileUpload("r.csv", "text/csv", bad)])
    await user.should_see(marker="import-rejected")
    await user.should_see(marker="import-error", content="line 2: jurisdiction 'mars'")


@pytest.mark.parametrize("lang", i18n.LANGS)
async def test_relay_and_standards_pages_in_each_language(
    user: User, world: World, session: Session, lang: str
) -> None:
    """Each page builds in each language and every label it looks up is defined."""
    project = relay.create_project(
        session, actor=world.actor("ri"), data=RelayProjectCreate(title_en="P", trl=3, mrl=3)
    )
    for scale in ("TRL", "MRL"):
        relay.attach_review(
            session, actor=world.actor("ri"), project_id=project.id,
            level=LevelRef(scale=scale, level=3), title="Review", note="ok",
        )  # fmt: skip
    relay.request_handover(
        session, actor=world.actor("ri"), project_id=project.id,
        to_enterprise_id=world.firms["gz1"].id,
    )  # fmt: skip
    i18n.used_keys.clear()
    await user.open("/login")
    user.find(marker=f"lang-{lang}").click()
    pages = {
        "ri": ["/", "/relay", f"/relay/{project.id}", "/standards?q=ISO%209001"],
        "gz1": ["/relay", f"/relay/{project.id}", "/standards/products"],
        "zone": ["/zone/relay", "/relay", "/standards"],
    }
    for who, paths in pages.items():
        await login(user, who)
        for path in paths:
            await user.open(path)
            await user.should_see(marker="page-title")
        await logout(user)
    assert i18n.used_keys <= set(i18n.LABELS)
    for key in ("relay.gate", "relay.offer_waiting", "relay.funnel", "standards.intro"):
        assert key in i18n.used_keys
