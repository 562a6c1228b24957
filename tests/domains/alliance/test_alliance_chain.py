"""Supply links, a firm's chain, the zone's segments and local-supplier gaps, chain fit and
the Excel export, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from suigang.domains.alliance import service
from suigang.domains.alliance.models import LinkKind, LinkSource
from suigang.domains.alliance.schemas import SupplyLinkCreate, SupplyLinkUpdate
from suigang.domains.alliance.segments import Segment
from suigang.domains.cluster.filings import add_rate
from suigang.domains.cluster.schemas import RateCreate
from suigang.domains.identity.models import Region
from suigang.domains.orders.models import Currency
from suigang.errors import InvalidInput, NotFound, PermissionDenied
from tests.domains.alliance.alliance_world import alliance_world, place_order
from tests.world import World


def declare_links(session, w: World) -> dict[str, object]:  # type: ignore[no-untyped-def]
    gz1, gz2 = w.firms["gz1"].id, w.firms["gz2"].id
    made = {}
    for key, who, data in (
        ("gearbox", "gz1", SupplyLinkCreate(
            supplier_name="Osaka Reducer KK", supplier_region=Region.MAINLAND_OTHER,
            customer_id=gz1, item="precision gearbox", kind=LinkKind.COMPONENT,
            segment=Segment.KEY_COMPONENTS, annual_value_cny=Decimal("1200000"))),
        ("motor", "gz2", SupplyLinkCreate(
            supplier_name="Servo GmbH", supplier_region=Region.MAINLAND_OTHER, customer_id=gz2,
            item="servo motor", kind=LinkKind.COMPONENT, segment=Segment.KEY_COMPONENTS,
            annual_value_cny=Decimal("800000"))),
        ("weld", "gz2", SupplyLinkCreate(
            supplier_id=gz1, customer_id=gz2, item="welded frames", kind=LinkKind.SUBCONTRACT,
            segment=Segment.KEY_COMPONENTS, annual_value_cny=Decimal("300000"))),
    ):  # fmt: skip
        made[key] = service.declare_link(session, actor=w.actor(who), data=data)
    return made


def test_hkd_orders_count_at_the_zone_offices_rate_in_force(session) -> None:  # type: ignore[no-untyped-def]
    w = alliance_world(session)
    place_order(session, w, "1000", Currency.HKD)
    for effective, rate in (("2020-12-31", "0.85"), ("2021-12-31", "0.90")):
        data = RateCreate(effective=date.fromisoformat(effective), cny_per_hkd=Decimal(rate))
        add_rate(session, actor=w.actor("zone"), data=data)
    chain = service.firm_chain(session, actor=w.actor("gz1m"))
    # HKD 1000 at the latest rate dated on or before today (0.90), not the fallback 0.92
    assert [(e.orders, e.value_cny) for e in chain.downstream] == [(1, Decimal("900"))]


def test_a_firm_sees_its_direct_partners(session) -> None:  # type: ignore[no-untyped-def]
    w = alliance_world(session)
    links = declare_links(session, w)
    place_order(session, w, "1000", Currency.HKD)
    chain = service.firm_chain(session, actor=w.actor("gz1m"))
    # upstream: the gearbox from outside the platform; downstream: gz2's subcontract and hk1
    assert [(e.partner_name, e.item, e.source) for e in chain.upstream] == [
        ("Osaka Reducer KK", "precision gearbox", LinkSource.DECLARED)
    ]
    assert [(e.partner_name, e.source, e.orders, e.value_cny) for e in chain.downstream] == [
        ("gz2 Ltd", LinkSource.DECLARED, 0, Decimal("300000")),
        ("hk1 Ltd", LinkSource.PLATFORM_ORDER, 1, Decimal("920.00")),  # HKD 1000 at 0.92
    ]
    assert chain.downstream[0].declared_by_me is False  # gz2 declared it: gz1 reads only
    with pytest.raises(PermissionDenied):  # the other party may not change it
        service.update_link(
            session, actor=w.actor("gz1"), link_id=links["weld"].id,  # type: ignore[attr-defined]
            data=SupplyLinkUpdate(item="x", kind=LinkKind.SERVICE, segment=Segment.SERVICES),
        )  # fmt: skip
    with pytest.raises(NotFound):  # a third firm does not know it exists
        service.get_link(session, actor=w.actor("hk2"), link_id=links["weld"].id)  # type: ignore[attr-defined]
    with pytest.raises(InvalidInput, match="must be the customer or the supplier"):
        service.declare_link(
            session, actor=w.actor("hk2"),
            data=SupplyLinkCreate(
                supplier_id=w.firms["gz1"].id, customer_id=w.firms["gz2"].id, item="x",
                kind=LinkKind.COMPONENT, segment=Segment.KEY_COMPONENTS,
            ),
        )  # fmt: skip
    with pytest.raises(PermissionDenied):  # the zone office sees aggregates, not a firm's chain
        service.firm_chain(session, actor=w.actor("zone"))


def test_the_zone_sees_segments_and_gaps_ranked_by_volume(session) -> None:  # type: ignore[no-untyped-def]
    w = alliance_world(session)
    declare_links(session, w)
    place_order(session, w, "1000", Currency.HKD)
    gaps = service.local_supplier_gaps(session, actor=w.actor("zone"))
    # the welded frames come from gz1 inside the zone: no gap
    assert [(g.item, g.buyers, g.value_cny) for g in gaps] == [
        ("precision gearbox", 1, Decimal("1200000")),
        ("servo motor", 1, Decimal("800000")),
    ]
    # gz2 makes gearboxes (精密齿轮箱、减速机): the member that could fill the first gap
    assert [c.name for c in gaps[0].candidates] == ["gz2 Ltd"]
    assert any("gearbox" in r for r in gaps[0].candidates[0].reasons)
    chain = service.zone_chain(session, actor=w.actor("zone"))
    edges = {(e.source, e.target): (e.links, e.value_cny) for e in chain.edges}
    assert edges[("elsewhere", "key_components")] == (1, Decimal("1200000"))
    assert edges[("key_components", "hong_kong")] == (1, Decimal("920.00"))
    assert edges[("key_components", "high_end_equipment")] == (1, Decimal("300000"))
    with pytest.raises(PermissionDenied):
        service.local_supplier_gaps(session, actor=w.actor("gz1"))
    book = load_workbook(io.BytesIO(service.export_zone_chain(session, actor=w.actor("zone"))))
    assert book.sheetnames == ["Segments", "Links", "Gaps"]
    assert [c.value for c in book["Gaps"][2]][:3] == [
        "precision gearbox",
        "component",
        "key_components",
    ]


def test_chain_fit_tells_admission_whether_a_product_fills_a_gap(session) -> None:  # type: ignore[no-untyped-def]
    w = alliance_world(session)
    declare_links(session, w)
    fit = service.chain_fit(session, "谐波减速机与精密齿轮箱")
    assert (bool(fit), fit.gaps) == (True, ["precision gearbox"])  # 齿轮箱 = gearbox
    assert bool(service.chain_fit(session, "面包与饼干")) is False  # bread fills no gap
