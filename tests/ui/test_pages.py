"""The pages through NiceGUI's simulated user, on the real app and a test database."""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User

from tests.ui.flows import place_order
from tests.world import PASSWORD, World

pytestmark = pytest.mark.asyncio


async def login(user: User, who: str) -> None:
    await user.open("/login")
    user.find(marker="email").type(f"{who}@test.suigang")
    user.find(marker="password").type(PASSWORD)
    user.find(marker="login-button").click()
    await user.should_see(marker="home-heading", retries=50)  # a busy machine builds it slowly


async def test_login_shows_the_factory_home(user: User, ui_world: World) -> None:
    """A factory user lands on the factory home page with its firm name and sections."""
    await login(user, "gz1")
    await user.should_see("Requests for quote to answer")
    await user.should_see("gz1 Ltd")
    await user.should_see("My machines")
    await user.should_see("gz1-CNC1")


async def logout(user: User) -> None:
    user.find(marker="logout").click()
    await user.should_see(marker="login-button")


async def test_rfq_quote_accept_work_order_flow(user: User, ui_world: World) -> None:
    """Front shop asks gz1, gz1 quotes 100 × HKD 12.50, the front shop accepts, and gz1 sees
    the order's work order with the two operations of its routing."""
    await login(user, "hk1")
    await user.should_see("Your requests for quote and orders")
    user.find(marker="new-rfq").click()
    await user.should_see(marker="send-rfq")
    user.find(marker="title").type("Scanner housing")
    user.find(marker="product_code").type("HS-200")
    user.find(marker="quantity").type("100")
    user.find(marker="wanted_date").clear().type("2099-12-31")
    user.find(marker="factories").click()  # open the options, then pick one
    user.find("gz1 Ltd").click()
    user.find(marker="send-rfq").click()
    await user.should_see("Request for quote RFQ-")
    await user.should_see("Scanner housing")
    await user.should_see("No quotes yet")
    await logout(user)

    await login(user, "gz1")
    await user.should_see("Scanner housing")  # among the requests to answer
    user.find(kind=ui.link, content="RFQ-").click()
    await user.should_see(marker="page-title", content="Request for quote RFQ-")
    # HS-200 is not in gz1's catalogue: the form asks, and gz1 chooses its housing
    await user.should_see(marker="choose-product")
    user.find(marker="product").click()
    user.find("gz1-HOUSING · Aluminium housing").click()
    user.find(marker="unit_price").type("12.50")
    user.find(marker="promised_date").clear().type("2099-11-30")
    user.find(marker="submit-quote").click()
    await user.should_see(kind=ui.label, content="HKD 1,250.00")  # 100 units at 12.50
    await user.should_see("Your factory has submitted a quote; withdraw it to quote again")
    await logout(user)

    await login(user, "hk1")
    user.find(kind=ui.link, content="RFQ-").click()
    await user.should_see(marker="page-title", content="Request for quote RFQ-")
    await user.should_see(kind=ui.label, content="HKD 1,250.00")
    user.find(kind=ui.button, content="Accept").click()
    await user.should_see(marker="page-title", content="Order SO-")
    await user.should_see("On track for the promised date")
    await user.should_see("2099-11-30")
    await logout(user)

    await login(user, "gz1")
    await user.open("/work-orders")
    await user.should_see("WO-")
    await user.should_see("rough milling")
    await user.should_see("finish milling")
    await user.should_see("150.0")  # 100 units × 90 s rough milling = 150 minutes


async def test_another_firms_order_and_rfq_are_not_found(user: User, ui_world: World) -> None:
    """hk1 may not see hk2's order or RFQ with gz2: the page answers 404 and shows no data."""
    rfq_id, order_id, number = place_order(ui_world, "hk2", "gz2")
    await login(user, "hk1")
    for path, message in (
        (f"/orders/{order_id}", "Order not found"),
        (f"/rfqs/{rfq_id}", "Request for quote not found"),
    ):
        response = await user.http_client.get(path)
        assert response.status_code == 404, path
        assert message in response.text
        assert number not in response.text and "Secret gearbox" not in response.text
    # the buyer itself sees it
    await logout(user)
    await login(user, "hk2")
    await user.open(f"/orders/{order_id}")
    await user.should_see(marker="page-title", content=f"Order {number}")
    await user.should_see("Secret gearbox")
    await user.should_see("CNY 693.00")  # 7 × 99


