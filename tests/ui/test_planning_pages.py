"""The planning pages through NiceGUI's simulated user: make and release a plan, see it as a
Gantt, take a machine down, and the front shop's own order timeline and notifications."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from nicegui.testing import User

from suigang.ui import i18n
from suigang.ui.components.gantt import gantt_options
from tests.ui.flows import place_order, send_rfq
from tests.world import PASSWORD, World


async def login(user: User, who: str) -> None:
    await user.open("/login")
    user.find(marker="email").type(f"{who}@test.suigang")
    user.find(marker="password").type(PASSWORD)
    user.find(marker="login-button").click()
    await user.should_see(marker="home-heading", retries=50)  # a busy machine builds it slowly


async def logout(user: User) -> None:
    user.find(marker="logout").click()
    await user.should_see(marker="login-button")


def chart_options(user: User, marker: str) -> dict:  # type: ignore[type-arg]
    (chart,) = user.find(marker=marker).elements
    return chart.options  # type: ignore[no-any-return,attr-defined]


@pytest.mark.asyncio
async def test_plan_release_gantt_take_down_and_customer_view(user: User, ui_world: World) -> None:
    """gz1 plans hk1's and hk2's orders (2 operations each): the Gantt has 4 bars on the two
    CNCs and 2 rows by work order; taking CNC1 down releases plan 2. hk1's timeline shows its
    own 2 operations and nothing of hk2's order; the plan page is forbidden to it."""
    _, order1, number1 = place_order(ui_world, "hk1", "gz1")
    _, order2, number2 = place_order(ui_world, "hk2", "gz1")
    await login(user, "gz1")
    await user.open("/plan")
    await user.should_see(marker="no-plan")
    user.find(marker="make-plan").click()
    await user.should_see(marker="page-title", content="Plan 1")
    user.find(marker="release-plan").click()
    await user.should_see("Plan 1 released")
    await user.open("/plan")
    await user.should_see(marker="gantt-machine")
    by_machine = chart_options(user, "gantt-machine")
    assert len(by_machine["series"][0]["data"]) == 4
    assert set(by_machine["yAxis"]["data"]) <= {"gz1-CNC1", "gz1-CNC2"}
    assert len(chart_options(user, "gantt-work_order")["yAxis"]["data"]) == 2
    user.find(marker="take-down-gz1-CNC1").click()
    # one click only asks; the repair waits for the confirmation
    await user.should_see(marker="take-down-question", content="Take gz1-CNC1 down for 4 hours?")
    user.find(marker="confirm-take-down").click()
    await user.should_see("Plan repaired and released: plan 2")
    await logout(user)

    await login(user, "hk1")
    await user.open(f"/orders/{order1}/timeline")
    await user.should_see(marker="page-title", content=f"Order {number1} timeline")
    await user.should_see("rough milling")
    await user.should_see("finish milling")
    bars = chart_options(user, "order-gantt")["series"][0]["data"]
    assert [b["name"].split(" · ")[0] for b in bars] == [number1, number1]
    await user.should_not_see(number2)
    await user.should_not_see("gz1-CNC")  # no machine of the factory is named
    response = await user.http_client.get(f"/orders/{order2}/timeline")
    assert response.status_code == 404 and number2 not in response.text
    response = await user.http_client.get("/plan")
    assert response.status_code == 403 and "gz1-CNC" not in response.text
    await user.open("/notifications")
    await user.should_see(marker="page-title", content="Notifications")


@pytest.mark.asyncio
async def test_plan_page_offers_take_down_only_for_machines_in_service(
    user: User, ui_world: World
) -> None:
    """A machine out of service has no "take down" on the plan page; the others keep it."""
    from sqlalchemy import select

    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory
    from suigang.domains.catalog.models import Machine, MachineStatus

    engine = make_engine(Settings())
    with make_session_factory(engine)() as s:
        machine = s.scalar(select(Machine).where(Machine.code == "gz1-CNC2"))
        assert machine is not None
        machine.status = MachineStatus.OUT_OF_SERVICE
        s.commit()
    engine.dispose()
    await login(user, "gz1")
    await user.open("/plan")
    await user.should_see(marker="take-down-gz1-CNC1")
    await user.should_not_see(marker="take-down-gz1-CNC2")


