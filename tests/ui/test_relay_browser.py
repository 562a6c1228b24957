"""Real browser: a Hong Kong institute uploads a PDF as MRL 3 evidence (the gate then passes),
offers the baton to a zone factory, and the factory's admin takes it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.domains.relay.relay_world import PDF, add_relay_firms
from tests.ui.test_browser_smoke import browser, seen, server, sign_in  # noqa: F401 (fixtures)
from tests.world import World

pytestmark = pytest.mark.browser


def project_ready(world: World) -> str:
    """ri's project on leg 1 with TRL 3 and MRL 3 claimed and TRL 3 reviewed."""
    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory
    from suigang.domains.relay import service
    from suigang.domains.relay.schemas import LevelRef, RelayProjectCreate

    engine = make_engine(Settings(database_url=os.environ["SUIGANG_DATABASE_URL"]))
    with make_session_factory(engine)() as s:
        add_relay_firms(s, world)
        data = RelayProjectCreate(title_en="Tactile skin", trl=3, mrl=3)
        project = service.create_project(s, actor=world.actor("ri"), data=data)
        service.attach_review(
            s, actor=world.actor("ri"), project_id=project.id,
            level=LevelRef(scale="TRL", level=3), title="Bench demo", note="works",
        )  # fmt: skip
        ident = str(project.id)
    engine.dispose()
    return ident


def test_baton_passes_in_the_browser(
    ui_world: World,
    server: str,  # noqa: F811
    browser,  # noqa: F811
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    project_id = project_ready(ui_world)
    wait = WebDriverWait(browser, 30)

    sign_in(browser, server, "ri")
    browser.get(f"{server}/relay/{project_id}")
    seen(browser, "MRL 3 has no evidence")
    pdf = tmp_path / "concept.pdf"
    pdf.write_bytes(PDF)
    # the attach form starts on the claimed MRL: a file chosen uploads at once
    browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(pdf))
    seen(browser, "Met: the baton may pass")
    field = browser.find_element(By.XPATH, "//label[.//div[text()='Receiving firm']]")
    field.click()
    wait.until(
        ec.element_to_be_clickable(
            (
                By.XPATH,
                "//div[contains(@class,'q-menu')]"
                "//div[contains(@class,'q-item')][contains(., 'gz1 Ltd')]",
            )
        )
    ).click()
    browser.find_element(By.XPATH, "//button[.//span[text()='Offer the baton']]").click()
    seen(browser, "The baton for leg 2 is offered to gz1 Ltd")
    sign_in(browser, server, "gz1")
    browser.get(f"{server}/relay/{project_id}")
    seen(browser, "ri Lab offers you the baton for leg 2")
    browser.find_element(By.XPATH, "//button[.//span[text()='Take the baton']]").click()
    seen(browser, "Leg 2 · GBA applied research & prototyping")
    holder = browser.find_element(
        By.XPATH, "//div[text()='Baton holder']/following-sibling::div[1]"
    )
    assert holder.text == "gz1 Ltd"
    shot = tmp_path / "relay-accepted.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