async def test_language_switch_shows_traditional_chinese(user: User, ui_world: World) -> None:
    """繁體中文 turns every label of the factory home into Traditional Chinese, firm name too."""
    await login(user, "gz1")
    await user.should_see("My machines")
    user.find(marker="lang-zh-Hant").click()
    await user.should_see("我的設備")
    await user.should_see("待報價的詢價")
    await user.should_see("登出")
    await user.should_see(marker="firm-name", content="gz1有限公司")
    await user.should_see("數控加工中心")  # the kind of machine gz1-CNC1
    await user.should_not_see("My machines")
    # the choice sticks across pages
    await user.open("/work-orders")
    await user.should_see(marker="page-title", content="工單")
    user.find(marker="lang-zh-Hans").click()
    await user.should_see(marker="page-title", content="工单")


async def test_wrong_password_is_refused(user: User, ui_world: World) -> None:
    """A wrong password shows the error and keeps the user on the login page."""
    await user.open("/login")
    user.find(marker="email").type("gz1@test.suigang")
    user.find(marker="password").type("not the password")
    user.find(marker="login-button").click()
    await user.should_see(marker="login-error", content="Incorrect e-mail or password")
    await user.open("/")  # still signed out: home sends the browser to the login page
    await user.should_see(marker="login-button")


async def test_domain_errors_become_notifications(user: User, ui_world: World) -> None:
    """An RFQ to no factory is refused with the validation message, and nothing is sent."""
    await login(user, "hk1")
    await user.open("/rfqs/new")
    user.find(marker="title").type("Bracket")
    user.find(marker="quantity").type("5")
    user.find(marker="send-rfq").click()
    await user.should_see("Could not do that: Choose at least 1 in Factories")
    await user.open("/")
    await user.should_see("No requests for quote yet")


async def test_rfq_form_refusals_in_chinese(user: User, ui_world: World) -> None:
    """In 简体中文 a blank title and a wanted date already past are refused in Chinese, and
    nothing is sent."""
    await login(user, "hk1")
    user.find(marker="lang-zh-Hans").click()
    await user.should_see(marker="page-title", content="首页")
    await user.open("/rfqs/new")
    user.find(marker="title").type("   ")
    user.find(marker="quantity").type("5")
    user.find(marker="factories").click()
    user.find("gz1有限公司").click()
    user.find(marker="send-rfq").click()
    await user.should_see("操作失败：请填写标题")  # the title, stripped, is empty
    user.find(marker="title").type("Bracket")
    user.find(marker="wanted_date").clear().type("2020-01-31")
    user.find(marker="send-rfq").click()
    await user.should_see("操作失败：期望交期已过：请选择今天之后的日期")
    await user.open("/")
    await user.should_see("暂无询价")


async def test_factory_cannot_open_the_new_rfq_form(user: User, ui_world: World) -> None:
    """Only front shops send RFQs: the form answers 403 to a factory."""
    await login(user, "gz1")
    response = await user.http_client.get("/rfqs/new")
    assert response.status_code == 403
    assert "Your role has no access to this page" in response.text


async def test_front_shop_cannot_open_work_orders(user: User, ui_world: World) -> None:
    """Work orders are the factory's own: a front shop gets 403 on the list."""
    await login(user, "hk1")
    response = await user.http_client.get("/work-orders")
    assert response.status_code == 403


async def test_zone_office_sees_aggregates_only(user: User, ui_world: World) -> None:
    """The zone office sees firm counts and order volume, not the order itself."""
    _, _, number = place_order(ui_world, "hk2", "gz2")
    await login(user, "zone")
    await user.should_see("The cooperation zone at a glance")
    await user.should_see("Yunpu (technology innovation)")
    await user.should_see("CNY 693.00")  # the one order, by status and by region
    await user.should_not_see(number)
    await user.should_not_see("Secret gearbox")