@pytest.mark.asyncio
async def test_automatic_repair_is_by_the_platform_in_the_readers_language(
    user: User, ui_world: World
) -> None:
    """A repair no person made (a breakdown seen by telemetry) is "by" the platform, in
    the reader's language (it read "system")."""
    from sqlalchemy import select

    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory, utcnow
    from suigang.domains.catalog.models import Machine
    from suigang.domains.planning import disrupt, service

    place_order(ui_world, "hk1", "gz1")
    engine = make_engine(Settings())
    with make_session_factory(engine)() as s:
        plan = service.make_plan(s, actor=ui_world.actor("gz1"))
        service.release_plan(s, actor=ui_world.actor("gz1"), plan_id=plan.id, version=plan.version)
        machine = s.scalar(select(Machine).where(Machine.code == "gz1-CNC1"))
        assert machine is not None
        disrupt.repair_machine_down(
            s, machine=machine, start=utcnow(), end=None, actor=None, source="telemetry"
        )
        s.commit()
    engine.dispose()
    await login(user, "gz1")
    user.find(marker="lang-zh-Hant").click()
    await user.should_see(marker="page-title", content="首頁")
    await user.open("/plan")
    await user.should_see("平臺自動")
    await user.should_not_see("system")
    await user.should_see("調整的工序")  # the versions list counts each one's moves


@pytest.mark.asyncio
@pytest.mark.parametrize("lang", i18n.LANGS)
async def test_planning_pages_render_in_each_language(
    user: User, ui_world: World, lang: str
) -> None:
    """Every planning page builds in each language with defined labels only."""
    rfq_id, order_id, _ = place_order(ui_world, "hk1", "gz1")
    i18n.used_keys.clear()
    await user.open("/login")
    user.find(marker=f"lang-{lang}").click()
    await login(user, "gz1")
    await user.open("/plan")
    user.find(marker="make-plan").click()
    await user.should_see(marker="release-plan")
    user.find(marker="release-plan").click()
    await user.should_see(marker="gantt-machine")
    product = ui_world.products["gz1"].id
    await user.open(f"/rfqs/{rfq_id}/promise?product={product}")
    await user.should_see(marker="page-title", content=i18n.LABELS["page.promise"][lang])
    await logout(user)
    await login(user, "hk1")
    for path in (f"/orders/{order_id}/timeline", "/notifications"):
        await user.open(path)
        await user.should_see(marker="page-title")
    assert i18n.used_keys <= set(i18n.LABELS)
    for key in ("plan.gantt", "plan.machines", "timeline.operations", "page.promise"):
        assert key in i18n.used_keys


def test_gantt_options_bars_breaks_and_now() -> None:
    """Two bars on one machine: one row; values are [row, start ms, end ms, setup ms, late];
    the break is one grey band and now one red line."""
    t0 = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    ms = int(t0.timestamp() * 1000)
    bars = [
        {"machine": "M1", "work_order": "WO-1", "name": "a", "start": t0,
         "end": datetime(2026, 12, 1, 1, 0, tzinfo=UTC), "setup_min": 10, "late": False},
        {"machine": "M1", "work_order": "WO-2", "name": "b",
         "start": datetime(2026, 12, 1, 1, 0, tzinfo=UTC),
         "end": datetime(2026, 12, 1, 2, 0, tzinfo=UTC), "setup_min": 0, "late": True},
    ]  # fmt: skip
    brk = (datetime(2026, 12, 1, 16, 0, tzinfo=UTC), datetime(2026, 12, 2, 0, 0, tzinfo=UTC))
    opts = gantt_options(bars, by="machine", breaks=[brk], now=t0)
    assert opts["yAxis"]["data"] == ["M1"]
    series = opts["series"][0]
    assert [d["value"] for d in series["data"]] == [
        [0, ms, ms + 3_600_000, 600_000, 0],
        [0, ms + 3_600_000, ms + 7_200_000, 0, 1],
    ]
    assert series["markArea"]["data"] == [
        [{"xAxis": ms + 16 * 3_600_000}, {"xAxis": ms + 24 * 3_600_000}]
    ]
    assert series["markLine"]["data"] == [{"xAxis": ms}]


def test_labels_built_from_plan_enums_exist() -> None:
    """Plan statuses and reasons are looked up as planstatus.<v> and plan.reason.<v>."""
    from suigang.domains.planning.models import VersionReason, VersionStatus
    from suigang.ui.pages import page_modules

    page_modules()
    missing = [f"planstatus.{v.value}" for v in VersionStatus] + [
        f"plan.reason.{v.value}" for v in VersionReason
    ]
    assert [k for k in missing if k not in i18n.LABELS] == []


