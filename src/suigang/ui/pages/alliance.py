"""``/alliance``: search the alliance's members in any script, with filters and the reason
for each result; a front shop ticks factories and sends them an RFQ through the RFQ form.
``/alliance/firms/{id}``: a member's profile. ``/alliance/profile``: the firm's own profile,
membership and declared supply links. ``/alliance/chain``: the firm's suppliers and
customers. ``/zone/alliance``: the zone office's chain by segment and local-supplier gaps."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from nicegui import run, ui

from suigang.domains.alliance import service
from suigang.domains.alliance.schemas import PartnerHit, PartnerSearch, ProfileRead
from suigang.domains.identity.models import EnterpriseKind
from suigang.domains.identity.permissions import can
from suigang.errors import DomainError
from suigang.ui.context import PageContext, db, fmt_date
from suigang.ui.frame import add_navigation, field_grid, forbidden, found, frame, section
from suigang.ui.guard import guarded_page
from suigang.ui.i18n import add_labels, t
from suigang.ui.messages import error_text
from suigang.ui.pages._alliance_chain import firm_chain_body, zone_chain_body
from suigang.ui.pages._alliance_labels import LABELS
from suigang.ui.pages._alliance_profile import profile_body

add_labels(LABELS)
PROFILED = (
    EnterpriseKind.FRONT_SHOP,
    EnterpriseKind.FACTORY,
    EnterpriseKind.RESEARCH_INSTITUTE,
    EnterpriseKind.SERVICE_PROVIDER,
)
for _kind in EnterpriseKind:
    add_navigation(_kind, "/alliance", "alliance.nav", "handshake")
for _kind in PROFILED:
    add_navigation(_kind, "/alliance/profile", "alliance.nav_profile", "badge")
    add_navigation(_kind, "/alliance/chain", "alliance.nav_chain", "hub")
add_navigation(EnterpriseKind.ZONE_OFFICE, "/zone/alliance", "alliance.nav_zone", "hub")
CONNECT_SECONDS = 30
REGIONS = ("", "hong_kong", "zone", "zone_west", "zone_yunpu")


def region_name(value: str) -> str:
    if not value:
        return t("alliance.region_any")
    return t("alliance.region_zone") if value == "zone" else t(f"region.{value}")


def segment_name(value: str | None) -> str:
    return t(f"alliance.segment.{value}") if value else t("alliance.segment_none")


def reasons(hit: PartnerHit) -> list[str]:
    return [
        f"{m.query_term} → {'、'.join(m.profile_words)} ({t(f'alliance.match.{m.kind}')})"
        for m in hit.matches
    ]


def search_form(q: str, certification: str, region: str) -> None:
    with ui.row().classes("w-full gap-3 items-end"):
        query = ui.input(t("alliance.query"), value=q).props("outlined clearable")
        query.classes("w-[32rem]").mark("alliance-q")
        cert = ui.input(t("alliance.certification"), value=certification).props("outlined")
        cert.classes("w-48").mark("alliance-certification")
        area = ui.select(
            {r: region_name(r) for r in REGIONS}, value=region if region in REGIONS else "",
            label=t("alliance.region"),
        ).props("outlined").classes("w-56").mark("alliance-region")  # fmt: skip

        def go() -> None:
            params = {"q": (query.value or "").strip(), "certification": cert.value or ""}
            if area.value:
                params["region"] = area.value
            ui.navigate.to(f"/alliance?{urlencode(params)}")

        query.on("keydown.enter", go)
        ui.button(t("alliance.search"), icon="search", on_click=go).props(
            "color=teal-8 no-caps"
        ).mark("alliance-search")


def hit_card(ctx: PageContext, hit: PartnerHit, chosen: set[str], rfq: bool) -> None:
    with ui.card().classes("w-full gap-1").mark("alliance-hit"):
        with ui.row().classes("items-center gap-3 w-full"):
            if rfq and hit.can_quote:
                ui.checkbox(
                    t("alliance.select"),
                    on_change=lambda e, i=str(hit.enterprise_id): (
                        chosen.add(i) if e.value else chosen.discard(i)
                    ),
                ).mark(f"select-{hit.enterprise_id}")
            ui.link(hit.name, f"/alliance/firms/{hit.enterprise_id}").classes(
                "text-lg font-medium text-teal-900"
            ).mark("hit-name")
            ui.badge(t(f"kind.{hit.kind}"), color="teal").props("outline")
            ui.label(f"{t(f'region.{hit.region.value}')} · {segment_name(hit.segment)}").classes(
                "text-sm text-grey-8"
            )
            ui.space()
            ui.label(f"{t('alliance.score')} {hit.score:.2f}").classes("text-xs text-grey-7")
        if hit.certifications:
            ui.label(" · ".join(hit.certifications)).classes("text-xs text-grey-8")
        with ui.row().classes("gap-2 items-start"):
            ui.label(f"{t('alliance.why')}:").classes("text-sm text-grey-7")
            with ui.column().classes("gap-0"):
                for line in reasons(hit):
                    ui.label(line).classes("text-sm").mark("hit-reason")
                for note in hit.notes:
                    ui.label(note).classes("text-sm text-orange-9")


def results(ctx: PageContext, found: PartnerSearch) -> None:
    rfq = can(ctx.actor, "rfq:create")
    chosen: set[str] = set()
    with section("alliance.results").mark("alliance-results"):
        ui.label(t("alliance.results_of", members=found.members, hits=len(found.hits))).classes(
            "text-sm text-grey-8"
        )
        if found.concepts:
            ui.label(f"{t('alliance.understood')}: {', '.join(found.concepts)}").classes(
                "text-xs text-grey-7"
            )
        if found.excluded:
            ui.label(f"{t('alliance.excluded')}: {', '.join(found.excluded)}").classes(
                "text-xs text-orange-9"
            )
        if found.status == "no_terms":
            ui.label(t("alliance.no_terms")).classes("text-grey-7 italic")
        elif not found.hits:
            ui.label(t("alliance.no_hits")).classes("text-grey-7 italic").mark("no-hits")
        for hit in found.hits:
            hit_card(ctx, hit, chosen, rfq)
        if rfq and any(h.can_quote for h in found.hits):

            def send() -> None:
                if not chosen:
                    ui.notify(t("alliance.select_first"), type="warning")
                    return
                ids = [str(h.enterprise_id) for h in found.hits if str(h.enterprise_id) in chosen]
                query = urlencode({"factories": ",".join(ids), "title": found.query[:200]})
                ui.navigate.to(f"/rfqs/new?{query}")

            ui.button(t("alliance.send_rfq"), icon="send", on_click=send).props(
                "color=teal-8 no-caps"
            ).mark("alliance-send-rfq")


def profile_card(ctx: PageContext, p: ProfileRead) -> None:
    with section("alliance.profile").mark("alliance-profile"):
        field_grid(
            [
                ("alliance.segment", segment_name(p.segment)),
                ("alliance.joined_at", fmt_date(p.joined_at, ctx.tz) if p.member else "—"),
                ("alliance.processes", "、".join(p.processes) or "—"),
                ("alliance.materials", "、".join(p.materials) or "—"),
                ("alliance.languages", ", ".join(p.languages) or "—"),
                ("alliance.capacity", f"{p.capacity} {p.capacity_unit}" if p.capacity else "—"),
                ("alliance.lead_time", p.lead_time_days if p.lead_time_days is not None else "—"),
            ]
        )
        if p.description:
            ui.label(p.description).classes("text-sm whitespace-pre-wrap").mark("description")
        ui.label(t("alliance.from_catalogue")).classes("text-sm font-medium text-teal-900 mt-2")
        field_grid(
            [
                ("alliance.processes", "、".join(p.catalogue_processes) or "—"),
                ("alliance.materials", "、".join(p.catalogue_materials) or "—"),
                ("alliance.machines", ", ".join(p.machines) or "—"),
            ]
        )
        certs = [
            f"{c.standard} ("
            + (t("alliance.valid_until", day=c.expires.isoformat()) if c.expires else "—")
            + ("" if c.valid else f", {t('alliance.expired')}")
            + ")"
            for c in p.certifications
        ]
        field_grid([("alliance.certifications", " · ".join(certs) or "—")])


def warm_index() -> None:
    """Build the members' index in a worker thread: the first build of a process loads the
    term dictionary (seconds), which would otherwise hold up the server's event loop."""
    with db() as session:
        service.member_index(session)