async def test_front_shop_cancels_an_open_rfq(user: User, ui_world: World) -> None:
    """The sender may cancel an RFQ nobody has answered; the page then shows it cancelled."""
    await login(user, "hk1")
    await user.open("/rfqs/new")
    user.find(marker="title").type("Hinge")
    user.find(marker="quantity").type("12")
    user.find(marker="factories").click()
    user.find("gz2 Ltd").click()
    user.find(marker="send-rfq").click()
    await user.should_see(marker="cancel-rfq")
    user.find(marker="cancel-rfq").click()
    await user.should_see(kind=ui.badge, content="Cancelled")
    await user.should_not_see(marker="cancel-rfq")


async def test_factory_starts_production_and_the_buyer_sees_it(user: User, ui_world: World) -> None:
    """The factory moves the order to production; the buyer sees the new status, and only
    the buyer's own actions (none while in production)."""
    _, order_id, number = place_order(ui_world, "hk1", "gz1")
    await login(user, "gz1")
    await user.open(f"/orders/{order_id}")
    await user.should_see(marker="work-order", content=f"WO-{number.removeprefix('SO-')}-01")
    await user.should_not_see(marker="order-to-cancelled")  # cancelling is the buyer's
    user.find(marker="order-to-in_production").click()
    await user.should_see(kind=ui.badge, content="In production")
    await user.should_see(marker="order-to-shipped")
    await logout(user)
    await login(user, "hk1")
    await user.open(f"/orders/{order_id}")
    await user.should_see(kind=ui.badge, content="In production")
    await user.should_not_see(marker="order-to-shipped")
    await user.should_not_see(marker="order-to-cancelled")  # too late once production started
    await user.should_not_see(marker="work-order")  # work orders are the factory's own


async def test_buyer_cancels_a_placed_order_after_confirming(user: User, ui_world: World) -> None:
    """Cancel asks first; after confirming, the order is cancelled and offers no more actions."""
    _, order_id, number = place_order(ui_world, "hk1", "gz1")
    await login(user, "hk1")
    await user.open(f"/orders/{order_id}")
    user.find(marker="order-to-cancelled").click()
    await user.should_see(f"Cancel order {number}? This cannot be undone.")
    user.find(marker="confirm-cancel").click()
    await user.should_see(kind=ui.badge, content="Cancelled")
    await user.should_not_see(marker="order-to-cancelled")


async def test_home_lists_are_paged(user: User, ui_world: World) -> None:
    """25 RFQs: the home shows the newest 20, and the older link the remaining 5."""
    import os

    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory
    from suigang.domains.orders.schemas import RFQCreate
    from suigang.domains.orders.service import create_rfq
    from tests.world import in_days

    engine = make_engine(Settings(database_url=os.environ["SUIGANG_DATABASE_URL"]))
    with make_session_factory(engine)() as session:
        for i in range(25):
            data = RFQCreate(
                title=f"Part {i:02d}",
                quantity=1,
                wanted_date=in_days(30),
                factory_ids=[ui_world.firms["gz1"].id],
            )
            create_rfq(session, actor=ui_world.actor("hk1"), data=data)
    engine.dispose()
    await login(user, "hk1")
    await user.should_see(marker="range-rfqs", content="1–20 of 25")
    await user.should_see("Part 24")
    await user.should_not_see("Part 04")
    user.find(marker="older-rfqs").click()
    await user.should_see(marker="range-rfqs", content="21–25 of 25")
    await user.should_see("Part 04")
    await user.should_see("Part 00")
    await user.should_not_see("Part 05")
    await user.should_see(marker="newer-rfqs")


