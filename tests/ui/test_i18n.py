"""Every label exists in zh-Hans, zh-Hant and English, and every label the pages use exists."""

from __future__ import annotations

import re
import string
import uuid
from pathlib import Path

import pytest
from nicegui.testing import User

from suigang.domains.catalog.models import MachineKind, MachineStatus
from suigang.domains.identity.models import EnterpriseKind, Region, Role
from suigang.domains.orders.models import (
    OrderStatus,
    QuoteStatus,
    RecipientStatus,
    RFQStatus,
)
from suigang.domains.orders.service import ORDER_NEXT
from suigang.domains.production.models import OperationStatus, WorkOrderStatus
from suigang.ui import guard, i18n
from suigang.ui.pages import page_modules
from tests.ui.flows import place_order
from tests.world import PASSWORD, World

UI_SOURCES = Path(i18n.__file__).parent
page_modules()  # every area's labels are added when its page module is imported
NAMESPACES = sorted({key.split(".")[0] for key in i18n.LABELS})
KEY_LITERAL = re.compile(r"""["'](({})\.[a-z_][a-z_.]*)["']""".format("|".join(NAMESPACES)))
HAN = re.compile(r"[\u4e00-\u9fff]")
PATH_PARAM = re.compile(r"\{(\w+)\}")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_three_languages_with_the_same_placeholders() -> None:
    """Three non-empty texts per key; Chinese texts contain Han characters; {args} agree."""
    for key, texts in i18n._TEXT.items():
        assert len(texts) == 3, key
        hans, hant, en = texts
        assert all(s.strip() for s in texts), key
        assert HAN.search(hans) and HAN.search(hant), key
        assert _fields(hans) == _fields(hant) == _fields(en), key
        assert i18n.LABELS[key] == {"zh-Hans": hans, "zh-Hant": hant, "en": en}


def test_simplified_and_traditional_differ_where_the_scripts_do() -> None:
    """A sample of labels whose characters differ between the scripts are not copies."""
    for key in ("nav.work_orders", "home.my_machines", "action.logout", "status.in_production"):
        assert i18n.LABELS[key]["zh-Hans"] != i18n.LABELS[key]["zh-Hant"], key


# mainland wording a Hong Kong reader would not write (Hong Kong form in the comment)
MAINLAND_IN_HANT = ("平台", "車床", "質量", "信息", "默認", "視頻", "登錄", "設置", "創建")
# 平臺 車牀 品質 資訊 預設 影片 登入 設定 建立


def test_traditional_texts_use_hong_kong_forms() -> None:
    """繁體 labels of the pages, the certificate and the chart images use Hong Kong forms
    (平臺, 車牀, 品質...), not mainland wording in Traditional characters."""
    from suigang.domains.quality.chart_text import LABELS as CHART_LABELS
    from suigang.reports import LABELS as CERTIFICATE_LABELS

    texts = [v["zh-Hant"] for v in i18n.LABELS.values()]
    texts += [v[1] for v in CERTIFICATE_LABELS.values()]
    texts += [v[1] for v in CHART_LABELS.values()]
    found = sorted({w for text in texts for w in MAINLAND_IN_HANT if w in text})
    assert found == []


def test_every_key_literal_in_the_ui_sources_exists() -> None:
    """A static scan of src/suigang/ui: each quoted label key is defined."""
    found: set[str] = set()
    for path in UI_SOURCES.rglob("*.py"):
        if path.name == "i18n.py":
            continue
        found |= {m.group(1) for m in KEY_LITERAL.finditer(path.read_text(encoding="utf-8"))}
    assert len(found) > 100  # the scan does see the pages' keys
    assert sorted(found - set(i18n.LABELS)) == []


@pytest.mark.parametrize(
    ("prefix", "values"),
    [
        ("status", RFQStatus),
        ("status", RecipientStatus),
        ("status", QuoteStatus),
        ("status", OrderStatus),
        ("status", WorkOrderStatus),
        ("op", OperationStatus),
        ("status", MachineStatus),
        ("kind", EnterpriseKind),
        ("role", Role),
        ("region", Region),
        ("machine", MachineKind),
        ("order.to", {s for nexts in ORDER_NEXT.values() for s in nexts}),
    ],
)
def test_keys_built_from_enum_values_exist(prefix: str, values: object) -> None:
    """Labels looked up as f"{prefix}.{value}" exist for every value of the enum."""
    missing = [f"{prefix}.{v.value}" for v in values if f"{prefix}.{v.value}" not in i18n.LABELS]  # type: ignore[attr-defined]
    assert missing == []


# who opens every page: one user of each kind of firm (each sees a page, a 403 or a 404)
VIEWERS = ("hk1", "gz1", "zone", "ri")