@pytest.mark.asyncio
async def test_search_runs_in_the_background_and_opens_the_new_plan(
    user: User, ui_world: World
) -> None:
    """A 5-second search runs as a job in a worker process; when it is done the page opens
    the draft it stored (plan 1: nothing was planned before)."""
    place_order(ui_world, "hk1", "gz1")
    await login(user, "gz1")
    await user.open("/plan")
    user.find(marker="search-seconds").click()
    user.find("5 s").click()
    user.find(marker="search-plan").click()
    await user.should_see("Searching…")
    await user.should_see(marker="page-title", content="Plan 1", retries=600)
    await user.should_see(marker="release-plan")


@pytest.mark.asyncio
async def test_search_is_cancelled_from_the_page(user: User, ui_world: World) -> None:
    """A 120-second search is cancelled with the page's button: the job stops, the page says
    so and no draft is stored (the factory still has no plan)."""
    place_order(ui_world, "hk1", "gz1")
    await login(user, "gz1")
    await user.open("/plan")
    user.find(marker="search-seconds").click()
    user.find("120 s").click()
    user.find(marker="search-plan").click()
    await user.should_see("Searching…")
    user.find(marker="search-cancel").click()
    await user.should_see("The search was cancelled.", retries=300)
    await user.should_not_see(marker="search-cancel")
    from sqlalchemy import func, select

    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory
    from suigang.domains.planning.models import ScheduleVersion

    engine = make_engine(Settings())
    with make_session_factory(engine)() as s:
        assert s.scalar(select(func.count()).select_from(ScheduleVersion)) == 0
    engine.dispose()


@pytest.mark.asyncio
async def test_quote_form_promises_from_capacity(user: User, ui_world: World) -> None:
    """On the quote form of an RFQ naming its product, gz1 asks for the promise from
    capacity: the form shows the earliest date the released plan keeps and the date with
    bumping, and the promised date becomes the first day whose 18:00 is not before the
    earliest completion."""
    import uuid

    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory
    from suigang.domains.planning import ctp
    from suigang.ui.context import SHANGHAI, fmt_datetime, promise_day

    product = ui_world.products["gz1"]
    rfq_id = send_rfq(ui_world, "hk1", "gz1", product.code)
    await login(user, "gz1")
    await user.open(f"/rfqs/{rfq_id}")
    (select,) = user.find(marker="product").elements
    assert select.value == str(product.id)  # type: ignore[attr-defined]  # the RFQ's code
    user.find(marker="promise-from-capacity").click()
    engine = make_engine(Settings())
    with make_session_factory(engine)() as s:
        answer = ctp.promise_date(
            s, actor=ui_world.actor("gz1"), rfq_id=uuid.UUID(str(rfq_id)), product_id=product.id
        )
    engine.dispose()
    await user.should_see(fmt_datetime(answer.earliest, SHANGHAI))
    await user.should_see("If lower-priority orders yield")
    await user.should_see("Orders that would be delayed")
    (field,) = user.find(marker="promised_date").elements
    assert field.value == promise_day(answer.earliest, SHANGHAI)  # type: ignore[attr-defined]


@pytest.mark.asyncio
async def test_quote_form_asks_for_a_product_the_catalogue_lacks(
    user: User, ui_world: World
) -> None:
    """An RFQ whose product code gz1 does not make preselects no product: the form asks for
    one, and quoting or promising without one is refused with that request."""
    rfq_id = send_rfq(ui_world, "hk1", "gz1", "NOT-IN-CATALOGUE")
    await login(user, "gz1")
    await user.open(f"/rfqs/{rfq_id}")
    (select,) = user.find(marker="product").elements
    assert select.value is None  # type: ignore[attr-defined]  # no guess at another's part
    await user.should_see(marker="choose-product")
    user.find(marker="promise-from-capacity").click()
    await user.should_see("Could not do that: Choose the product you quote for")
    user.find(marker="unit_price").type("12.50")
    user.find(marker="submit-quote").click()
    await user.should_see("Could not do that: Choose the product you quote for")


@pytest.mark.asyncio
async def test_promise_page_without_a_product_uses_the_rfqs_code(
    user: User, ui_world: World
) -> None:
    """/rfqs/{id}/promise with no product in the URL answers for the factory's product of the
    RFQ's code (it said "request for quote not found"), and asks for the quote form when the
    catalogue has no such product."""
    product = ui_world.products["gz1"]
    rfq_id = send_rfq(ui_world, "hk1", "gz1", product.code)
    other = send_rfq(ui_world, "hk1", "gz1", "NOT-IN-CATALOGUE")
    await login(user, "gz1")
    await user.open(f"/rfqs/{rfq_id}/promise")
    await user.should_see(marker="page-title", content="Promise from capacity")
    await user.should_see("Earliest, keeping every promise")
    await user.open(f"/rfqs/{other}/promise")
    await user.should_see(marker="choose-product")
