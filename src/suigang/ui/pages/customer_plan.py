"""What planning shows the front shop: an order's timeline (its own operations only) and
its notifications (a forecast that slipped past the promise). Labels: ``_planning_labels``
(added by ``planning.py``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from nicegui import ui

from suigang.db import utcnow
from suigang.domains.identity.models import EnterpriseKind
from suigang.domains.planning import notify, views
from suigang.errors import DomainError
from suigang.ui.components.gantt import gantt_options
from suigang.ui.context import (
    PageContext,
    fmt_datetime,
    run_action,
)
from suigang.ui.frame import (
    add_navigation,
    data_table,
    field_grid,
    found,
    frame,
    section,
)
from suigang.ui.guard import guarded_page
from suigang.ui.i18n import t

add_navigation(EnterpriseKind.FRONT_SHOP, "/notifications", "nav.notifications", "notifications")


def register() -> None:
    @guarded_page("/orders/{order_id}/timeline")
    def order_timeline_page(ctx: PageContext, order_id: str) -> None:
        forecast = found(ctx, "thing.order", lambda: views.order_forecast(
            ctx.session, actor=ctx.actor, order_id=uuid.UUID(order_id)))  # fmt: skip
        if forecast is None:
            return
        frame(ctx, "page.order_timeline", number=forecast.order_number)
        order_timeline(ctx, forecast)

    @guarded_page("/notifications", title="page.notifications")
    def notifications_page(ctx: PageContext) -> None:
        notifications(ctx)


def order_timeline(ctx: PageContext, forecast: views.OrderForecast) -> None:
    """Promised vs forecast and the order's own operations; nothing else of the factory."""
    with section("order.dates").classes("max-w-xl"):
        field_grid(
            [
                ("field.promised_date", fmt_datetime(forecast.promised_date, ctx.tz)),
                ("field.forecast_date", fmt_datetime(forecast.forecast_date, ctx.tz)),
            ]
        )
        if forecast.late_min > 0:
            ui.label(t("timeline.late", minutes=forecast.late_min)).classes(
                "text-sm text-negative"
            ).mark("timeline-late")
        elif forecast.forecast_date is not None:
            ui.label(t("timeline.on_time")).classes("text-sm text-positive").mark(
                "timeline-on-time"
            )
    with section("timeline.operations"):
        if not forecast.operations:
            ui.label(t("timeline.no_plan")).classes("text-grey-7 italic")
            return
        bars = [
            {
                "machine": f"{e.seq} {e.name}",
                "work_order": forecast.order_number,
                "name": f"{e.seq} {e.name}",
                "start": e.start,
                "end": e.end,
                "setup_min": 0,
                "late": e.end > forecast.promised_date,
            }
            for e in forecast.operations
        ]
        chart = ui.echart(
            gantt_options(bars, by="machine", breaks=[], now=utcnow(), now_label=t("plan.now"))
        )
        chart.classes("w-full").style(f"height: {100 + 36 * len(bars)}px").mark("order-gantt")
        data_table(
            [t("field.seq"), t("field.operation"), t("field.start"), t("field.end")],
            [
                (e.seq, e.name, fmt_datetime(e.start, ctx.tz), fmt_datetime(e.end, ctx.tz))
                for e in forecast.operations
            ],
            empty_key="timeline.no_plan",
        )


def notifications(ctx: PageContext) -> None:
    try:
        notes = notify.list_notifications(ctx.session, actor=ctx.actor)
    except DomainError:
        notes = []
    if not notes:
        ui.label(t("notifications.none")).classes("text-grey-7 italic").mark("no-notifications")
        return
    for n in notes:
        with (
            ui.card().classes("w-full").props("flat bordered"),
            ui.row().classes("items-center gap-4"),
        ):
            ui.label(fmt_datetime(n.created_at, ctx.tz)).classes("text-xs text-grey-7")
            ui.label(notification_text(n.kind, n.data, ctx) or n.message).classes("text-sm").mark(
                "notification"
            )
            order_id = n.data.get("order_id")
            if order_id:
                ui.link(
                    t("page.order_timeline", number=n.data.get("order_number", "")),
                    f"/orders/{order_id}/timeline",
                )
            if n.read_at is None:
                note_id = n.id

                def read(_: object, nid: uuid.UUID = note_id) -> None:
                    if run_action(lambda s, a: notify.mark_read(s, actor=a, notification_id=nid)):
                        ui.navigate.reload()

                ui.button(t("notifications.mark_read"), on_click=read).props("flat dense no-caps")


def notification_text(kind: str, data: dict[str, Any], ctx: PageContext) -> str | None:
    """The notification in the reader's language, from its data (None: use the stored text)."""
    if kind != notify.FORECAST_SLIPPED:
        return None
    try:
        forecast = datetime.fromisoformat(str(data["forecast_date"]))
        promised = datetime.fromisoformat(str(data["promised_date"]))
    except (KeyError, ValueError):
        return None
    return t(
        "notifications.slipped",
        number=data.get("order_number", ""),
        forecast=fmt_datetime(forecast, ctx.tz),
        promised=fmt_datetime(promised, ctx.tz),
    )
