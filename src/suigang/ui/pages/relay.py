"""``/relay``: the relay projects a firm takes part in (the zone office: every project's
summary), the batons offered to the firm and a form to start a project; ``/relay/{id}``: a
project with its gate, evidence, checklist, baton passes and timeline; ``/zone/relay``: the
zone office's funnel."""

from __future__ import annotations

import uuid

from nicegui import ui

from suigang.domains.common import owned_by
from suigang.domains.identity.models import EnterpriseKind
from suigang.domains.identity.permissions import can
from suigang.domains.relay import service
from suigang.domains.relay.schemas import RelayProjectCreate, RelayProjectSummary
from suigang.ui.context import PageContext, app_settings, fmt_date, run_action
from suigang.ui.frame import (
    STATUS_COLORS,
    Link,
    Status,
    add_navigation,
    data_table,
    forbidden,
    found,
    frame,
    pager,
    section,
)
from suigang.ui.guard import guarded_page
from suigang.ui.i18n import add_labels, t
from suigang.ui.pages._relay_funnel import funnel_body
from suigang.ui.pages._relay_labels import LABELS
from suigang.ui.pages._relay_project import project_body

LIMIT = 20
STATUS_COLORS.update({"stalled_short": "red", "active": "blue", "dropped": "grey"})

add_labels(LABELS)
for _kind in (
    EnterpriseKind.FRONT_SHOP,
    EnterpriseKind.FACTORY,
    EnterpriseKind.RESEARCH_INSTITUTE,
    EnterpriseKind.SERVICE_PROVIDER,
):
    add_navigation(_kind, "/relay", "relay.nav", "directions_run")
add_navigation(EnterpriseKind.ZONE_OFFICE, "/zone/relay", "relay.nav_funnel", "filter_alt")
add_navigation(EnterpriseKind.ZONE_OFFICE, "/relay", "relay.nav", "directions_run")


def levels(value: int | None) -> str:
    return "—" if value is None else str(value)


def stall_cell(p: RelayProjectSummary) -> str | Status:
    if p.stalled:
        return Status("stalled_short", "relay")
    return Status(p.status.value, "relay.status")


def summaries_table(ctx: PageContext, rows: list[RelayProjectSummary], *, links: bool) -> None:
    data_table(
        [
            t("relay.project"), t("relay.leg"), t("relay.holder"), t("relay.trl"),
            t("relay.mrl"), t("relay.started"), t("relay.last_moved"), t("relay.status"),
        ],
        [
            (
                Link(p.title, f"/relay/{p.id}") if links else p.title,
                f"{t('relay.leg_n', n=p.leg)} · {p.leg_name}",
                p.baton_holder.name,
                levels(p.trl),
                levels(p.mrl),
                fmt_date(p.started_at, ctx.tz),
                fmt_date(p.last_moved_at, ctx.tz)
                + (f" ({t('relay.idle', days=p.idle_days)})" if p.stalled else ""),
                stall_cell(p),
            )
            for p in rows
        ],
        empty_key="relay.none",
    )  # fmt: skip


