"""``/``: the home page of each role (front shop, factory, zone office)."""

from __future__ import annotations

from collections import defaultdict

from nicegui import ui

from suigang.domains.catalog.service import list_machines
from suigang.domains.identity.models import EnterpriseKind, Region
from suigang.domains.orders.models import RecipientStatus, RFQStatus
from suigang.domains.orders.service import list_orders, list_quotes, list_rfqs
from suigang.domains.production.service import list_work_orders
from suigang.domains.zone.service import zone_overview
from suigang.ui.components.firms import FirmNames
from suigang.ui.components.work_orders import OPEN_WORK_ORDERS
from suigang.ui.context import PageContext, fmt_date, fmt_money
from suigang.ui.frame import Link, Status, data_table, pager, section
from suigang.ui.guard import guarded_page
from suigang.ui.i18n import t

LIST_LIMIT = 20


def register() -> None:
    @guarded_page("/", title="page.home")
    def home_page(
        ctx: PageContext, rfqs: int = 0, orders: int = 0, quotes: int = 0, machines: int = 0
    ) -> None:
        # each list of the page is paged on its own by a query parameter (its offset)
        asked = {"rfqs": rfqs, "orders": orders, "quotes": quotes, "machines": machines}
        offsets = {name: max(0, offset) for name, offset in asked.items()}
        with ui.column().classes("w-full gap-4"):
            if ctx.kind == EnterpriseKind.FRONT_SHOP:
                front_shop_home(ctx, offsets)
            elif ctx.kind == EnterpriseKind.FACTORY:
                factory_home(ctx, offsets)
            elif ctx.kind == EnterpriseKind.ZONE_OFFICE:
                zone_home(ctx)
            elif ctx.kind in (
                EnterpriseKind.RESEARCH_INSTITUTE,
                EnterpriseKind.SERVICE_PROVIDER,
            ):
                ui.label(t("relay.home_heading")).classes("text-base text-grey-8").mark(
                    "home-heading"
                )
                ui.link(t("relay.nav"), "/relay").classes("text-teal-800").mark("home-relay")
            else:
                ui.label(t("home.no_pages_yet"))


def front_shop_home(ctx: PageContext, offsets: dict[str, int]) -> None:
    names = FirmNames(ctx)
    ui.label(t("home.front_shop.heading")).classes("text-base text-grey-8").mark("home-heading")
    with ui.row():
        ui.button(t("nav.new_rfq"), icon="add", on_click=lambda: ui.navigate.to("/rfqs/new")).props(
            "color=teal-8 no-caps"
        ).mark("new-rfq")
    rfqs, total = list_rfqs(ctx.session, actor=ctx.actor, offset=offsets["rfqs"], limit=LIST_LIMIT)
    with section("home.my_rfqs"):
        pager("rfqs", offsets["rfqs"], len(rfqs), total, LIST_LIMIT)
        data_table(
            [t(k) for k in ("field.number", "field.title", "field.quantity", "field.wanted_date")]
            + [t("field.quotes"), t("field.status")],
            [
                (
                    Link(r.number, f"/rfqs/{r.id}"),
                    r.title,
                    r.quantity,
                    fmt_date(r.wanted_date, ctx.tz),
                    len(r.quotes),
                    Status(r.status.value),
                )
                for r in rfqs
            ],
            empty_key="home.no_rfqs",
        )
    orders, total = list_orders(
        ctx.session, actor=ctx.actor, offset=offsets["orders"], limit=LIST_LIMIT
    )
    with section("home.my_orders"):
        pager("orders", offsets["orders"], len(orders), total, LIST_LIMIT)
        data_table(
            [
                t(k)
                for k in (
                    "field.number",
                    "field.title",
                    "field.factory",
                    "field.total_price",
                    "field.promised_date",
                    "field.forecast_date",
                    "field.status",
                )
            ],
            [
                (
                    Link(o.number, f"/orders/{o.id}"),
                    o.title,
                    names(o.factory_id),
                    fmt_money(o.total_price, o.currency.value),
                    fmt_date(o.promised_date, ctx.tz),
                    fmt_date(o.forecast_date, ctx.tz),
                    Status(o.status.value),
                )
                for o in orders
            ],
            empty_key="home.no_orders",
        )


