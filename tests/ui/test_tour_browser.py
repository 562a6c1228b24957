"""The README's "first tour", walked in a real browser by clicking, as the three demo roles,
in one language per run: the day's (简体, 繁體 and English in turn, by the date), or those
``SUIGANG_TOUR_LANG`` names (``zh-Hans``, ``zh-Hant``, ``en``, comma-separated, or ``all``).
A walk takes one and a half to three minutes on a busy two-core machine.

The server is ``suigang demo --no-telemetry`` on a fresh data directory (the demo zone as
``make run`` builds it; without the simulated machines, whose day of history would cost the
suite half a minute and whose breakdowns would move the plan under the walk). The walk types
only what a person types (a title, a quantity, a price, a reason, a name to look for) and
reaches every page by clicking; it reads the REST API only to choose which machine to take
out of service (the one the new order's work is planned on) and to know when the customer
has been told.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from suigang.demo.firms import DEMO_FACTORY, FACTORIES
from suigang.ui.i18n import LABELS, LANG_NAMES, LANGS
from suigang.ui.pages import page_modules
from tests.conftest import ROOT
from tests.ui.test_browser_smoke import browser, free_port  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

page_modules()  # every page's labels, to find buttons by their words in each language
PASSWORD = "suigang-demo"
DESIGN_HOUSE = "hk.design@demo.suigang"
FACTORY = "gz.precision@demo.suigang"
ZONE = "zone.office@demo.suigang"
GZPREC = next(f for f in FACTORIES if f.key == DEMO_FACTORY)
PRODUCT_CODE = "VHD-KNB-01"
# the title of the page each navigation entry opens
NAV_TITLES = {
    "nav.new_rfq": "page.new_rfq",
    "nav.work_orders": "page.work_orders",
    "machines.nav": "machines.title",
    "nav.plan": "page.plan",
    "nav.notifications": "page.notifications",
    "quality.nav": "quality.page_list",
    "firms.nav": "firms.title",
    "nav.home": "page.home",
}  # the design house's rotary knob, in the demo factory's catalogue


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``suigang demo`` on a fresh data directory and a free port; yields its base URL."""
    data = tmp_path_factory.mktemp("tour")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUIGANG_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env["SUIGANG_DEMO_PASSWORD"] = PASSWORD
    log = (data / "server.log").open("w")
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "suigang", "demo", "--no-telemetry"),
            *("--host", "127.0.0.1", "--port", str(port), "--data-dir", str(data / "zone")),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # builds the demo zone first
        while True:
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(f"the demo did not start: {(data / 'server.log').read_text()}")
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


