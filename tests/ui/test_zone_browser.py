"""Real browser: the zone office opens the cluster dashboard (the ECharts line drawn on a
canvas, the growth needed) and decides an admission application with reasons by clicking;
the factory reads the reasons."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tests.ui.test_browser_smoke import browser, seen, server, sign_in  # noqa: F401 (fixtures)
from tests.world import World

pytestmark = pytest.mark.browser


def zone_ready(world: World) -> str:
    """Three years of statistics, the demo rules and gz1's application, submitted."""
    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory
    from suigang.domains.admission import service as admission
    from suigang.domains.cluster import service as cluster
    from suigang.domains.cluster.schemas import FilingCreate, RateCreate
    from suigang.domains.zone.segments import Segment
    from suigang.engines.analytics.admission import load_demo_set, set_to_dict
    from tests.domains.admission.test_admission import benchmark_project

    engine = make_engine(Settings(database_url=os.environ["SUIGANG_DATABASE_URL"]))
    with make_session_factory(engine)() as s:
        zone = world.actor("zone")
        cluster.add_rate(s, actor=zone, data=RateCreate(effective=date(2015, 1, 1),
                                                        cny_per_hkd=Decimal("0.9")))  # fmt: skip
        for year, bn in ((2022, 20), (2023, 23), (2024, 27)):
            data = FilingCreate(year=year, segment=Segment.KEY_COMPONENTS,
                                output=Decimal(bn) * 10**9)  # fmt: skip
            cluster.file_statistics(s, actor=world.actor("gz2"), data=data)
        admission.add_indicator_set(s, actor=zone, config=set_to_dict(load_demo_set()))
        app = admission.create_application(s, actor=world.actor("gz1"), data=benchmark_project())
        admission.submit_application(s, actor=world.actor("gz1"), application_id=app.id,
                                     now=datetime(2025, 6, 2, tzinfo=UTC))  # fmt: skip
        ident = str(app.id)
    engine.dispose()
    return ident


def test_zone_office_in_the_browser(
    ui_world: World,
    server: str,  # noqa: F811
    browser,  # noqa: F811
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    app_id = zone_ready(ui_world)
    wait = WebDriverWait(browser, 30)

    sign_in(browser, server, "zone")
    browser.get(f"{server}/zone/cluster")
    # 27 bn in 2024: (100 / 27)^(1/11) − 1 = 12.6 % a year needed
    seen(browser, "Growth needed: 12.6% a year")
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "canvas")))
    shot = tmp_path / "cluster.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    browser.get(f"{server}/zone/admission")
    browser.find_element(By.XPATH, "//a[contains(., 'Harmonic drive line')]").click()
    seen(browser, "Admission review: Harmonic drive line")
    browser.find_element(By.CSS_SELECTOR, "textarea").send_keys("Fills the flexspline gap")
    browser.find_element(By.XPATH, "//button[.//span[text()='Approve']]").click()
    seen(browser, "Reasons: Fills the flexspline gap")
    sign_in(browser, server, "gz1")
    browser.get(f"{server}/admission")
    seen(browser, "Reasons: Fills the flexspline gap")
    assert app_id and "Approved" in browser.find_element(By.TAG_NAME, "body").text