def factory_home(ctx: PageContext, offsets: dict[str, int]) -> None:
    names = FirmNames(ctx)
    ui.label(t("home.factory.heading")).classes("text-base text-grey-8").mark("home-heading")
    rfqs, _ = list_rfqs(ctx.session, actor=ctx.actor, limit=200)
    to_quote = [
        r
        for r in rfqs
        if r.status in (RFQStatus.OPEN, RFQStatus.QUOTED)
        and any(
            rc.factory_id == ctx.actor.enterprise_id and rc.status is RecipientStatus.PENDING
            for rc in r.recipients
        )
    ]
    with section("home.incoming_rfqs"):
        data_table(
            [
                t(k)
                for k in (
                    "field.number",
                    "field.title",
                    "field.requester",
                    "field.quantity",
                    "field.wanted_date",
                    "field.status",
                )
            ],
            [
                (
                    Link(r.number, f"/rfqs/{r.id}"),
                    r.title,
                    names(r.requester_id),
                    r.quantity,
                    fmt_date(r.wanted_date, ctx.tz),
                    Status(r.status.value),
                )
                for r in to_quote
            ],
            empty_key="home.no_rfqs_to_quote",
        )
    quotes, total = list_quotes(
        ctx.session, actor=ctx.actor, offset=offsets["quotes"], limit=LIST_LIMIT
    )
    with section("home.my_quotes"):
        pager("quotes", offsets["quotes"], len(quotes), total, LIST_LIMIT)
        data_table(
            [
                t(k)
                for k in (
                    "field.number",
                    "field.rfq",
                    "field.total_price",
                    "field.promised_date",
                    "field.valid_until",
                    "field.status",
                )
            ],
            [
                (
                    q.number,
                    Link(q.rfq.number, f"/rfqs/{q.rfq_id}"),
                    fmt_money(q.total_price, q.currency.value),
                    fmt_date(q.promised_date, ctx.tz),
                    fmt_date(q.valid_until, ctx.tz),
                    Status(q.status.value),
                )
                for q in quotes
            ],
            empty_key="home.no_quotes",
        )
    # the work still to do: open work orders, the soonest due first
    work_orders, total = [], 0
    for status in OPEN_WORK_ORDERS:
        rows, count = list_work_orders(
            ctx.session, actor=ctx.actor, status=status, limit=LIST_LIMIT
        )
        work_orders += rows
        total += count
    work_orders = sorted(work_orders, key=lambda wo: (wo.due_date, wo.number))[:LIST_LIMIT]
    with section("home.my_work_orders"):
        with ui.row().classes("items-center gap-3 text-xs text-grey-7"):
            ui.label(t("home.open_work_orders", shown=len(work_orders), total=total))
            ui.link(t("home.all_work_orders"), "/work-orders").mark("all-work-orders")
        data_table(
            [
                t(k)
                for k in (
                    "field.number",
                    "field.order",
                    "field.quantity",
                    "field.due_date",
                    "field.operations",
                    "field.status",
                )
            ],
            [
                (
                    Link(wo.number, f"/work-orders?status={wo.status.value}"),
                    Link(t("action.open_order"), f"/orders/{wo.order_id}") if wo.order_id else "—",
                    wo.quantity,
                    fmt_date(wo.due_date, ctx.tz),
                    len(wo.operations),
                    Status(wo.status.value),
                )
                for wo in work_orders
            ],
            empty_key="home.no_work_orders",
        )
    machines, total = list_machines(
        ctx.session, actor=ctx.actor, offset=offsets["machines"], limit=LIST_LIMIT
    )
    with section("home.my_machines"):
        pager("machines", offsets["machines"], len(machines), total, LIST_LIMIT)
        data_table(
            [t(k) for k in ("field.code", "field.name", "field.machine_kind", "field.status")],
            [
                (m.code, m.name, t(f"machine.{m.kind.value}"), Status(m.status.value))
                for m in machines
            ],
            empty_key="home.no_machines",
        )


def zone_home(ctx: PageContext) -> None:
    ov = zone_overview(ctx.session, actor=ctx.actor)
    ui.label(t("home.zone.heading")).classes("text-base text-grey-8").mark("home-heading")
    with ui.row().classes("gap-4"):
        for key, value in (
            ("zone.total_firms", ov.total_firms),
            ("zone.total_orders", ov.total_orders),
        ):
            with ui.card().classes("min-w-48"):
                ui.label(t(key)).classes("text-sm text-grey-7")
                ui.label(str(value)).classes("text-3xl font-semibold text-teal-900")
    kinds = sorted({f.kind for f in ov.firms})
    by_region: dict[str, dict[str, int]] = defaultdict(dict)
    for f in ov.firms:
        by_region[f.region][f.kind] = f.firms
    regions = [r.value for r in Region if r.value in by_region]
    with section("zone.firms_by_region"):
        data_table(
            [t("field.region"), *[t(f"kind.{k}") for k in kinds], t("zone.total")],
            [
                (
                    t(f"region.{r}"),
                    *[by_region[r].get(k, 0) for k in kinds],
                    sum(by_region[r].values()),
                )
                for r in regions
            ],
            empty_key="zone.no_firms",
        )
        if regions:
            ui.echart(
                {
                    "tooltip": {"trigger": "axis"},
                    "legend": {"data": [t(f"kind.{k}") for k in kinds]},
                    "xAxis": {"type": "category", "data": [t(f"region.{r}") for r in regions]},
                    "yAxis": {"type": "value", "minInterval": 1},
                    "series": [
                        {
                            "name": t(f"kind.{k}"),
                            "type": "bar",
                            "stack": "firms",
                            "data": [by_region[r].get(k, 0) for r in regions],
                        }
                        for k in kinds
                    ],
                }
            ).classes("w-full h-64")
    with section("zone.orders_by_status"):
        data_table(
            [t("field.status"), t("field.currency"), t("zone.orders"), t("zone.amount")],
            [
                (Status(v.status), v.currency, v.orders, fmt_money(v.amount, v.currency))
                for v in ov.orders_by_status
            ],
            empty_key="home.no_orders",
        )
    with section("zone.orders_by_region"):
        data_table(
            [t("field.region"), t("field.currency"), t("zone.orders"), t("zone.amount")],
            [
                (t(f"region.{v.region}"), v.currency, v.orders, fmt_money(v.amount, v.currency))
                for v in ov.orders_by_region
            ],
            empty_key="home.no_orders",
        )
    with section("zone.rfqs_by_status"):
        data_table(
            [t("field.status"), t("zone.rfqs")],
            [(Status(s), n) for s, n in ov.rfqs_by_status],
            empty_key="home.no_rfqs",
        )
    ui.label(t("zone.privacy_note")).classes("text-xs text-grey-7")