class Person:
    """One person at the browser: finds things by the words the page shows in ``lang``."""

    def __init__(self, driver, base: str, lang: str, shots: Path) -> None:  # type: ignore[no-untyped-def]
        from selenium.webdriver.support.ui import WebDriverWait

        self.driver, self.base, self.lang, self.shots = driver, base, lang, shots
        self.wait = WebDriverWait(driver, 30)
        self.api = httpx.Client(base_url=f"{base}/api/v1", timeout=30)

    def text(self, key: str, **args: object) -> str:
        """The label ``key`` as the page shows it in this walk's language."""
        return LABELS[key][self.lang].format(**args)

    def body(self) -> str:
        from selenium.webdriver.common.by import By

        return str(self.driver.find_element(By.TAG_NAME, "body").text)

    def see(self, words: str, timeout: float = 30) -> None:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(self.driver, timeout).until(
            ec.text_to_be_present_in_element((By.TAG_NAME, "body"), words),
            message=f"{words!r} never showed",
        )

    def told(self, words: str) -> None:
        """A notification with ``words`` is on the page."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec

        self.wait.until(
            ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".q-notifications"), words),
            message=f"no notification {words!r}",
        )

    def click(self, xpath: str) -> None:
        from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec

        for _ in range(3):  # an element the page replaced meanwhile is looked up again
            try:
                element = self.wait.until(ec.element_to_be_clickable((By.XPATH, xpath)))
                self.driver.execute_script(
                    "arguments[0].scrollIntoView({block: 'center'})", element
                )
                element.click()
                return
            except StaleElementReferenceException:
                continue
            except TimeoutException:
                break
        self.shot("failed")
        raise AssertionError(f"nothing to click at {xpath} on {self.driver.current_url}")

    def has(self, xpath: str) -> bool:
        from selenium.webdriver.common.by import By

        return bool(self.driver.find_elements(By.XPATH, xpath))

    def button(self, words: str, within: str = "") -> None:
        self.click(f"{within}//button[.//span[normalize-space(text())={_lit(words)}]]")

    def link(self, words: str) -> None:
        self.click(f"//a[normalize-space(.)={_lit(words)}]")

    def nav(self, key: str) -> None:
        """A click on the left navigation's entry, and the new page loaded."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec

        page = self.driver.find_element(By.TAG_NAME, "html")
        self.click(f"//div[contains(@class,'q-item')][.//div[text()={_lit(self.text(key))}]]")
        self.wait.until(ec.staleness_of(page))
        self.see(self.text(NAV_TITLES.get(key, key)))

    def field(self, label: str):  # type: ignore[no-untyped-def]
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.common.by import By

        xpath = f"//label[.//div[text()={_lit(label)}]]//*[self::input or self::textarea]"
        try:
            return self.wait.until(lambda d: d.find_element(By.XPATH, xpath))
        except TimeoutException:
            self.shot("failed")
            raise AssertionError(f"no field {label!r} on {self.driver.current_url}") from None

    def type(self, label: str, words: str) -> None:
        from selenium.common.exceptions import StaleElementReferenceException

        for _ in range(3):  # a field the page replaced meanwhile is looked up again
            try:
                field = self.field(label)
                field.clear()
                field.send_keys(words)
                return
            except StaleElementReferenceException:
                continue
        raise AssertionError(f"field {label!r} kept being replaced on {self.driver.current_url}")

    def shot(self, name: str) -> None:
        path = self.shots / f"{self.lang}-{name}.png"
        assert self.driver.save_screenshot(str(path))

    def sign_in(self, email: str) -> None:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec

        self.driver.get(f"{self.base}/login")
        page = self.driver.find_element(By.TAG_NAME, "html")
        self.button(LANG_NAMES[self.lang])  # the language is chosen before signing in
        self.wait.until(ec.staleness_of(page))  # the choice reloads the page
        self.see(self.text("page.login"))
        self.type(self.text("field.email"), email)
        self.type(self.text("field.password"), PASSWORD)
        self.button(self.text("action.login"))
        self.wait.until(lambda d: d.current_url.rstrip("/") == self.base)
        token = self.api.post("/auth/token", data={"username": email, "password": PASSWORD}).json()[
            "access_token"
        ]
        self.api.headers["Authorization"] = f"Bearer {token}"

    def sign_out(self) -> None:
        self.button(self.text("action.logout"))
        self.wait.until(lambda d: "/login" in d.current_url)


def _lit(words: str) -> str:
    """An XPath string literal for any text (quotes included)."""
    if "'" not in words:
        return f"'{words}'"
    if '"' not in words:
        return f'"{words}"'
    return "concat('" + "', \"'\", '".join(words.split("'")) + "')"


def _firm_name(lang: str) -> str:
    return {"zh-Hans": GZPREC.name_zh_hans, "zh-Hant": GZPREC.name_zh_hant, "en": GZPREC.name_en}[
        lang
    ]


def tour_languages() -> list[str]:
    """The day's language, or those SUIGANG_TOUR_LANG names."""
    chosen = os.environ.get("SUIGANG_TOUR_LANG", "").strip()
    if chosen == "all":
        return list(LANGS)
    if chosen:
        unknown = sorted(set(chosen.split(",")) - set(LANGS))
        if unknown:
            raise ValueError(f"SUIGANG_TOUR_LANG: {unknown} not among {', '.join(LANGS)}")
        return chosen.split(",")
    return [LANGS[date.today().toordinal() % len(LANGS)]]


