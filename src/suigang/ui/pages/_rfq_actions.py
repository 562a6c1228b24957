"""What a viewer of an RFQ may do there: the factory's decline, accepting or withdrawing
a quote."""

from __future__ import annotations

from nicegui import ui

from suigang.domains.identity.permissions import can
from suigang.domains.orders.models import RFQ, Quote, QuoteStatus, RecipientStatus, RFQStatus
from suigang.domains.orders.service import accept_quote, decline_rfq, withdraw_quote
from suigang.ui.context import PageContext, run_action
from suigang.ui.frame import notify_after_navigate, notify_after_reload, run_then_reload
from suigang.ui.i18n import t


def decline_button(ctx: PageContext, rfq: RFQ) -> None:
    """A factory asked for a quote may say it will not quote, while its answer is pending;
    a dialog asks why (optional), and the sender sees the factory's row as declined."""
    mine = next((r for r in rfq.recipients if r.factory_id == ctx.actor.enterprise_id), None)
    if (
        mine is None
        or mine.status is not RecipientStatus.PENDING
        or rfq.status not in (RFQStatus.OPEN, RFQStatus.QUOTED)
        or not can(ctx.actor, "rfq:decline", rfq)
    ):
        return
    rfq_id = rfq.id
    with ui.dialog() as dialog, ui.card():
        ui.label(t("rfq.decline_question", number=rfq.number))
        reason = ui.input(t("rfq.decline_reason")).classes("w-80").mark("decline-reason")

        def confirm() -> None:
            text = (reason.value or "").strip()
            done = run_action(lambda s, a: decline_rfq(s, actor=a, rfq_id=rfq_id, reason=text))
            dialog.close()
            if done is not None:
                notify_after_reload(t("rfq.declined", number=done.number), type="info")

        with ui.row():
            ui.button(t("action.decline_rfq"), on_click=confirm).props("color=red-8 no-caps").mark(
                "confirm-decline"
            )
            ui.button(t("action.back"), on_click=dialog.close).props("flat no-caps")
    ui.button(t("action.decline_rfq"), icon="do_not_disturb", on_click=dialog.open).props(
        "flat no-caps color=red-8"
    ).mark("decline-rfq")


def quote_actions(ctx: PageContext, rfq: RFQ, q: Quote) -> None:
    if q.status is not QuoteStatus.SUBMITTED:
        return
    quote_id, version = q.id, q.version
    if can(ctx.actor, "quote:accept", q) and rfq.status in (RFQStatus.OPEN, RFQStatus.QUOTED):

        def accept() -> None:
            order = run_action(
                lambda s, a: accept_quote(s, actor=a, quote_id=quote_id, version=version)
            )
            if order is not None:
                notify_after_navigate(
                    f"/orders/{order.id}",
                    t("quote.accepted", number=order.number),
                    type="positive",
                )

        ui.button(t("action.accept"), icon="check", on_click=accept).props(
            "color=green-8 dense no-caps"
        ).mark(f"accept-{q.number}")
    if can(ctx.actor, "quote:withdraw", q):

        def withdraw() -> None:
            run_then_reload(
                lambda s, a: withdraw_quote(s, actor=a, quote_id=quote_id, version=version),
                lambda done: t("quote.withdrawn", number=done.number),
                type="info",
            )

        ui.button(t("action.withdraw"), icon="undo", on_click=withdraw).props(
            "flat dense no-caps color=grey-8"
        ).mark(f"withdraw-{q.number}")
