"""The demo zone: counts, accounts, determinism and the consistency of its order book."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from suigang.demo import build_demo, demo_accounts, demo_present
from suigang.demo.firms import ALL_FIRMS, FACTORIES
from suigang.demo.parts import FAMILIES, PARTS
from suigang.demo.vision import vision_missing
from suigang.domains.catalog.models import (
    Capability,
    Machine,
    MachineKind,
    Product,
    RoutingStep,
    WorkCenter,
)
from suigang.domains.identity.models import Enterprise, EnterpriseKind, Region, Role, User
from suigang.domains.identity.service import actor_for_user, authenticate
from suigang.domains.orders.models import (
    RFQ,
    Lot,
    Order,
    OrderStatus,
    Quote,
    QuoteStatus,
    RecipientStatus,
    RFQRecipient,
    RFQStatus,
)
from suigang.domains.planning.models import VersionStatus
from suigang.domains.planning.service import current_version, version_rows
from suigang.domains.production.models import (
    Operation,
    OperationStatus,
    WorkOrder,
    WorkOrderStatus,
)
from suigang.domains.quality.views import list_quality_lots, lot_quality
from suigang.errors import Conflict, Unauthenticated
from tests.demo.demo_support import NOW, PASSWORD, Built, build

HEADLINE = {
    "hk.design@demo.suigang": ("admin", EnterpriseKind.FRONT_SHOP),
    "hk.brand@demo.suigang": ("admin", EnterpriseKind.FRONT_SHOP),
    "hk.research@demo.suigang": ("admin", EnterpriseKind.RESEARCH_INSTITUTE),
    "hk.services@demo.suigang": ("admin", EnterpriseKind.SERVICE_PROVIDER),
    "gz.precision@demo.suigang": ("admin", EnterpriseKind.FACTORY),
    "zone.office@demo.suigang": ("zone_admin", EnterpriseKind.ZONE_OFFICE),
}


def count(session: Session, entity: type) -> int:
    return session.scalar(select(func.count()).select_from(entity)) or 0


def identity(session: Session) -> dict[str, list[tuple[str, str]]]:
    """Numbers and ids of everything numbered, to compare two builds."""
    out = {}
    for entity in (RFQ, Quote, Order, WorkOrder, Lot):
        rows = session.execute(select(entity.number, entity.id).order_by(entity.number))
        out[entity.__name__] = [(n, str(i)) for n, i in rows]
    return out


# -- counts -------------------------------------------------------------------------------


def check_counts(built: Built) -> None:
    summary, factory = built
    # 1 zone office + 9 Hong Kong front shops + 4 institutes + 4 service providers + 14 factories
    assert summary.firms == len(ALL_FIRMS) == 32
    # the work centers and machines listed in demo.firms.FACTORIES
    assert (summary.work_centers, summary.machines) == (73, 197)
    assert summary.orders == 200
    # 200 RFQs that became orders, 10 open, 8 quoted and waiting, 5 cancelled
    assert summary.rfqs == 223
    # one user per front shop, factory, institute and service provider (31), members at two
    # front shops, the demo factory, the Hong Kong institute and the testing firm (5), plus
    # the zone office
    assert summary.users == 37
    with factory() as s:
        stored = {
            "firms": count(s, Enterprise),
            "users": count(s, User),
            "work_centers": count(s, WorkCenter),
            "machines": count(s, Machine),
            "capabilities": count(s, Capability),
            "products": count(s, Product),
            "routing_steps": count(s, RoutingStep),
            "rfqs": count(s, RFQ),
            "quotes": count(s, Quote),
            "orders": count(s, Order),
            "work_orders": count(s, WorkOrder),
            "operations": count(s, Operation),
            "lots": count(s, Lot),
        }
        assert stored == {k: getattr(summary, k) for k in stored}
        by_status = Counter(s.scalars(select(Order.status)))
        assert dict(summary.orders_by_status) == {st.value: by_status[st] for st in OrderStatus}
        # every order status appears, cancelled only a few times
        assert all(by_status[st] > 0 for st in OrderStatus)
        assert by_status[OrderStatus.CANCELLED] <= 12


def test_counts_on_sqlite(sqlite_demo: Built) -> None:
    """The summary counts what was stored, and the fixed counts follow from the spec."""
    check_counts(sqlite_demo)


@pytest.mark.services
def test_counts_on_postgres(postgres_demo: Built) -> None:
    """The same demo builds on PostgreSQL with the same counts."""
    check_counts(postgres_demo)


def test_machines_are_on_sparkplug(sqlite_demo: Built) -> None:
    """Every machine has a unique group/node/device address: factory, line, machine code."""
    _, factory = sqlite_demo
    with factory() as s:
        firm_codes = {f.name_en: f.key for f in FACTORIES}
        names = dict(s.execute(select(Enterprise.id, Enterprise.name_en)).tuples().all())
        centers = {wc.id: wc for wc in s.scalars(select(WorkCenter))}
        machines = s.scalars(select(Machine)).all()
        addresses = {m.sparkplug_address for m in machines}
        assert len(addresses) == len(machines) == 197
        for m in machines:
            assert m.sparkplug_group == firm_codes[names[m.enterprise_id]]
            assert m.sparkplug_node == centers[m.work_center_id].code
            assert m.sparkplug_device == m.code
            assert centers[m.work_center_id].enterprise_id == m.enterprise_id
            assert m.capabilities, m.code
        kinds = Counter(m.kind for m in machines)
        # every kind the catalogue knows is on some shop floor of the zone
        assert set(kinds) == set(MachineKind)


def test_firms_have_three_names_and_a_place(sqlite_demo: Built) -> None:
    """Three names each; front shops in Hong Kong, factories in the zone, most HK-invested."""
    _, factory = sqlite_demo
    with factory() as s:
        firms = s.scalars(select(Enterprise)).all()
        kinds = Counter(f.kind for f in firms)
        assert kinds == {
            EnterpriseKind.ZONE_OFFICE: 1,
            EnterpriseKind.FRONT_SHOP: 9,
            EnterpriseKind.RESEARCH_INSTITUTE: 4,
            EnterpriseKind.SERVICE_PROVIDER: 4,
            EnterpriseKind.FACTORY: 14,
        }
        for f in firms:
            assert f.name_en and f.name_zh_hans and f.name_zh_hant
            Region(f.region)
            if f.kind == EnterpriseKind.FRONT_SHOP:
                assert f.region == Region.HONG_KONG
            if f.kind == EnterpriseKind.FACTORY:
                assert f.region != Region.HONG_KONG
        # the names differ between the scripts (e.g. 制造 / 製造), not copied across
        assert sum(f.name_zh_hans != f.name_zh_hant for f in firms) >= 28
        assert sum(f.hk_invested for f in firms if f.kind == EnterpriseKind.FACTORY) == 10


def test_factory_capabilities_in_three_languages(sqlite_demo: Built) -> None:
    """Each factory publishes processes, materials and certifications with three names."""
    _, factory = sqlite_demo
    with factory() as s:
        caps = s.scalars(select(Capability)).all()
        per_firm = Counter((c.enterprise_id, c.category) for c in caps)
        factories = s.scalars(
            select(Enterprise.id).where(Enterprise.kind == EnterpriseKind.FACTORY)
        ).all()
        for fid in factories:
            assert all(per_firm[(fid, cat)] > 0 for cat in ("process", "material", "certification"))
        assert all(c.name_en and c.name_zh_hans and c.name_zh_hant for c in caps)
        certs = {c.code for c in caps if c.category == "certification"}
        assert {"iso9001", "iatf16949", "iso13485"} <= certs


def test_products_are_made_where_they_can_be(sqlite_demo: Built) -> None:
    """A part's product is at a factory with its material, its owner's required
    certification, and machines able to run every routing step."""
    _, factory = sqlite_demo
    parts = {p.code: p for p in PARTS}
    with factory() as s:
        caps = {(c.enterprise_id, c.category, c.code) for c in s.scalars(select(Capability))}
        products = s.scalars(select(Product)).all()
        for product in products:
            part = parts[product.code]
            fid = product.enterprise_id
            assert (fid, "material", part.material) in caps, product.code
            if part.owner == "KBM":
                assert (fid, "certification", "iso13485") in caps, product.code
            assert [st.name for st in product.steps] == [st.name for st in FAMILIES[part.family]]
            for st, spec in zip(product.steps, FAMILIES[part.family], strict=True):
                assert st.machines and all(
                    spec.process in m.capabilities and m.enterprise_id == fid for m in st.machines
                )
        # every part has a maker, and every factory makes something
        assert {p.code for p in products} == set(parts)
        assert len({p.enterprise_id for p in products}) == len(FACTORIES)


# -- accounts -----------------------------------------------------------------------------


def test_demo_accounts_log_in(sqlite_demo: Built) -> None:
    """The six headline demo accounts authenticate with the password given to build_demo."""
    summary, factory = sqlite_demo
    listed = {a.email: a.role for a in summary.accounts}
    with factory() as s:
        for email, (role, kind) in HEADLINE.items():
            user = authenticate(s, email=email, password=PASSWORD)
            assert (user.role, user.enterprise.kind) == (role, kind)
            assert listed[email] == role
        with pytest.raises(Unauthenticated):
            authenticate(s, email="hk.design@demo.suigang", password="suigang-demo")
    # headline accounts first, each followed by the members of its firm
    assert [a.email for a in summary.accounts] == [
        "hk.design@demo.suigang",
        "hk.design.engineer@demo.suigang",
        "hk.brand@demo.suigang",
        "hk.brand.buyer@demo.suigang",
        "hk.research@demo.suigang",
        "hk.research.fellow@demo.suigang",
        "hk.services@demo.suigang",
        "hk.services.engineer@demo.suigang",
        "gz.precision@demo.suigang",
        "gz.precision.planner@demo.suigang",
        "zone.office@demo.suigang",
    ]
    assert summary.accounts[8].firm == "Sui-Gang Precision Manufacturing (Guangzhou) Co., Ltd."
    # the same list without a database, for a caller that reuses a built one
    assert demo_accounts() == summary.accounts


@pytest.mark.services
def test_demo_accounts_log_in_on_postgres(postgres_demo: Built) -> None:
    """The gz.precision account authenticates on PostgreSQL too."""
    _, factory = postgres_demo
    with factory() as s:
        user = authenticate(s, email="gz.precision@demo.suigang", password=PASSWORD)
        assert user.role == Role.ADMIN


# -- presence, refusal, determinism -------------------------------------------------------


def test_present_only_after_build(
    sqlite_demo: Built, sqlite_factory: Callable[[str], sessionmaker[Session]]
) -> None:
    """An empty database has no demo; the built one has."""
    with sqlite_factory("empty")() as s:
        assert demo_present(s) is False
    with sqlite_demo[1]() as s:
        assert demo_present(s) is True


def test_refuses_a_database_with_firms(sqlite_demo: Built) -> None:
    """Building twice into one database is a Conflict and leaves what is stored unchanged."""
    summary, factory = sqlite_demo
    with factory() as s:
        with pytest.raises(Conflict, match="32 enterprises"):
            build_demo(s, password=PASSWORD, now=NOW)
        s.rollback()
        assert count(s, Enterprise) == 32
        assert count(s, Order) == summary.orders


def test_same_seed_same_database(
    sqlite_demo: Built, sqlite_factory: Callable[[str], sessionmaker[Session]]
) -> None:
    """Two builds with one seed and day give the same summary, numbers and ids."""
    summary, factory = sqlite_demo
    again = sqlite_factory("again")
    assert build(again) == summary
    with factory() as a, again() as b:
        assert identity(a) == identity(b)
        assert identity(a)["RFQ"][:2] == identity(b)["RFQ"][:2]


def test_numbers_run_per_year_in_date_order(sqlite_demo: Built) -> None:
    """PREFIX-YEAR-NNNN numbers count from 0001 each year without gaps, oldest first."""
    _, factory = sqlite_demo
    with factory() as s:
        for entity, when in (
            (RFQ, RFQ.created_at),
            (Quote, Quote.created_at),
            (Order, Order.placed_at),
        ):
            rows = s.execute(select(entity.number, when).order_by(when, entity.id)).all()
            seen: Counter[str] = Counter()
            for number, at in rows:
                _, year, seq = number.rsplit("-", 2)
                seen[year] += 1
                assert (year, int(seq)) == (str(at.year), seen[year]), number
        # 330 days of history before 2026-11-28 start with RFQs of late December 2025
        first = s.scalars(select(RFQ.number).order_by(RFQ.created_at).limit(1)).one()
        assert first == "RFQ-2025-0001"
        assert s.scalar(select(func.max(Order.number))) == "SO-2026-0200"


def test_other_seed_other_ids(
    sqlite_demo: Built, sqlite_factory: Callable[[str], sessionmaker[Session]]
) -> None:
    """The seed namespaces the ids: another seed shares no order id with the default one."""
    other = sqlite_factory("other")
    summary = build(other, seed=7)
    assert summary.firms == 32 and summary.orders == 200
    with sqlite_demo[1]() as a, other() as b:
        ids_a = {i for _, i in identity(a)["Order"]}
        ids_b = {i for _, i in identity(b)["Order"]}
        assert not ids_a & ids_b


@pytest.mark.services
def test_postgres_build_matches_sqlite(sqlite_demo: Built, postgres_demo: Built) -> None:
    """The same seed and day give the same demo on PostgreSQL as on SQLite."""
    assert postgres_demo[0] == sqlite_demo[0]
    with sqlite_demo[1]() as a, postgres_demo[1]() as b:
        assert identity(a) == identity(b)


# -- the order book -----------------------------------------------------------------------


def check_order_book(factory: sessionmaker[Session]) -> None:
    with factory() as s:
        rfqs = {r.id: r for r in s.scalars(select(RFQ))}
        quotes = {q.id: q for q in s.scalars(select(Quote))}
        firms = {f.id: f for f in s.scalars(select(Enterprise))}
        products = {p.id: p for p in s.scalars(select(Product))}
        machines = {str(m.id): m for m in s.scalars(select(Machine))}
        orders = s.scalars(select(Order)).all()
        for order in orders:
            rfq, quote = rfqs[order.rfq_id], quotes[order.quote_id]
            # the accepted quote answers the order's RFQ and comes from one of its recipients
            assert quote.rfq_id == rfq.id
            assert quote.factory_id in {r.factory_id for r in rfq.recipients}
            assert quote.factory_id == order.factory_id
            assert quote.status == QuoteStatus.ACCEPTED and rfq.status == RFQStatus.ACCEPTED
            assert (
                firms[order.buyer_id].kind
                == EnterpriseKind.FRONT_SHOP
                == firms[rfq.requester_id].kind
            )
            assert firms[order.factory_id].kind == EnterpriseKind.FACTORY
            assert products[order.product_id].enterprise_id == order.factory_id
            assert (order.quantity, order.total_price) == (rfq.quantity, quote.total_price)
            assert rfq.created_at < quote.created_at < order.placed_at < order.promised_date
            assert order.placed_at < NOW
        for quote in quotes.values():
            rfq = rfqs[quote.rfq_id]
            assert quote.factory_id in {r.factory_id for r in rfq.recipients}
            assert quote.currency == rfq.currency
            assert products[quote.product_id].enterprise_id == quote.factory_id
            assert quote.total_price == (quote.unit_price * rfq.quantity).quantize(
                quote.total_price
            )
        for rfq in rfqs.values():
            quoted = {q.factory_id for q in rfq.quotes}
            for r in rfq.recipients:
                assert (r.factory_id in quoted) == (r.status == RecipientStatus.QUOTED)
        by_order = {o.id: o for o in orders}
        for wo in s.scalars(select(WorkOrder)):
            order = by_order[wo.order_id]
            assert wo.factory_id == order.factory_id and wo.product_id == order.product_id
            steps = products[wo.product_id].steps
            assert [(o.seq, o.name, o.routing_step_id) for o in wo.operations] == [
                (st.seq, st.name, st.id) for st in steps
            ]
            for op, st in zip(wo.operations, steps, strict=True):
                assert op.eligible_machine_ids == [str(m.id) for m in st.machines]
                assert all(
                    machines[i].enterprise_id == wo.factory_id for i in op.eligible_machine_ids
                )
                assert op.run_s == st.run_s_per_unit * wo.quantity
        totals = Counter()
        for wo in s.scalars(select(WorkOrder)):
            totals[wo.order_id] += wo.quantity
        assert all(totals[o.id] == o.quantity for o in orders)
        # one lot per work order, both numbered after their order as the platform does
        lots = {lot.work_order_id: lot for lot in s.scalars(select(Lot))}
        for wo in s.scalars(select(WorkOrder)):
            order, lot = by_order[wo.order_id], lots[wo.id]
            assert (lot.order_id, lot.quantity) == (order.id, wo.quantity)
            stem, n = wo.number.rsplit("-", 1)
            assert stem == "WO-" + order.number.removeprefix("SO-") and 1 <= int(n) <= 3
            assert lot.number == f"LOT-{order.number}-{n}"
            assert wo.due_date == order.promised_date
        assert len(lots) == count(s, Lot)


def test_order_book_is_consistent(sqlite_demo: Built) -> None:
    """Quotes come from RFQ recipients, work orders from the order's factory and routing."""
    check_order_book(sqlite_demo[1])