@pytest.mark.parametrize("lang", tour_languages())
def test_the_readme_tour_by_clicking(  # type: ignore[no-untyped-def]
    demo_server: str,
    browser,  # noqa: F811
    tmp_path: Path,
    lang: str,
) -> None:
    """RFQ sent → promise from capacity on the quote form → quote sent → accepted → work
    order; a machine out of service through the board's dialog → plan repaired → the
    customer told; the lot's quality page and certificate; the zone office's pages."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    me = Person(browser, demo_server, lang, tmp_path)
    title = f"Tour knob {lang}, 200 pcs"

    # 1. the design house sends a request for quote to the demo factory
    me.sign_in(DESIGN_HOUSE)
    me.nav("nav.new_rfq")
    me.type(me.text("field.title"), title)
    me.type(me.text("field.product_code"), PRODUCT_CODE)
    me.type(me.text("field.quantity"), "200")
    me.field(me.text("field.factories")).click()
    me.click(
        "//div[contains(@class,'q-menu')]//div[contains(@class,'q-item')]"
        f"[normalize-space(.)={_lit(_firm_name(lang))}]"
    )
    me.field(me.text("field.factories")).send_keys(Keys.ESCAPE)
    me.button(me.text("action.send_rfq"))
    me.wait.until(lambda d: "/rfqs/" in d.current_url and "/new" not in d.current_url)
    rfq = me.api.get(f"/rfqs/{browser.current_url.rsplit('/', 1)[1]}").json()["number"]
    me.told(me.text("rfq.sent", number=rfq))  # the message of the old page, on the new one
    me.shot("1-rfq-sent")
    me.sign_out()

    # 2. the factory opens the request and quotes from capacity
    me.sign_in(FACTORY)
    me.link(rfq)
    me.see(title)
    me.button(me.text("page.promise"))
    me.see(me.text("field.earliest"))
    me.see(me.text("field.with_bumping"))
    me.see(me.text("promise.bumped"))
    promised = me.field(me.text("field.promised_date")).get_attribute("value")
    assert promised and promised[:2] == "20"  # filled in from capacity, YYYY-MM-DD
    me.type(me.text("field.unit_price"), "45.50")
    me.shot("2-quote-form")
    me.button(me.text("action.submit_quote"))
    me.told("HKD 9,100.00")  # "quote … submitted (HKD 9,100.00)": 200 × 45.50
    me.see(me.text("quote.already_submitted"))
    me.sign_out()

    # 3. the design house accepts: an order, and at the factory a work order
    me.sign_in(DESIGN_HOUSE)
    me.link(rfq)
    me.button(me.text("action.accept"))
    me.wait.until(lambda d: "/orders/" in d.current_url)
    order_id = browser.current_url.rstrip("/").split("/orders/")[1]
    order = me.api.get(f"/orders/{order_id}").json()
    me.told(me.text("quote.accepted", number=order["number"]))
    me.see(me.text("order.timeline"))
    me.shot("3-order")
    me.sign_out()
    me.sign_in(FACTORY)
    me.nav("nav.work_orders")
    work_order = f"WO-{order['number'].removeprefix('SO-')}-01"
    me.see(work_order)  # open work first: the new order's is among it

    # 4. the machine board: a machine out of service through its dialog, with a reason, and
    # the plan repaired. The machines the new order's work is planned on, one after the
    # other, until its forecast passes its promise (promised from capacity, it has the least
    # slack; its other machines usually take the work over, so it may never slip)
    plan = me.api.get("/plans/current").json()
    route = [op["machine"] for op in plan["operations"] if op["order_id"] == order_id]
    assert route, "the accepted order joined the released plan"
    versions, late_min = plan["number"], 0
    taken_down: list[str] = []
    for code in dict.fromkeys(route):
        me.nav("machines.nav")
        tile = f"//div[contains(@class,'q-card')][.//a[normalize-space(.)={_lit(code)}]]"
        words = _lit(me.text("machines.take_down"))
        take_down = f"{tile}//button[.//span[normalize-space(text())={words}]]"
        time.sleep(1)  # the tiles are built
        if not me.has(take_down):  # out of service already: the plan put work on it anyway
            continue
        taken_down.append(code)
        me.click(take_down)
        me.field(me.text("machines.reason")).send_keys("spindle bearing noise")
        time.sleep(2.5)  # the board refreshes every 2 s: the dialog and its reason stay
        me.button(me.text("machines.confirm"))
        out = me.text("status.out_of_service")
        me.told(me.text("machines.status_changed", code=code, status=out))
        me.see(me.text("machines.no_work_while_down"))
        me.shot("4-board")
        versions += 1
        # the repair is delivered a moment after the change
        deadline = time.monotonic() + 30
        while me.api.get("/plans/current").json()["number"] < versions:
            assert time.monotonic() < deadline, f"the plan was not repaired after {code}"
            time.sleep(0.5)
        late_min = me.api.get(f"/orders/{order_id}/forecast").json()["late_min"]
        if late_min > 0:
            break
    assert taken_down, f"every machine of {route} was out of service already"
    # back in service through the same dialog (no reason needed), so the next walk finds
    # every machine in service
    for code in taken_down:
        me.nav("machines.nav")
        tile = f"//div[contains(@class,'q-card')][.//a[normalize-space(.)={_lit(code)}]]"
        me.button(me.text("machines.bring_back"), within=tile)
        me.button(me.text("machines.confirm"))
        back = me.text("status.in_service")
        me.told(me.text("machines.status_changed", code=code, status=back))
    me.nav("nav.plan")
    me.see(me.text("plan.reason.repair"))
    me.see(me.text("plan.by_platform"))  # repaired by the platform, not by a person
    me.shot("5-plan")
    me.sign_out()

    # 5. the design house: told if its order slipped, and its order's timeline; then a
    # lot's quality and its certificate
    me.sign_in(DESIGN_HOUSE)
    me.nav("nav.notifications")
    me.see(me.text("page.notifications"))
    time.sleep(1)  # the page is complete
    notes = [e.text for e in browser.find_elements(By.XPATH, "//a[contains(@href, '/timeline')]")]
    told = me.text("page.order_timeline", number=order["number"]) in notes
    assert told == (late_min > 0), (late_min, notes)  # told exactly when it slipped
    me.shot("6-notifications")
    me.nav("nav.home")
    me.link(order["number"])
    me.link(me.text("order.timeline"))
    me.see(me.text("page.order_timeline", number=order["number"]))
    me.see(me.text("timeline.late", minutes=late_min) if late_min else me.text("timeline.on_time"))
    me.nav("quality.nav")
    me.see(me.text("quality.page_list"))
    # lots with the latest quality records come first: the demo factory measured these
    me.click("(//a[starts-with(normalize-space(.), 'LOT-')])[1]")
    me.see(me.text("quality.capability"))  # once the charts are drawn
    assert browser.find_elements(By.CSS_SELECTOR, "img[src^='data:image/png']")
    me.shot("7-lot-quality")
    me.button(me.text("quality.download_certificate"))
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob("QC-*.pdf")):
        assert time.monotonic() < deadline, "no certificate was downloaded"
        time.sleep(0.5)
    (pdf,) = tmp_path.glob("QC-*.pdf")
    from pypdf import PdfReader

    time.sleep(0.5)  # the file is complete
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "Certificate of Quality" in text and "UTC+8" in text
    me.sign_out()

    # 6. the zone office: the zone in aggregate, and the firm directory by name
    me.sign_in(ZONE)
    me.see(me.text("home.zone.heading"))
    me.nav("firms.nav")
    me.type(me.text("firms.name_filter"), _firm_name(lang)[:4])
    me.button(me.text("firms.search"))
    me.see(_firm_name(lang))
    me.shot("8-zone-firms")
