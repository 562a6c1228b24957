"""The alliance pages through NiceGUI's simulated user: a front shop searches in 繁體, reads
why the welding shop came first, ticks it and sends it an RFQ through the RFQ form; a factory
admin edits its profile, leaves and joins the alliance; the zone office sees the segment graph
and the gaps; every alliance page renders in the three languages."""

from __future__ import annotations

import os
from collections.abc import Iterator
from decimal import Decimal

import pytest
from nicegui.testing import User
from sqlalchemy.orm import Session

from suigang.domains.alliance import service
from suigang.domains.alliance.models import LinkKind
from suigang.domains.alliance.schemas import SupplyLinkCreate
from suigang.domains.alliance.segments import Segment
from suigang.domains.identity.models import Region
from suigang.domains.orders.models import RFQ
from tests.domains.alliance.alliance_world import join_alliance
from tests.domains.relay.relay_world import add_relay_firms
from tests.ui.test_relay_pages import login
from tests.world import World

pytestmark = pytest.mark.asyncio


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
    w = join_alliance(session, add_relay_firms(session, ui_world))
    service.declare_link(
        session, actor=w.actor("gz2"),
        data=SupplyLinkCreate(
            supplier_name="Servo GmbH", supplier_region=Region.MAINLAND_OTHER,
            customer_id=w.firms["gz2"].id, item="servo motor", kind=LinkKind.COMPONENT,
            segment=Segment.KEY_COMPONENTS, annual_value_cny=Decimal("800000"),
        ),
    )  # fmt: skip
    service.member_index(session)  # the dictionary loads before the simulated browser waits
    return w


async def test_a_front_shop_finds_the_welding_shop_and_asks_it_for_a_quote(
    user: User, world: World, session: Session
) -> None:
    await login(user, "hk1")
    await user.open("/alliance")
    user.find(marker="alliance-q").type("燒焊 不鏽鋼 支架")
    user.find(marker="alliance-search").click()
    await user.should_see(marker="alliance-results")
    names = [e.text for e in user.find(marker="hit-name").elements]
    assert names[0] == "gz1 Ltd"  # the welding shop first
    await user.should_see("燒焊 → 燒焊 (dictionary)")  # the reason, word for word
    user.find(marker=f"select-{world.firms['gz1'].id}").click()
    user.find(marker="alliance-send-rfq").click()
    await user.should_see(marker="send-rfq")  # the RFQ form, gz1 chosen, the query as title
    user.find(marker="quantity").type("500")
    user.find(marker="wanted_date").clear().type("2099-12-31")
    user.find(marker="send-rfq").click()
    await user.should_see("Request for quote RFQ-")
    session.expire_all()
    rfq = session.query(RFQ).one()
    assert (rfq.title, [r.factory_id for r in rfq.recipients]) == (
        "燒焊 不鏽鋼 支架", [world.firms["gz1"].id],
    )  # fmt: skip


async def test_a_factory_admin_keeps_its_profile_membership_and_links(
    user: User, world: World, session: Session
) -> None:
    await login(user, "gz2")
    await user.open("/alliance/profile")
    await user.should_see("精密齿轮箱、减速机的数控加工与装配。")
    await user.should_see("servo motor")  # its declared link
    user.find(marker="alliance-leave").click()
    await user.should_see("Left the alliance")
    await user.should_see(marker="alliance-join")
    user.find(marker="alliance-join").click()
    await user.should_see("Joined the alliance")
    await user.should_see(marker="alliance-leave")
    # a supplier outside the platform: name, item and yearly value; the rest as offered
    user.find(marker="link-new").click()
    user.find(marker="link-outside").type("Kansai Reducer Co.")
    user.find(marker="link-item").type("precision reducer")
    user.find(marker="link-value").clear().type("1,500,000")
    user.find(marker="link-declare").click()
    await user.should_see("Declared")
    await user.should_see("precision reducer")
    gaps = service.local_supplier_gaps(session, actor=world.actor("zone"))
    # the new link is a gap of the zone, larger than the servo motors declared before
    assert [(g.item, g.value_cny) for g in gaps] == [
        ("precision reducer", Decimal("1500000.00")), ("servo motor", Decimal("800000.00")),
    ]  # fmt: skip


async def test_removing_a_link_says_so_only_when_it_was_removed(
    user: User, world: World, session: Session
) -> None:
    """gz2 removes its servo-motor link: "Removed" after the reload; the same button on a
    page left open after the link went meanwhile names the refusal, not a removal."""
    from suigang.domains.alliance.models import SupplyLink

    await login(user, "gz2")
    await user.open("/alliance/profile")
    await user.should_see(marker="link-remove")
    link = session.query(SupplyLink).one()
    service.remove_link(session, actor=world.actor("gz2"), link_id=link.id)
    session.commit()
    user.find(marker="link-remove").click()  # the page still shows the link
    await user.should_see(f"supply link {link.id} not found")
    await user.open("/alliance/profile")  # a message left for the next page would show here
    await user.should_not_see(marker="link-remove")
    await user.should_not_see("Removed")


async def test_the_zone_office_sees_the_chain_and_gaps(user: User, world: World) -> None:
    await login(user, "zone")
    await user.open("/zone/alliance")
    await user.should_see(marker="zone-graph")
    await user.should_see("servo motor")  # the gap
    await user.open("/alliance?q=減速機")  # the zone office searches the members too
    await user.should_see(marker="alliance-results")  # drawn once the page is connected
    assert [e.text for e in user.find(marker="hit-name").elements] == ["gz2 Ltd"]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
async def test_every_alliance_page_renders_in_each_language(
    user: User, world: World, lang: str
) -> None:
    await login(user, "gz1")
    user.find(marker=f"lang-{lang}").click()
    for path in ("/alliance?q=welding", "/alliance/profile", "/alliance/chain",
                 f"/alliance/firms/{world.firms['gz2'].id}"):  # fmt: skip
        await user.open(path)
        await user.should_see(marker="page-title")