async def built_off_the_loop() -> bool:
    """The page goes to the browser first (with its spinner), then the index is built off
    the event loop; False when no browser took the page up."""
    try:
        await ui.context.client.connected(timeout=CONNECT_SECONDS)
    except TimeoutError:
        return False
    await run.io_bound(warm_index)
    return True


def search_results(ctx: PageContext, q: str, certification: str, region: str) -> None:
    try:
        found = service.search_partners(
            ctx.session, actor=ctx.actor, q=q, certification=certification or None,
            region=region or None, lang=ctx.lang,
        )  # fmt: skip
    except DomainError as exc:
        ui.label(error_text(exc)).classes("text-red-8").mark("alliance-error")
        return
    results(ctx, found)


def register() -> None:
    @guarded_page(
        "/alliance", title="alliance.page_search", permission="alliance:search", of_own_firm=False
    )
    async def search_page(
        ctx: PageContext, q: str = "", certification: str = "", region: str = ""
    ) -> None:
        ui.label(t("alliance.intro")).classes("text-sm text-grey-8 max-w-4xl")
        search_form(q, certification, region)
        if not q:
            return
        holder = ui.column().classes("w-full")
        with holder:
            ui.spinner(size="md")
        if not await built_off_the_loop():
            return
        holder.clear()
        with holder:
            search_results(ctx, q, certification, region)

    @guarded_page("/alliance/firms/{enterprise_id}")
    def firm_page(ctx: PageContext, enterprise_id: str) -> None:
        p = found(ctx, "alliance.member", lambda: service.get_profile(
            ctx.session, actor=ctx.actor, enterprise_id=uuid.UUID(enterprise_id), lang=ctx.lang,
        ))  # fmt: skip
        if p is None:
            return
        frame(ctx, "alliance.page_firm", name=p.name)
        profile_card(ctx, p)

    @guarded_page("/alliance/profile")
    def own_profile(ctx: PageContext) -> None:
        if ctx.kind == EnterpriseKind.ZONE_OFFICE:
            forbidden(ctx)
            return
        frame(ctx, "alliance.page_profile")
        p = service.get_profile(ctx.session, actor=ctx.actor, lang=ctx.lang)
        profile_body(ctx, p, profile_card)

    @guarded_page("/alliance/chain", title="alliance.page_chain", permission="alliance_chain:read")
    def chain_page(ctx: PageContext) -> None:
        firm_chain_body(ctx)

    @guarded_page(
        "/zone/alliance",
        title="alliance.page_zone",
        permission="alliance_chain:zone",
        of_own_firm=False,
    )
    async def zone_page(ctx: PageContext) -> None:
        holder = ui.column().classes("w-full")
        with holder:
            ui.spinner(size="md")
        if not await built_off_the_loop():  # the gaps' candidates are searched in the index
            return
        holder.clear()
        with holder:
            zone_chain_body(ctx)
