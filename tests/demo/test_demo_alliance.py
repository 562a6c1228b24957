"""The demo's alliance, as the issue's 'done when' says: signed in as the Hong Kong brand,
「燒焊 不鏽鋼 支架」 or "welded stainless steel brackets" finds the zone's welding shops first
with the reason, and they get its RFQ through the RFQ flow; the zone office sees the chain and
its gaps; the institute and the service provider have alliance pages that work."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from suigang.db import utcnow
from suigang.demo.alliance import LINKS, PROFILES
from suigang.domains.alliance import service
from suigang.domains.identity.models import Region, User
from suigang.domains.identity.service import actor_for_user
from suigang.domains.orders.schemas import RFQCreate
from suigang.domains.orders.service import create_rfq, list_rfqs
from tests.demo.demo_support import Built

HPSM = "Huangpu Sheet Metal & Laser Technology Co., Ltd."
XGRS = "Xigang Robotic Systems Integration (Guangzhou) Co., Ltd."
ZONE = (Region.ZONE_WEST, Region.ZONE_YUNPU, Region.ZONE_COMMUNITY)


def actor(session, email: str):  # type: ignore[no-untyped-def]
    return actor_for_user(session.scalar(select(User).where(User.email == email)))


def test_profiles_members_and_links(sqlite_demo: Built) -> None:
    summary, _ = sqlite_demo
    # every firm but the zone office has a profile; SKA and CTFA have not joined
    assert (len(PROFILES), summary.alliance_members) == (31, 29)
    assert summary.supply_links == len(LINKS) == 10


@pytest.mark.parametrize("query", ["燒焊 不鏽鋼 支架", "welded stainless steel brackets"])
def test_the_brand_finds_the_zone_welding_shops_first_and_asks_them_for_a_quote(
    sqlite_demo: Built, query: str
) -> None:
    _, factory = sqlite_demo
    with factory() as s:
        brand = actor(s, "hk.brand@demo.suigang")
        found = service.search_partners(s, actor=brand, q=query, lang="en")
        first_two = found.hits[:2]
        # the two welding shops of the West Zone, in either order, both factories
        assert {h.name for h in first_two} == {HPSM, XGRS}
        assert all(h.region in ZONE and h.can_quote for h in first_two)
        hpsm = next(h for h in first_two if h.name == HPSM)
        why = {(m.query_term, tuple(m.profile_words)) for m in hpsm.matches}
        welding = "燒焊" if query.startswith("燒焊") else "welded"
        assert (welding, ("燒焊",)) in why  # HPSM writes the Hong Kong trade word
        rfq = create_rfq(
            s,
            actor=brand,
            data=RFQCreate(
                title=query, quantity=2000, wanted_date=utcnow() + timedelta(days=45),
                factory_ids=[h.enterprise_id for h in first_two],
            ),
        )  # fmt: skip
        assert {r.factory_id for r in rfq.recipients} == {h.enterprise_id for h in first_two}
        hpsm_admin = actor(s, "hpsm.admin@demo.suigang")
        received, _ = list_rfqs(s, actor=hpsm_admin, limit=500)
        assert rfq.id in {r.id for r in received}  # the welding shop has the RFQ to answer


def test_the_zone_office_sees_the_chain_and_its_gaps(sqlite_demo: Built) -> None:
    _, factory = sqlite_demo
    with factory() as s:
        zone = actor(s, "zone.office@demo.suigang")
        chain = service.zone_chain(s, actor=zone, lang="en")
        gaps = [(g.item, g.buyers, g.value_cny) for g in chain.gaps]
        # reducers and servo motors come from outside the zone, salt-spray tests from Hong Kong
        assert gaps == [
            ("精密减速机 precision reducer (harmonic drive)", 2, Decimal("6000000.00")),
            ("servo motor", 1, Decimal("2600000.00")),
            ("salt spray testing", 2, Decimal("275000.00")),
        ]
        assert chain.gaps[0].candidates[0].name == "Dongjiang Auto Parts (Guangzhou) Co., Ltd."
        assert chain.gaps[1].candidates == []  # no member makes servo motors: a true gap
        assert "Sui-Gang Joint Laboratory for Intelligent Inspection" in [
            c.name for c in chain.gaps[2].candidates
        ]  # the zone's inspection lab does salt-spray tests
        # the platform's orders: Hong Kong front shops buy from the zone's segments
        assert any(e.target == "hong_kong" and e.links > 0 for e in chain.edges)
        assert service.chain_fit(s, "谐波减速机").gaps == [chain.gaps[0].item]


def test_the_institute_and_the_service_provider_have_alliance_pages(sqlite_demo: Built) -> None:
    _, factory = sqlite_demo
    with factory() as s:
        research = service.get_profile(s, actor=actor(s, "hk.research@demo.suigang"))
        assert (research.member, research.segment) == (True, "industrial_robots")
        services = actor(s, "hk.services@demo.suigang")
        chain = service.firm_chain(s, actor=services, lang="en")
        # the Hong Kong test lab's customers in the zone: the demo factory and the EMS
        customers = {e.partner_name for e in chain.downstream}
        assert customers == {
            "Sui-Gang Precision Manufacturing (Guangzhou) Co., Ltd.",
            "Huangpu Electronics Manufacturing Services (Guangzhou) Co., Ltd.",
        }
