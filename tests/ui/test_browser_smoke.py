"""One real-browser smoke test: headless Chromium signs in as the factory and reaches its home.

The app runs under uvicorn in a subprocess on a free 127.0.0.1 port; Chromium is Debian's
``chromium`` driven through ``chromedriver`` (package ``chromium-driver``) with Selenium.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, service_missing
from tests.world import PASSWORD, World

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(ui_world: World, tmp_path: Path) -> Iterator[str]:
    """The whole app (API and UI) under uvicorn on the test zone; yields its base URL."""
    port = free_port()
    env = dict(os.environ)  # SUIGANG_DATABASE_URL and SUIGANG_DATA_DIR name the test zone
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH", "")])
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "uvicorn", "tests.ui.main:app"),
            *("--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(f"the app did not start: {(tmp_path / 'server.log').read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture
def browser(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Headless Chromium through chromedriver; skipped (or failed in CI) when absent."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        service_missing("headless Chromium (Debian chromium and chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        service_missing("the selenium package")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(tmp_path / "chromium-profile", ignore_errors=True)


def sign_in(browser, server: str, who: str) -> None:  # type: ignore[no-untyped-def]
    """Sign out whoever is signed in, sign in as ``who`` (of the test zone) and reach home."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 30)
    browser.get(f"{server}/login")
    browser.delete_all_cookies()
    browser.get(f"{server}/login")
    wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "input[type=email]")))
    browser.find_element(By.CSS_SELECTOR, "input[type=email]").send_keys(f"{who}@test.suigang")
    browser.find_element(By.CSS_SELECTOR, "input[type=password]").send_keys(PASSWORD)
    browser.find_element(By.XPATH, "//button[.//span[text()='Sign in']]").click()
    wait.until(ec.url_to_be(f"{server}/"))


def seen(browser, text: str) -> None:  # type: ignore[no-untyped-def]
    """Wait (30 s at most) until ``text`` shows on the page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 30).until(ec.text_to_be_present_in_element((By.TAG_NAME, "body"), text))


def test_factory_signs_in_and_sees_its_home(server: str, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """In a real browser: sign in as gz1 and reach the factory home with its heading."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 30)
    browser.get(f"{server}/login")
    email = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "input[type=email]")))
    email.send_keys("gz1@test.suigang")
    browser.find_element(By.CSS_SELECTOR, "input[type=password]").send_keys(PASSWORD)
    browser.find_element(By.XPATH, "//button[.//span[text()='Sign in']]").click()
    wait.until(
        ec.text_to_be_present_in_element((By.TAG_NAME, "body"), "Requests for quote to answer")
    )
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "gz1 Ltd" in body and "My machines" in body and "gz1-CNC1" in body
    assert browser.current_url == f"{server}/"
    shot = tmp_path / "factory-home.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000  # a rendered page, not a blank one
