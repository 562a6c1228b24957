"""``/rfqs/new`` (front shop asks factories for a quote) and ``/rfqs/{id}`` (details,
quotes the viewer may see, the factory's quote form, the front shop's acceptance)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import partial

from nicegui import ui
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.catalog.service import list_products
from suigang.domains.identity.models import EnterpriseKind
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import list_enterprises
from suigang.domains.orders.models import (
    RFQ,
    Currency,
    Quote,
    QuoteStatus,
    RFQStatus,
)
from suigang.domains.orders.schemas import QuoteCreate, RFQCreate
from suigang.domains.orders.service import (
    cancel_rfq,
    create_rfq,
    get_rfq,
    list_orders,
    submit_quote,
)
from suigang.errors import InvalidInput, NotFound
from suigang.ui.components.firms import FirmNames
from suigang.ui.components.promise import promise_panel
from suigang.ui.context import (
    PageContext,
    fmt_date,
    fmt_datetime,
    fmt_money,
    fmt_unit_price,
    local_day_to_utc,
    run_action,
    zone_of,
)
from suigang.ui.frame import (
    Drawn,
    Status,
    data_table,
    field_grid,
    frame,
    not_found,
    notify_after_navigate,
    run_then_reload,
    table,
    table_row,
)
from suigang.ui.frame import section as card_section
from suigang.ui.guard import guarded_page
from suigang.ui.i18n import t
from suigang.ui.pages._rfq_actions import decline_button, quote_actions


def _parse_uuid(raw: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def _day(raw: str | None, field: str, actor: Actor) -> datetime:
    if not raw:
        raise InvalidInput(f"{field}: a date is required", code="date_required", field=field)
    try:
        return local_day_to_utc(raw, zone_of(actor))
    except ValueError:
        raise InvalidInput(
            f"{field}: {raw!r} is not a date (YYYY-MM-DD)",
            code="not_a_date",
            field=field,
            value=raw,
        ) from None


def _price(raw: str | None) -> Decimal:
    try:
        return Decimal((raw or "").strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidInput(
            f"unit_price: {raw!r} is not a number",
            code="not_a_number",
            field="unit_price",
            value=raw or "",
        ) from None


def register() -> None:
    @guarded_page("/rfqs/new", title="page.new_rfq", permission="rfq:create", of_own_firm=False)
    def new_rfq_page(ctx: PageContext, factories: str = "", title: str = "") -> None:
        """``factories`` (ids, comma-separated) and ``title`` come filled in from a search."""
        new_rfq_form(ctx, factories=factories.split(","), title=title[:200])

    @guarded_page("/rfqs/{rfq_id}")
    def rfq_page(ctx: PageContext, rfq_id: str) -> None:
        ident = _parse_uuid(rfq_id)
        try:
            if ident is None:
                raise NotFound(f"rfq {rfq_id} not found")
            rfq = get_rfq(ctx.session, actor=ctx.actor, rfq_id=ident)
        except NotFound:
            not_found(ctx, "thing.rfq")
            return
        frame(ctx, "page.rfq", number=rfq.number)
        rfq_details(ctx, rfq)


def new_rfq_form(ctx: PageContext, *, factories: Sequence[str] = (), title: str = "") -> None:
    """The RFQ form; ``factories`` (ids) chosen and ``title`` filled in beforehand."""
    known, _ = list_enterprises(
        ctx.session, actor=ctx.actor, kind=EnterpriseKind.FACTORY.value, limit=200
    )
    options = {str(f.id): f.name(ctx.lang) for f in known}
    chosen_before = [f for f in factories if f in options]
    with ui.card().classes("w-full max-w-3xl gap-2"):
        title_in = ui.input(t("field.title"), value=title).props("outlined").classes("w-full")
        title_in.mark("title")
        with ui.row().classes("w-full gap-4"):
            product_code = ui.input(t("field.product_code")).props("outlined").mark("product_code")
            drawing_ref = ui.input(t("field.drawing_ref")).props("outlined").mark("drawing_ref")
        with ui.row().classes("w-full gap-4"):
            quantity = ui.number(t("field.quantity"), min=1, step=1, format="%d").props("outlined")
            quantity.mark("quantity")
            wanted = ui.input(
                t("field.wanted_date"),
                value=fmt_date(utcnow() + timedelta(days=30), ctx.tz),
            ).props("outlined type=date")
            wanted.mark("wanted_date")
            currency = ui.select(
                [c.value for c in Currency], value=Currency.HKD.value, label=t("field.currency")
            ).props("outlined")
            currency.classes("w-32").mark("currency")
        chosen = ui.select(
            options,
            multiple=True,
            value=chosen_before,
            label=t("field.factories"),
            with_input=True,
        ).props("outlined use-chips")
        chosen.classes("w-full").mark("factories")
        ui.label(t("rfq.factories_hint")).classes("text-xs text-grey-7")
        description = ui.textarea(t("field.description")).props("outlined").classes("w-full")
        description.mark("description")

        def submit() -> None:
            def use_case(session: Session, actor: Actor) -> RFQ:
                data = RFQCreate(
                    title=(title_in.value or "").strip(),
                    product_code=product_code.value or "",
                    drawing_ref=drawing_ref.value or "",
                    description=description.value or "",
                    quantity=int(quantity.value or 0),
                    wanted_date=_day(wanted.value, "wanted_date", actor),
                    currency=currency.value,
                    factory_ids=[uuid.UUID(v) for v in chosen.value or []],
                )
                return create_rfq(session, actor=actor, data=data)

            rfq = run_action(use_case)
            if rfq is not None:
                notify_after_navigate(
                    f"/rfqs/{rfq.id}", t("rfq.sent", number=rfq.number), type="positive"
                )

        ui.button(t("action.send_rfq"), icon="send", on_click=submit).props(
            "color=teal-8 no-caps"
        ).mark("send-rfq")


def rfq_details(ctx: PageContext, rfq: RFQ) -> None:
    names = FirmNames(ctx)
    own = rfq.requester_id == ctx.actor.enterprise_id
    with ui.row().classes("w-full gap-4 items-start"):
        with card_section("rfq.details").classes("max-w-xl"):
            field_grid(
                [
                    ("field.status", Status(rfq.status.value)),
                    ("field.title", rfq.title),
                    ("field.requester", names(rfq.requester_id)),
                    ("field.product_code", rfq.product_code or "—"),
                    ("field.drawing_ref", rfq.drawing_ref or "—"),
                    ("field.quantity", rfq.quantity),
                    ("field.wanted_date", fmt_date(rfq.wanted_date, ctx.tz)),
                    ("field.currency", rfq.currency.value),
                    ("field.created_at", fmt_datetime(rfq.created_at, ctx.tz)),
                ]
            )
            if rfq.description:
                ui.label(rfq.description).classes("text-sm whitespace-pre-wrap")
        with card_section("rfq.recipients").classes("max-w-md"):
            # a factory sees only its own row: who else was asked is the buyer's business
            shown = [r for r in rfq.recipients if own or r.factory_id == ctx.actor.enterprise_id]
            data_table(
                [t("field.factory"), t("field.status")],
                [(names(r.factory_id), Status(r.status.value)) for r in shown],
                empty_key="rfq.no_recipients",
            )
    if can(ctx.actor, "rfq:cancel", rfq) and rfq.status in (RFQStatus.OPEN, RFQStatus.QUOTED):
        rfq_id, version = rfq.id, rfq.version

        def cancel() -> None:
            run_then_reload(
                lambda s, a: cancel_rfq(s, actor=a, rfq_id=rfq_id, version=version),
                lambda done: t("rfq.cancelled", number=done.number),
            )

        ui.button(t("action.cancel_rfq"), icon="close", on_click=cancel).props(
            "flat no-caps color=red-8"
        ).mark("cancel-rfq")
    decline_button(ctx, rfq)
    visible = [q for q in rfq.quotes if can(ctx.actor, "quote:read", q)]
    with card_section("rfq.quotes"):
        quotes_table(ctx, rfq, visible, names)
    if own and rfq.status is RFQStatus.ACCEPTED:
        order_link(ctx, rfq)
    if can(ctx.actor, "quote:create", rfq):
        quote_form(ctx, rfq)


def quotes_table(ctx: PageContext, rfq: RFQ, quotes: list[Quote], names: FirmNames) -> None:
    if not quotes:
        ui.label(t("rfq.no_quotes")).classes("text-grey-7 italic")
        return
    headers = [
        t(k)
        for k in (
            "field.number",
            "field.factory",
            "field.unit_price",
            "field.total_price",
            "field.promised_date",
            "field.valid_until",
            "field.status",
            "field.actions",
        )
    ]
    with table(headers):
        for q in quotes:
            table_row(
                [
                    q.number,
                    names(q.factory_id),
                    fmt_unit_price(q.unit_price, q.currency.value),
                    fmt_money(q.total_price, q.currency.value),
                    fmt_date(q.promised_date, ctx.tz),
                    fmt_date(q.valid_until, ctx.tz),
                    Status(q.status.value),
                    Drawn(partial(quote_actions, ctx, rfq, q)),
                ]
            )
            if q.notes:
                with ui.element("tr"), ui.element("td").props('colspan="8"'):
                    ui.label(q.notes).classes("text-xs text-grey-7 px-3")


def order_link(ctx: PageContext, rfq: RFQ) -> None:
    orders, _ = list_orders(ctx.session, actor=ctx.actor, limit=200)
    for order in orders:
        if order.rfq_id == rfq.id:
            with ui.row().classes("items-center gap-2"):
                ui.label(t("rfq.became_order"))
                ui.link(order.number, f"/orders/{order.id}").classes("text-teal-800")


def quote_form(ctx: PageContext, rfq: RFQ) -> None:
    mine = [q for q in rfq.quotes if q.factory_id == ctx.actor.enterprise_id]
    if rfq.status not in (RFQStatus.OPEN, RFQStatus.QUOTED):
        return
    if any(q.status is QuoteStatus.SUBMITTED for q in mine):
        ui.label(t("quote.already_submitted")).classes("text-sm text-grey-7")
        return
    products, _ = list_products(ctx.session, actor=ctx.actor, limit=200)
    with card_section("quote.form").classes("max-w-3xl gap-2"):
        if not products:
            ui.label(t("quote.no_products")).classes("text-grey-7 italic")
            return
        # the product the RFQ names, when the catalogue has it; else the factory chooses (the
        # first of its catalogue would be a guess, often another customer's part)
        named = next((p for p in products if p.code == rfq.product_code), None)
        product = ui.select(
            {str(p.id): f"{p.code} · {p.name}" for p in products},
            value=None if named is None else str(named.id),
            label=t("field.product"),
            with_input=True,
        ).props("outlined")
        product.classes("w-full").mark("product")
        if named is None:
            ui.label(t("quote.choose_product")).classes("text-xs text-orange-9").mark(
                "choose-product"
            )
        with ui.row().classes("w-full gap-4"):
            unit_price = ui.input(t("field.unit_price")).props("outlined inputmode=decimal")
            unit_price.mark("unit_price")
            currency = ui.select(
                [c.value for c in Currency], value=rfq.currency.value, label=t("field.currency")
            ).props("outlined")
            currency.classes("w-32").mark("quote_currency")
        with ui.row().classes("w-full gap-4"):
            promised = ui.input(
                t("field.promised_date"), value=fmt_date(rfq.wanted_date, ctx.tz)
            ).props("outlined type=date")
            promised.mark("promised_date")
            valid = ui.input(
                t("field.valid_until"), value=fmt_date(utcnow() + timedelta(days=14), ctx.tz)
            ).props("outlined type=date")
            valid.mark("valid_until")
        promise_panel(rfq.id, product, promised)
        notes = ui.textarea(t("field.notes")).props("outlined").classes("w-full").mark("notes")
        rfq_id = rfq.id

        def submit() -> None:
            def use_case(session: Session, actor: Actor) -> Quote:
                if not product.value:
                    raise InvalidInput("product_id: choose a product", code="choose_product")
                data = QuoteCreate(
                    product_id=uuid.UUID(product.value),
                    unit_price=_price(unit_price.value),
                    currency=currency.value,
                    promised_date=_day(promised.value, "promised_date", actor),
                    valid_until=_day(valid.value, "valid_until", actor),
                    notes=notes.value or "",
                )
                return submit_quote(session, actor=actor, rfq_id=rfq_id, data=data)

            run_then_reload(
                use_case,
                lambda quote: t(
                    "quote.submitted",
                    number=quote.number,
                    total=fmt_money(quote.total_price, quote.currency.value),
                ),
                type="positive",
            )

        ui.button(t("action.submit_quote"), icon="send", on_click=submit).props(
            "color=teal-8 no-caps"
        ).mark("submit-quote")