async def test_work_orders_filter_by_status(user: User, ui_world: World) -> None:
    """The new work order is planned: listed under Planned and All, not under Completed;
    the factory home lists it among the open work orders."""
    _, _, number = place_order(ui_world, "hk1", "gz1")
    wo_number = f"WO-{number.removeprefix('SO-')}-01"
    await login(user, "gz1")
    await user.should_see("Open work orders, soonest due first: 1 of 1")
    await user.should_see(wo_number)
    await user.open("/work-orders?status=completed")
    await user.should_see("No work orders yet")
    await user.should_not_see(marker="work-order")
    user.find(marker="filter-planned").click()
    await user.should_see(marker="work-order", content=wo_number)


async def test_guarded_page_sends_a_visitor_to_sign_in(user: User, ui_world: World) -> None:
    """Nobody signed in: the guard answers 303 to /login before any page body runs."""
    response = await user.http_client.get("/work-orders?status=completed", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/login")


async def test_work_orders_open_on_open_work(user: User, ui_world: World) -> None:
    """/work-orders lists open work orders by default (a completed one only under Completed
    and All), soonest due first."""
    import os

    from sqlalchemy import select

    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory
    from suigang.domains.production.models import WorkOrder, WorkOrderStatus

    _, _, done = place_order(ui_world, "hk1", "gz1")
    _, _, open_ = place_order(ui_world, "hk2", "gz1")
    done_wo, open_wo = (f"WO-{n.removeprefix('SO-')}-01" for n in (done, open_))
    engine = make_engine(Settings(database_url=os.environ["SUIGANG_DATABASE_URL"]))
    with make_session_factory(engine)() as s:
        wo = s.scalar(select(WorkOrder).where(WorkOrder.number == done_wo))
        assert wo is not None
        wo.status = WorkOrderStatus.COMPLETED
        s.commit()
    engine.dispose()
    await login(user, "gz1")
    await user.open("/work-orders")
    await user.should_see(marker="work-order", content=open_wo)
    await user.should_not_see(done_wo)  # completed: not open work
    user.find(marker="filter-all").click()
    await user.should_see(done_wo)
    await user.should_see(open_wo)
    user.find(marker="filter-completed").click()
    await user.should_see(done_wo)
    await user.should_not_see(open_wo)


async def test_buyers_order_page_links_to_its_timeline(user: User, ui_world: World) -> None:
    """The buyer's order page links to the order's timeline."""
    _, order_id, number = place_order(ui_world, "hk1", "gz1")
    await login(user, "hk1")
    await user.open(f"/orders/{order_id}")
    user.find(marker="order-timeline").click()
    await user.should_see(marker="page-title", content=f"Order {number} timeline")


async def test_zone_office_filters_the_firm_directory_by_name(user: User, ui_world: World) -> None:
    """The zone office finds firms by part of their name on /firms."""
    await login(user, "zone")
    await user.open("/firms")
    await user.should_see("gz1 Ltd")
    await user.should_see("hk2 Ltd")
    user.find(marker="firm-name-filter").type("gz")
    user.find(marker="firm-filter").click()
    await user.should_see("gz2 Ltd")
    await user.should_see("gz1 Ltd")
    await user.should_not_see("hk2 Ltd")


async def test_factory_declines_an_rfq_and_the_sender_sees_it(user: User, ui_world: World) -> None:
    """gz1 declines hk1's request with a reason: the button goes and gz1's row reads
    declined, for gz1 and for the sender, who has no such button."""
    from tests.ui.flows import send_rfq

    rfq_id = send_rfq(ui_world, "hk1", "gz1", "gz1-HOUSING")
    await login(user, "gz1")
    await user.open(f"/rfqs/{rfq_id}")
    await user.should_see(marker="page-title")
    user.find(marker="decline-rfq").click()
    user.find(marker="decline-reason").type("fully booked until March")
    user.find(marker="confirm-decline").click()
    await user.should_see(marker="page-title")
    await user.open(f"/rfqs/{rfq_id}")
    await user.should_not_see(marker="decline-rfq")  # the answer is given: nothing to decline
    await user.should_see("Declined")
    await logout(user)
    await login(user, "hk1")
    await user.open(f"/rfqs/{rfq_id}")
    await user.should_see("Declined")  # the sender sees gz1's row as declined
    await user.should_not_see(marker="decline-rfq")  # the sender has no decline button
