"""``/orders/{id}``: status, promised vs forecast date, lots, the status actions the viewer
may take, and for the factory its work orders with their operations."""

from __future__ import annotations

import uuid

from nicegui import ui

from suigang.domains.identity.permissions import can
from suigang.domains.orders.models import Order, OrderStatus
from suigang.domains.orders.service import ORDER_NEXT, change_order_status, get_order
from suigang.domains.production.service import list_work_orders
from suigang.domains.quality.access import LotScope
from suigang.ui.components.firms import FirmNames
from suigang.ui.components.work_orders import work_order_card
from suigang.ui.context import (
    PageContext,
    fmt_date,
    fmt_datetime,
    fmt_money,
    fmt_unit_price,
)
from suigang.ui.frame import (
    Link,
    Status,
    data_table,
    field_grid,
    found,
    frame,
    run_then_reload,
    section,
)
from suigang.ui.guard import guarded_page
from suigang.ui.i18n import t

# the permission each target status needs (as the order service checks it)
STATUS_PERMISSION = {
    OrderStatus.CANCELLED: "order:cancel",
    OrderStatus.DELIVERED: "order:confirm_delivery",
    OrderStatus.IN_PRODUCTION: "order:advance",
    OrderStatus.SHIPPED: "order:advance",
}


def register() -> None:
    @guarded_page("/orders/{order_id}")
    def order_page(ctx: PageContext, order_id: str) -> None:
        order = found(ctx, "thing.order", lambda: get_order(
            ctx.session, actor=ctx.actor, order_id=uuid.UUID(order_id)))  # fmt: skip
        if order is None:
            return
        frame(ctx, "page.order", number=order.number)
        order_details(ctx, order)


def slip_days(order: Order) -> int | None:
    """Days the forecast lies after the promise (negative: ahead), None without a forecast."""
    if order.forecast_date is None:
        return None
    return (order.forecast_date.date() - order.promised_date.date()).days


def order_details(ctx: PageContext, order: Order) -> None:
    names = FirmNames(ctx)
    slip = slip_days(order)
    with ui.row().classes("w-full gap-4 items-start"):
        with section("order.details").classes("max-w-xl"):
            field_grid(
                [
                    ("field.status", Status(order.status.value)),
                    ("field.title", order.title),
                    ("field.buyer", names(order.buyer_id)),
                    ("field.factory", names(order.factory_id)),
                    ("field.quantity", order.quantity),
                    ("field.unit_price", fmt_unit_price(order.unit_price, order.currency.value)),
                    ("field.total_price", fmt_money(order.total_price, order.currency.value)),
                    ("field.placed_at", fmt_datetime(order.placed_at, ctx.tz)),
                    ("field.rfq", Link(t("action.open_rfq"), f"/rfqs/{order.rfq_id}"))
                    if order.rfq_id
                    else ("field.rfq", "—"),
                ]
            )
        with section("order.dates").classes("max-w-md"):
            field_grid(
                [
                    ("field.promised_date", fmt_date(order.promised_date, ctx.tz)),
                    ("field.forecast_date", fmt_date(order.forecast_date, ctx.tz)),
                ]
            )
            if slip is None:
                ui.label(t("order.no_forecast")).classes("text-sm text-grey-7")
            elif slip > 0:
                ui.label(t("order.late", days=slip)).classes("text-sm text-negative")
            else:
                ui.label(t("order.on_time")).classes("text-sm text-positive").mark("on-time")
            # where the forecast comes from: the order's own operations as planned
            ui.link(t("order.timeline"), f"/orders/{order.id}/timeline").classes(
                "text-teal-800 text-sm"
            ).mark("order-timeline")
    status_actions(ctx, order)
    with section("order.lots"):
        data_table(
            [t("field.number"), t("field.quantity"), t("field.created_at")],
            [
                (
                    # the lot's charts, visual results and certificate, where the viewer may
                    # read them (the buyer and the factory)
                    Link(lot.number, f"/lots/{lot.id}/quality")
                    if can(ctx.actor, "quality:read", LotScope(lot=lot, order=order))
                    else lot.number,
                    lot.quantity,
                    fmt_datetime(lot.created_at, ctx.tz),
                )
                for lot in order.lots
            ],
            empty_key="order.no_lots",
        )
    if can(ctx.actor, "order:advance", order):
        work_orders, _ = list_work_orders(ctx.session, actor=ctx.actor, order_id=order.id)
        with section("order.work_orders"):
            if not work_orders:
                ui.label(t("home.no_work_orders")).classes("text-grey-7 italic")
            for wo in work_orders:
                work_order_card(ctx, wo)


def status_actions(ctx: PageContext, order: Order) -> None:
    targets = [
        s
        for s in sorted(ORDER_NEXT.get(order.status, frozenset()), key=list(OrderStatus).index)
        if can(ctx.actor, STATUS_PERMISSION[s], order)
    ]
    if not targets:
        return
    order_id, version = order.id, order.version
    with ui.row().classes("gap-2"):
        for target in targets:

            def change(_: object, status: OrderStatus = target) -> None:
                run_then_reload(
                    lambda s, a: change_order_status(
                        s, actor=a, order_id=order_id, status=status, version=version
                    ),
                    t("order.status_changed", status=t(f"status.{status.value}")),
                )

            label = t(f"order.to.{target.value}")
            if target is OrderStatus.CANCELLED:
                # cancelling cannot be undone: ask first
                with ui.dialog() as dialog, ui.card():
                    ui.label(t("order.confirm_cancel", number=order.number))
                    with ui.row():
                        ui.button(label, on_click=change).props("color=red-8 no-caps").mark(
                            "confirm-cancel"
                        )
                        ui.button(t("action.back"), on_click=dialog.close).props("flat no-caps")
                ui.button(label, on_click=dialog.open).props("color=red-8 no-caps").mark(
                    "order-to-cancelled"
                )
            else:
                ui.button(label, on_click=change).props("color=teal-8 no-caps").mark(
                    f"order-to-{target.value}"
                )
