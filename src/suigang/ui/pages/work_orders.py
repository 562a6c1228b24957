"""``/work-orders``: the factory's work orders, each with its operations."""

from __future__ import annotations

from nicegui import ui

from suigang.domains.production.models import WorkOrderStatus
from suigang.domains.production.service import list_work_orders
from suigang.ui.components.work_orders import OPEN_WORK_ORDERS, work_order_card
from suigang.ui.context import PageContext
from suigang.ui.frame import pager
from suigang.ui.guard import guarded_page
from suigang.ui.i18n import t

LIMIT = 20


def register() -> None:
    @guarded_page("/work-orders", title="page.work_orders", permission="work_order:read")
    def work_orders_page(ctx: PageContext, wos: int = 0, status: str = "") -> None:
        # open work first: the planner's list, not last January's completed orders
        known = {v.value for v in WorkOrderStatus}
        chosen = status if status in known or status == "all" else ""
        with ui.row().classes("items-center gap-3 text-sm"):
            for value in ("", *(v.value for v in WorkOrderStatus), "all"):
                label = t(f"status.{value}") if value in known else t(f"wo.{value or 'open'}")
                link = ui.link(label, f"/work-orders?status={value}" if value else "/work-orders")
                link.classes("font-bold text-teal-900" if value == chosen else "text-teal-700")
                link.mark(f"filter-{value or 'open'}")
        offset = max(0, wos)
        work_orders, total = list_work_orders(
            ctx.session,
            actor=ctx.actor,
            status=WorkOrderStatus(chosen) if chosen in known else None,
            statuses=OPEN_WORK_ORDERS if chosen == "" else None,
            offset=offset,
            limit=LIMIT,
        )
        pager("wos", offset, len(work_orders), total, LIMIT, extra=f"status={chosen}")
        if not work_orders:
            ui.label(t("home.no_work_orders")).classes("text-grey-7 italic")
        with ui.column().classes("w-full gap-3"):
            for wo in work_orders:
                work_order_card(ctx, wo)
                if wo.order_id:
                    ui.link(t("action.open_order"), f"/orders/{wo.order_id}").classes(
                        "text-teal-800 text-sm -mt-2"
                    )