@pytest.mark.services
def test_order_book_is_consistent_on_postgres(postgres_demo: Built) -> None:
    """The same consistency holds for the PostgreSQL build."""
    check_order_book(postgres_demo[1])


def test_statuses_fit_together(sqlite_demo: Built) -> None:
    """Delivered orders are made; placed ones are not started; cancelled ones stopped."""
    _, factory = sqlite_demo
    with factory() as s:
        allowed = {
            OrderStatus.PLACED: {WorkOrderStatus.PLANNED, WorkOrderStatus.RELEASED},
            OrderStatus.IN_PRODUCTION: {
                WorkOrderStatus.RELEASED,
                WorkOrderStatus.IN_PROGRESS,
                WorkOrderStatus.COMPLETED,
            },
            OrderStatus.SHIPPED: {WorkOrderStatus.COMPLETED},
            OrderStatus.DELIVERED: {WorkOrderStatus.COMPLETED},
            OrderStatus.CANCELLED: {WorkOrderStatus.CANCELLED},
        }
        for order in s.scalars(select(Order)):
            wos = s.scalars(select(WorkOrder).where(WorkOrder.order_id == order.id)).all()
            assert {w.status for w in wos} <= allowed[OrderStatus(order.status)], order.number
            if order.status == OrderStatus.IN_PRODUCTION:
                assert any(w.status == WorkOrderStatus.IN_PROGRESS for w in wos)
            for wo in wos:
                ops = Counter(OperationStatus(o.status) for o in wo.operations)
                if wo.status == WorkOrderStatus.COMPLETED:
                    assert ops == {OperationStatus.DONE: len(wo.operations)}
                elif wo.status == WorkOrderStatus.IN_PROGRESS:
                    assert ops[OperationStatus.RUNNING] == 1
                else:
                    assert ops == {OperationStatus.PENDING: len(wo.operations)}
        # open RFQs wait on at least one factory; quoted ones hold submitted quotes
        for rfq in s.scalars(select(RFQ).where(RFQ.status == RFQStatus.OPEN)):
            assert not rfq.quotes
            assert any(r.status == RecipientStatus.PENDING for r in rfq.recipients)
        for rfq in s.scalars(select(RFQ).where(RFQ.status == RFQStatus.QUOTED)):
            assert rfq.quotes and all(q.status == QuoteStatus.SUBMITTED for q in rfq.quotes)
            assert all(q.valid_until > NOW for q in rfq.quotes)