def page_paths() -> list[str]:
    """The path of every page the app registered, sign-in aside."""
    from nicegui import Client

    return sorted(set(Client.page_routes.values()) - set(guard.PUBLIC_PAGES))


def page_titles(html: str) -> list[str]:
    """The texts marked ``page-title`` on the page the server built for ``html``."""
    from nicegui import Client

    found = re.search(r"'client_id': '([0-9a-f-]+)'", html)
    assert found is not None
    client = Client.instances[found[1]]
    titles = [e.text for e in client.elements.values() if "page-title" in e._markers]  # type: ignore[attr-defined]
    return titles


def demo_ids(world: World) -> dict[str, str]:
    """An id of each kind a page path takes (an RFQ, order, lot, plan, machine, product,
    relay project), of things the test zone holds; a kind not here gets an id that names
    nothing, so a new page is still opened (and answers its not-found page)."""
    from suigang.domains.planning.versions import make_plan
    from suigang.domains.relay import service as relay
    from suigang.domains.relay.schemas import RelayProjectCreate
    from tests.domains.relay.relay_world import add_relay_firms
    from tests.ui.test_quality_pages import _session, quality_lot

    rfq_id, order_id, _ = place_order(world, "hk1", "gz1")
    lot_id, _ = quality_lot(world)
    session = _session()
    try:
        add_relay_firms(session, world)
        project = relay.create_project(
            session, actor=world.actor("ri"), data=RelayProjectCreate(title_en="P", trl=3, mrl=3)
        )
        plan = make_plan(session, actor=world.actor("gz1"))
        return {
            "rfq_id": str(rfq_id),
            "order_id": str(order_id),
            "lot_id": str(lot_id),
            "plan_id": str(plan.id),
            "machine_id": str(world.machines["gz1"][0].id),
            "product_id": str(world.products["gz1"].id),
            "project_id": str(project.id),
        }
    finally:
        session.close()


@pytest.mark.asyncio
@pytest.mark.parametrize("lang", i18n.LANGS)
async def test_every_page_renders_in_each_language(user: User, ui_world: World, lang: str) -> None:
    """Every registered page builds in each language, for a user of each kind of firm,
    without a missing label; the keys it looked up are all defined, and the title is the
    one of that language. The pages are found, not listed: a new page is covered."""
    ids = demo_ids(ui_world)
    paths = page_paths()
    assert {"/", "/plan", "/machines", "/quality", "/lots/{lot_id}/quality"} <= set(paths)
    shown: dict[str, set[str]] = {p: set() for p in paths}
    i18n.used_keys.clear()
    await user.open("/login")
    user.find(marker=f"lang-{lang}").click()
    await user.should_see(marker="login-button", content=i18n.LABELS["action.login"][lang])
    for who in VIEWERS:
        await user.open("/login")
        user.find(marker="email").type(f"{who}@test.suigang")
        user.find(marker="password").type(PASSWORD)
        user.find(marker="login-button").click()
        await user.should_see(marker="home-heading", retries=50)
        for path in paths:
            url = PATH_PARAM.sub(lambda m: ids.get(m[1], str(uuid.uuid4())), path)
            # built on the server as a browser asks for it; a page this viewer may not see
            # answers 403 or 404, its own title in its own language all the same
            response = await user.http_client.get(url)
            assert response.status_code in (200, 403, 404), (who, url, response.status_code)
            if response.status_code == 200:
                shown[path].add(who)
            titles = page_titles(response.text)
            assert len(titles) == 1 and bool(HAN.search(titles[0])) == (lang != "en"), (url, titles)
        await user.open("/")
        user.find(marker="logout").click()
        await user.should_see(marker="login-button")
    # each page with the zone's ids in its path is one some kind of firm uses
    unused = [p for p in paths if not shown[p] and set(PATH_PARAM.findall(p)) <= set(ids)]
    assert unused == []
    assert i18n.used_keys <= set(i18n.LABELS)
    # the pages looked up the labels of every part they have
    for key in (
        "home.my_rfqs",
        "home.my_machines",
        "zone.orders_by_region",
        "order.work_orders",
        "plan.gantt",
        "machines.shift_oee",
        "quality.page_lot",
    ):
        assert key in i18n.used_keys
    await user.open("/login")
    await user.should_see(i18n.LABELS["page.login"][lang])


@pytest.mark.asyncio
async def test_every_page_is_opened_by_the_guard(user: User) -> None:
    """Each page the app registered, sign-in aside, was declared with ``guarded_page`` (the
    sign-in redirect, the 403 page and the frame in one place)."""
    from nicegui import Client

    await user.open("/login")
    unguarded = sorted(
        path
        for handler, path in Client.page_routes.items()
        if path not in guard.PUBLIC_PAGES and not guard.is_guarded(handler)
    )
    assert unguarded == []
