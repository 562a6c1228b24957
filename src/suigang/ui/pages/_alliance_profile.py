"""The firm's own alliance page: membership (join, leave), its profile and the form to edit
it (admins), and its declared supply links with the form to declare one."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from nicegui import ui
from sqlalchemy.orm import Session

from suigang.domains.alliance import service
from suigang.domains.alliance.models import LinkKind
from suigang.domains.alliance.schemas import ProfileRead, ProfileUpdate, SupplyLinkCreate
from suigang.domains.alliance.segments import Segment
from suigang.domains.common import owned_by
from suigang.domains.identity.models import EnterpriseKind, Region
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import list_enterprises
from suigang.errors import InvalidInput
from suigang.ui.context import PageContext, fmt_money, run_action
from suigang.ui.frame import data_table, notify_after_reload, run_then_reload, section
from suigang.ui.i18n import t

SPLIT = re.compile(r"[,，、;；\n]+")


def labels(text: str | None) -> list[str]:
    return [p.strip() for p in SPLIT.split(text or "") if p.strip()]


def submit_button(
    label_key: str,
    icon: str,
    mark: str,
    use_case: Callable[[Session, Actor], object],
    *,
    done_key: str,
) -> None:
    """The teal button of a form: it runs ``use_case`` and, when that succeeds, says
    ``done_key`` on the reloaded page."""

    def submit() -> None:
        run_then_reload(use_case, t(done_key), type="positive")

    ui.button(t(label_key), icon=icon, on_click=submit).props("color=teal-8 no-caps").mark(mark)


def membership_row(ctx: PageContext, p: ProfileRead) -> None:
    admin = can(ctx.actor, "alliance_membership:write", owned_by(ctx.actor.enterprise_id))
    with ui.row().classes("items-center gap-3"):
        ui.badge(
            t("alliance.member") if p.member else t("alliance.not_member"),
            color="green" if p.member else "grey",
        ).classes("text-sm px-2").mark("membership")
        if not admin:
            ui.label(t("alliance.admin_only")).classes("text-xs text-grey-7")
            return

        def toggle() -> None:
            done = run_action(lambda s, a: service.set_membership(s, actor=a, member=not p.member))
            if done is not None:
                notify_after_reload(t("alliance.left" if p.member else "alliance.joined"),
                                    type="positive")  # fmt: skip

        ui.button(
            t("alliance.leave" if p.member else "alliance.join"),
            icon="logout" if p.member else "group_add", on_click=toggle,
        ).props("color=teal-8 no-caps" + (" outline" if p.member else "")).mark(
            "alliance-leave" if p.member else "alliance-join"
        )  # fmt: skip


def edit_form(ctx: PageContext, p: ProfileRead) -> None:
    segments = {
        "": t("alliance.segment_none"),
        **{s.value: t(f"alliance.segment.{s.value}") for s in Segment},
    }
    with (
        ui.expansion(t("alliance.edit"), icon="edit")
        .classes("w-full bg-white")
        .mark("alliance-edit")
    ):
        segment = (
            ui.select(
                segments, value=p.segment.value if p.segment else "", label=t("alliance.segment")
            )
            .classes("w-72")
            .mark("segment")
        )
        description = (
            ui.textarea(t("alliance.description"), value=p.description)
            .classes("w-full")
            .mark("profile-description")
        )
        ui.label(t("alliance.list_hint")).classes("text-xs text-grey-7")
        with ui.row().classes("w-full gap-3"):
            processes = ui.input(t("alliance.processes"), value="、".join(p.processes))
            processes.classes("w-96").mark("processes")
            materials = ui.input(t("alliance.materials"), value="、".join(p.materials))
            materials.classes("w-72").mark("materials")
            languages = ui.input(t("alliance.languages"), value=", ".join(p.languages))
            languages.classes("w-48").mark("languages")
        with ui.row().classes("gap-3"):
            capacity = ui.number(t("alliance.capacity"), value=p.capacity, min=0, format="%d")
            capacity.mark("capacity")
            unit = ui.input(t("alliance.capacity_unit"), value=p.capacity_unit).mark("unit")
            lead = ui.number(t("alliance.lead_time"), value=p.lead_time_days, min=0, format="%d")
            lead.mark("lead-time")

        def save(session: Session, actor: Actor) -> object:
            data = ProfileUpdate(
                segment=Segment(segment.value) if segment.value else None,
                description=description.value or "", processes=labels(processes.value),
                materials=labels(materials.value), languages=labels(languages.value),
                capacity=int(capacity.value) if capacity.value is not None else None,
                capacity_unit=unit.value or "",
                lead_time_days=int(lead.value) if lead.value is not None else None,
                version=p.version or None,
            )  # fmt: skip
            return service.update_profile(session, actor=actor, data=data)

        submit_button("alliance.save", "save", "profile-save", save, done_key="alliance.saved")


def links_section(ctx: PageContext) -> None:
    links = [service.link_read(ctx.session, r, ctx.lang)
             for r in service.list_links(ctx.session, actor=ctx.actor)]  # fmt: skip
    mine = ctx.actor.enterprise_id
    with section("alliance.links").mark("alliance-links"):
        data_table(
            [t("alliance.supplier"), t("alliance.customer"), t("alliance.item"),
             t("alliance.kind"), t("alliance.segment"), t("alliance.value")],
            [
                (k.supplier_name, k.customer_name, k.item, t(f"alliance.link_kind.{k.kind.value}"),
                 t(f"alliance.segment.{k.segment.value}"), fmt_money(k.annual_value_cny, "CNY"))
                for k in links
            ],
            empty_key="alliance.links_none",
        )  # fmt: skip
        for link in links:
            if link.declared_by != mine:
                continue

            def remove(_: object, lid: uuid.UUID = link.id) -> None:
                # remove_link returns nothing: "True" tells its success from a refusal (None)
                done = run_action(lambda s, a: service.remove_link(s, actor=a, link_id=lid) or True)
                if done:
                    notify_after_reload(t("alliance.removed"), type="positive")

            ui.button(f"{t('alliance.remove')}: {link.item}", icon="delete", on_click=remove
                      ).props("flat dense no-caps color=red-8").mark("link-remove")  # fmt: skip
        if can(ctx.actor, "supply_link:write"):
            declare_form(ctx)


def declare_form(ctx: PageContext) -> None:
    firms, _ = list_enterprises(ctx.session, actor=ctx.actor, limit=200)
    others = {"": t("alliance.partner_none")} | {
        str(f.id): f.name(ctx.lang)
        for f in firms
        if f.id != ctx.actor.enterprise_id and f.kind is not EnterpriseKind.ZONE_OFFICE
    }
    with ui.expansion(t("alliance.link_new"), icon="add_link").classes("w-full").mark("link-new"):
        with ui.row().classes("gap-3 items-end"):
            role = (
                ui.select(
                    {
                        "customer": t("alliance.role_customer"),
                        "supplier": t("alliance.role_supplier"),
                    },
                    value="customer",
                    label=t("alliance.role"),
                )
                .classes("w-40")
                .mark("link-role")
            )
            partner = ui.select(others, value="", label=t("alliance.partner"), with_input=True)
            partner.classes("w-80").mark("link-partner")
            outside = ui.input(t("alliance.outside_name")).classes("w-64").mark("link-outside")
            region = ui.select(
                {r.value: t(f"region.{r.value}") for r in Region},
                value=Region.MAINLAND_OTHER.value,
                label=t("alliance.outside_region"),
            ).classes("w-56")
        with ui.row().classes("gap-3 items-end"):
            item = ui.input(t("alliance.item")).classes("w-72").mark("link-item")
            kind = ui.select(
                {k.value: t(f"alliance.link_kind.{k.value}") for k in LinkKind},
                value=LinkKind.COMPONENT.value,
                label=t("alliance.kind"),
            )
            kind.classes("w-40").mark("link-kind")
            segment = ui.select(
                {s.value: t(f"alliance.segment.{s.value}") for s in Segment},
                value=Segment.KEY_COMPONENTS.value,
                label=t("alliance.segment"),
            )
            segment.classes("w-48").mark("link-segment")
            value = ui.input(t("alliance.value"), value="0").classes("w-40").mark("link-value")

        def declare(session: Session, actor: Actor) -> object:
            try:
                amount = Decimal((value.value or "0").replace(",", ""))
            except InvalidOperation:
                raise InvalidInput(f"annual_value_cny: {value.value!r} is not a number") from None
            other = uuid.UUID(partner.value) if partner.value else None
            me = actor.enterprise_id
            buying = role.value == "customer"
            if not buying and other is None:
                raise InvalidInput("customer_id: a supplier declares a customer of the platform")
            data = SupplyLinkCreate(
                supplier_id=other if buying else me, customer_id=me if buying else other,  # type: ignore[arg-type]
                supplier_name=(outside.value or "") if other is None else "",
                supplier_region=Region(region.value) if other is None else None,
                item=item.value or "", kind=LinkKind(kind.value),
                segment=Segment(segment.value), annual_value_cny=amount,
            )  # fmt: skip
            return service.declare_link(session, actor=actor, data=data)

        submit_button(
            "alliance.declare", "add", "link-declare", declare, done_key="alliance.declared"
        )


def profile_body(
    ctx: PageContext, p: ProfileRead, card: Callable[[PageContext, ProfileRead], None]
) -> None:
    membership_row(ctx, p)
    card(ctx, p)
    if can(ctx.actor, "alliance_profile:update", owned_by(ctx.actor.enterprise_id)):
        edit_form(ctx, p)
    links_section(ctx)
