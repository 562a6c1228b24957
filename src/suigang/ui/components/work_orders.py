"""A work order as the factory's pages show it, and which work orders are open."""

from __future__ import annotations

import uuid

from nicegui import ui

from suigang.db import utcnow
from suigang.domains.identity.permissions import can
from suigang.domains.production.models import WorkOrder, WorkOrderStatus
from suigang.domains.production.service import record_operation_actuals
from suigang.ui.context import PageContext, fmt_date, fmt_datetime
from suigang.ui.frame import Status, data_table, run_then_reload
from suigang.ui.i18n import t

OPEN_WORK_ORDERS = (WorkOrderStatus.PLANNED, WorkOrderStatus.RELEASED, WorkOrderStatus.IN_PROGRESS)


def work_order_card(ctx: PageContext, wo: WorkOrder) -> None:
    """A work order with its operations: sequence, name, setup and run time, machines, when
    each actually started and finished; the shop floor records start and finish here."""
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
                t("wo.actual_start"),
                t("wo.actual_end"),
            ],
            [
                (
                    op.seq,
                    op.name,
                    f"{op.setup_s / 60:.1f}",
                    f"{float(op.run_s) / 60:.1f}",
                    len(op.eligible_machine_ids),
                    Status(op.status.value, "op"),
                    fmt_datetime(op.actual_start, ctx.tz),
                    fmt_datetime(op.actual_end, ctx.tz),
                )
                for op in wo.operations
            ],
            empty_key="wo.no_operations",
        )
        if can(ctx.actor, "operation:record", wo):
            actual_buttons(wo)


def actual_buttons(wo: WorkOrder) -> None:
    """ "Start" for the next operation not started, "Finish" for each one running: the time
    recorded is now (an integration reports exact times through the API)."""
    with ui.row().classes("gap-2"):
        for op in wo.operations:
            if op.actual_end is not None:
                continue
            finishing = op.actual_start is not None
            key = "wo.finish" if finishing else "wo.start"

            def record(_: object, op_id: uuid.UUID = op.id, finishing: bool = finishing) -> None:
                now = utcnow()
                run_then_reload(
                    lambda s, a: record_operation_actuals(
                        s,
                        actor=a,
                        operation_id=op_id,
                        source="ui",
                        started_at=None if finishing else now,
                        finished_at=now if finishing else None,
                    ),
                    t("wo.recorded"),
                )

            ui.button(t(key, seq=op.seq, name=op.name), on_click=record).props(
                "outline dense no-caps color=teal-8"
            ).mark(f"{'finish' if finishing else 'start'}-{wo.number}-{op.seq}")
            if not finishing:
                break  # operations start in sequence: offer the next one only