def test_demo_factory_has_a_live_load(sqlite_demo: Built) -> None:
    """gz.precision has 20-40 planned or released work orders, 100-500 open operations,
    and at least two machines of each kind it runs."""
    summary, factory = sqlite_demo
    with factory() as s:
        gz = s.scalar(select(User.enterprise_id).where(User.email == "gz.precision@demo.suigang"))
        wos = s.scalars(select(WorkOrder).where(WorkOrder.factory_id == gz)).all()
        waiting = [w for w in wos if w.status in ("planned", "released")]
        assert 20 <= len(waiting) <= 40
        assert len(waiting) == summary.demo_factory_open_work_orders
        open_ops = [
            o
            for w in wos
            if w.status in ("planned", "released", "in_progress")
            for o in w.operations
            if o.status != OperationStatus.DONE
        ]
        assert 100 <= len(open_ops) <= 500
        kinds = Counter(s.scalars(select(Machine.kind).where(Machine.enterprise_id == gz)))
        assert len(kinds) == 6 and min(kinds.values()) >= 2
        # seven open RFQs are for parts it is qualified for, and it declines none of them
        waiting_rfqs = s.scalars(
            select(RFQ)
            .join(RFQRecipient)
            .where(
                RFQ.status == RFQStatus.OPEN,
                RFQRecipient.factory_id == gz,
                RFQRecipient.status == RecipientStatus.PENDING,
            )
        ).all()
        assert len(waiting_rfqs) >= 7


