"""The pages through NiceGUI's simulated user, on the real app and a test database."""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User

from tests.world import PASSWORD, World

pytestmark = pytest.mark.asyncio


async def login(user: User, who: str) -> None:
    await user.open("/login")
    user.find(marker="email").type(f"{who}@test.suigang")
    user.find(marker="password").type(PASSWORD)
    user.find(marker="login-button").click()
    await user.should_see(marker="home-heading")


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
