"""Capable-to-promise on a page: the quote form's button and the answer it shows."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from nicegui import ui

from suigang.domains.planning import ctp
from suigang.ui.context import SHANGHAI, fmt_datetime, promise_day, run_action
from suigang.ui.frame import data_table, field_grid
from suigang.ui.i18n import t
from suigang.ui.messages import refusal


def promise_panel(rfq_id: uuid.UUID, product_select: ui.select, promised: ui.input) -> None:
    """For the quote form: a button that runs capable-to-promise for the product chosen in
    ``product_select``, writes the day to promise into ``promised`` and shows the earliest
    date the released plan keeps, the date with bumping and whose work would slip."""

    def fill() -> None:
        if not product_select.value:
            ui.notify(refusal(t("error.choose_product")), type="warning")
            return
        answer = run_action(
            lambda s, a: ctp.promise_date(
                s, actor=a, rfq_id=rfq_id, product_id=uuid.UUID(str(product_select.value))
            )
        )
        if answer is None:
            return
        promised.value = promise_day(answer.earliest, SHANGHAI)
        details.clear()
        with details:
            promise_view(SHANGHAI, answer)

    ui.button(t("page.promise"), icon="event_available", on_click=fill).props(
        "outline no-caps color=teal-8"
    ).mark("promise-from-capacity")
    details = ui.column().classes("w-full gap-1").mark("promise-details")


def promise_view(tz: ZoneInfo, answer: ctp.Promise) -> None:
    """Capable-to-promise's answer: the dates and who would be delayed by bumping."""
    field_grid(
        [
            ("field.quantity", answer.quantity),
            ("field.earliest", fmt_datetime(answer.earliest, tz)),
            ("field.with_bumping", fmt_datetime(answer.with_bumping, tz)),
        ]
    )
    ui.label(t("promise.bumped")).classes("text-sm font-medium text-teal-900")
    data_table(
        [
            t("field.work_order"),
            t("field.order"),
            t("field.delay_min"),
            t("field.breaks_promise"),
        ],
        [
            (
                b.work_order,
                b.order_number or "—",
                b.delay_min,
                t("common.yes") if b.breaks_promise else t("common.no"),
            )
            for b in answer.bumped
        ],
        empty_key="promise.none_bumped",
    )