def test_customer_sees_quality_of_its_latest_lots(sqlite_demo: Built) -> None:
    """hk.design sees 3 lots with 150 measurements each (2 characteristics x 25 subgroups,
    one of 5 parts and one of 1); the first lot's 28 parts are scored by the demo's vision
    model (8 failed: the 8 drawn defects), the others have 12 station images each (one
    failed); without the vision extra all three have 12 and one of all 36 failed."""
    _, factory = sqlite_demo
    with factory() as s:
        user = s.scalar(select(User).where(User.email == "hk.design@demo.suigang"))
        assert user is not None
        lots, _ = list_quality_lots(s, actor=actor_for_user(user), limit=500)
        recorded = [x for x in lots if x.measurements]
        assert [x.measurements for x in recorded] == [150, 150, 150]
        scored = vision_missing() is None
        assert sum(x.visual.inspected for x in recorded) == (28 + 12 + 12 if scored else 36)
        assert sum(x.visual.failed for x in recorded) == (8 if scored else 1)
        quality = lot_quality(s, actor=actor_for_user(user), lot_id=recorded[0].lot.id)
        assert [c.characteristic.name for c in quality.characteristics] == [
            "Bore diameter",
            "Flatness",
        ]


def test_demo_factory_has_a_released_plan(sqlite_demo: Built) -> None:
    """gz.precision's plan 1 is released and schedules each of its open operations once."""
    _, factory = sqlite_demo
    with factory() as s:
        gz = s.scalar(select(User.enterprise_id).where(User.email == "gz.precision@demo.suigang"))
        assert gz is not None
        plan = current_version(s, gz)
        assert plan is not None and (plan.number, plan.status) == (1, VersionStatus.RELEASED)
        planned = [r.operation_id for r in version_rows(s, plan.id)]
        open_ops = s.scalars(
            select(Operation.id)
            .join(WorkOrder)
            .where(
                WorkOrder.factory_id == gz,
                WorkOrder.status.in_(["planned", "released", "in_progress"]),
                Operation.status != OperationStatus.DONE,
            )
        ).all()
        assert sorted(planned) == sorted(open_ops)
