"""A work order as the factory's pages show it, and which work orders are open."""

from __future__ import annotations

from nicegui import ui

from suigang.domains.production.models import WorkOrder, WorkOrderStatus
from suigang.ui.context import PageContext, fmt_date
from suigang.ui.frame import Status, data_table
from suigang.ui.i18n import t

OPEN_WORK_ORDERS = (WorkOrderStatus.PLANNED, WorkOrderStatus.RELEASED, WorkOrderStatus.IN_PROGRESS)


def work_order_card(ctx: PageContext, wo: WorkOrder) -> None:
    """A work order with its operations: sequence, name, setup and run time, machines."""
    with ui.card().classes("w-full").props("flat bordered"):
        with ui.row().classes("items-center gap-4"):
            ui.label(wo.number).classes("font-medium").mark("work-order")
            ui.label(f"{t('field.quantity')}: {wo.quantity}").classes("text-sm")
            ui.label(f"{t('field.due_date')}: {fmt_date(wo.due_date, ctx.tz)}").classes("text-sm")
            ui.badge(t(f"status.{wo.status.value}")).props("outline color=blue-grey")
        data_table(
            [
                t("field.seq"),
                t("field.operation"),
                t("field.setup_min"),
                t("field.run_min"),
                t("field.machines"),
                t("field.status"),
            ],
            [
                (
                    op.seq,
                    op.name,
                    f"{op.setup_s / 60:.1f}",
                    f"{float(op.run_s) / 60:.1f}",
                    len(op.eligible_machine_ids),
                    Status(op.status.value, "op"),
                )
                for op in wo.operations
            ],
            empty_key="wo.no_operations",
        )
