"""Real browser: the factory's plan page draws its Gantt (a canvas with bars) in Chromium, and a
machine taken down by hand leaves its message on the reloaded page."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.flows import place_order
from tests.ui.test_browser_smoke import browser, seen, server, sign_in  # noqa: F401 (fixtures)
from tests.world import World

pytestmark = pytest.mark.browser


def test_plan_page_draws_the_gantt(server: str, browser, ui_world: World, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """gz1 makes and releases a plan of hk1's order, then the plan page shows one ECharts
    canvas per Gantt tab with non-blank pixels, and the screenshot is a rendered page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    place_order(ui_world, "hk1", "gz1")
    wait = WebDriverWait(browser, 30)
    sign_in(browser, server, "gz1")
    seen(browser, "My machines")
    browser.get(f"{server}/plan")
    wait.until(
        ec.element_to_be_clickable((By.XPATH, "//button[.//span[text()='Make a plan now']]"))
    ).click()
    wait.until(
        ec.element_to_be_clickable((By.XPATH, "//button[.//span[text()='Release to the floor']]"))
    ).click()
    wait.until(ec.url_to_be(f"{server}/plan"))
    canvas = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "canvas")))
    # the chart painted something: its data URL is longer than that of a blank canvas
    painted = browser.execute_script(
        "var c = arguments[0]; var b = document.createElement('canvas');"
        "b.width = c.width; b.height = c.height; return c.toDataURL() !== b.toDataURL();",
        canvas,
    )
    assert painted is True
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Gantt chart" in body and "gz1-CNC1" in body
    shot = tmp_path / "plan-gantt.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000  # a rendered page, not a blank one
    # a breakdown entered by hand: the page reloads with the repaired plan, and the message
    # saying so is on the reloaded page (sent before the reload, it went with the old one)
    take_down = "//div[.//div[text()='gz1-CNC1']]/button[.//span[text()='Take down (4 h)']]"
    browser.find_element(By.XPATH, take_down).click()
    wait.until(
        ec.element_to_be_clickable((By.XPATH, "//button[.//span[text()='Take down (4 h)']]"))
    )
    browser.find_element(
        By.XPATH, "//div[contains(@class,'q-dialog')]//button[.//span[text()='Take down (4 h)']]"
    ).click()
    wait.until(
        ec.text_to_be_present_in_element(
            (By.CSS_SELECTOR, ".q-notification"), "Plan repaired and released: plan 2"
        )
    )