def register() -> None:
    @guarded_page("/relay")
    def relay_list(ctx: PageContext, projects: int = 0) -> None:
        zone = can(ctx.actor, "relay_funnel:read")
        if not zone and not can(
            ctx.actor, "relay_project:summary", owned_by(ctx.actor.enterprise_id)
        ):
            forbidden(ctx)
            return
        frame(ctx, "relay.page_list")
        ui.label(t("relay.intro")).classes("text-sm text-grey-8 max-w-4xl")
        offset = max(0, projects)
        after = app_settings().relay_stalled_after_days
        rows, total = service.list_projects(
            ctx.session, actor=ctx.actor, lang=ctx.lang, offset=offset, limit=LIMIT,
            after_days=after,
        )  # fmt: skip
        if not zone:
            offered_section(ctx)
        with section("relay.all" if zone else "relay.mine").mark("relay-projects"):
            pager("projects", offset, len(rows), total, LIMIT)
            summaries_table(ctx, rows, links=not zone)
        if can(ctx.actor, "relay_project:create"):
            create_section(ctx)

    @guarded_page("/relay/{project_id}")
    def relay_project(ctx: PageContext, project_id: str) -> None:
        project = found(ctx, "relay.project", lambda: service.get_project(
            ctx.session, actor=ctx.actor, project_id=uuid.UUID(project_id), lang=ctx.lang,
            after_days=app_settings().relay_stalled_after_days,
        ))  # fmt: skip
        if project is None:
            return
        frame(ctx, "relay.page_project", title=project.title)
        project_body(ctx, project)

    @guarded_page(
        "/zone/relay", title="relay.page_funnel", permission="relay_funnel:read", of_own_firm=False
    )
    def relay_funnel(ctx: PageContext) -> None:
        funnel_body(ctx)


def offered_section(ctx: PageContext) -> None:
    offers, _ = service.list_handovers(ctx.session, actor=ctx.actor, lang=ctx.lang, limit=50)
    with section("relay.offered").mark("relay-offered"):
        if not offers:
            ui.label(t("relay.none_offered")).classes("text-grey-7 italic")
        for h in offers:
            with ui.row().classes("items-center gap-3 text-sm"):
                ui.link(h.project_title, f"/relay/{h.project_id}").classes(
                    "text-teal-800 font-medium"
                ).mark("offered-link")
                ui.label(
                    f"{t('relay.leg_n', n=h.from_leg)} → {t('relay.leg_n', n=h.to_leg)} · "
                    f"{h.from_holder.name} · {fmt_date(h.requested_at, ctx.tz)}"
                )


def create_section(ctx: PageContext) -> None:
    config = service.relay_config()
    with ui.expansion(t("relay.new"), icon="add").classes("w-full bg-white").mark("relay-new"):
        ui.label(t("relay.titles_hint")).classes("text-xs text-grey-7")
        with ui.row().classes("w-full gap-3"):
            en = ui.input(t("relay.title_en")).classes("w-72").mark("title-en")
            hans = ui.input(t("relay.title_zh_hans")).classes("w-72").mark("title-zh-hans")
            hant = ui.input(t("relay.title_zh_hant")).classes("w-72").mark("title-zh-hant")
        description = ui.textarea(t("relay.description")).classes("w-full").mark("description")
        legs = {
            leg.number: f"{t('relay.leg_n', n=leg.number)} · "
            + ({"zh-Hans": leg.name_zh_hans, "zh-Hant": leg.name_zh_hant}.get(ctx.lang) or leg.name)
            for leg in config.legs
        }
        with ui.row().classes("gap-3 items-end"):
            leg = ui.select(legs, value=1, label=t("relay.leg")).classes("w-96").mark("leg")
            trl = (
                ui.select(
                    {0: "—", **{n: f"TRL {n}" for n in range(1, 10)}}, value=0, label=t("relay.trl")
                )
                .classes("w-32")
                .mark("trl")
            )
            mrl = (
                ui.select(
                    {0: "—", **{n: f"MRL {n}" for n in range(1, 11)}}, value=0, label=t("relay.mrl")
                )
                .classes("w-32")
                .mark("mrl")
            )

        def create() -> None:
            data = RelayProjectCreate(
                title_en=en.value or "", title_zh_hans=hans.value or "",
                title_zh_hant=hant.value or "", description=description.value or "",
                leg=int(leg.value), trl=int(trl.value) or None, mrl=int(mrl.value) or None,
            )  # fmt: skip
            project = run_action(lambda s, a: service.create_project(s, actor=a, data=data))
            if project is not None:
                ui.navigate.to(f"/relay/{project.id}")

        ui.button(t("relay.create"), icon="add", on_click=create).props(
            "color=teal-8 no-caps"
        ).mark("relay-create")
