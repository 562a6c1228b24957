"""The forms of a relay project's page: claim a level, attach evidence, offer the baton, and
answer an offer (take it, refuse it, or withdraw it)."""

from __future__ import annotations

import uuid

from nicegui import events, ui

from suigang.domains.catalog.service import list_machines
from suigang.domains.evidence.models import LinkKind
from suigang.domains.identity.models import EnterpriseKind
from suigang.domains.identity.permissions import can
from suigang.domains.identity.service import list_enterprises
from suigang.domains.quality.service import list_quality_lots
from suigang.domains.relay import service
from suigang.domains.relay.schemas import HandoverRead, LevelRef, RelayProjectRead
from suigang.ui.context import PageContext, app_settings, run_action
from suigang.ui.frame import run_then_reload
from suigang.ui.i18n import t

SCALES = {"TRL": "TRL", "MRL": "MRL"}


LEVELS = {n: str(n) for n in range(1, 11)}  # TRL 1–9, MRL 1–10: the use case checks the top


def claim_section(ctx: PageContext, p: RelayProjectRead) -> None:
    with ui.card().classes("w-full").mark("claim"):
        ui.label(t("relay.claim")).classes("text-lg font-medium text-teal-900")
        with ui.row().classes("items-end gap-3"):
            scale = ui.select(SCALES, value="TRL", label=t("relay.scale")).classes("w-28")
            level = ui.select(LEVELS, value=p.trl or 1, label=t("relay.level"))
            level.classes("w-32").mark("claim-level")
            scale.mark("claim-scale")

            def claim() -> None:
                run_then_reload(
                    lambda s, a: service.claim_level(
                        s, actor=a, project_id=p.id, scale=scale.value, level=int(level.value)
                    ),
                    t("relay.claimed_ok", scale=scale.value, level=level.value),
                    type="positive",
                )

            ui.button(t("relay.claim_button"), on_click=claim).props("color=teal-8 no-caps").mark(
                "claim-button"
            )


def _thread_options(lang: str) -> dict[str, str]:
    out = {}
    for th in service.relay_config().threads:
        name = {"zh-Hans": th.name_zh_hans, "zh-Hant": th.name_zh_hant}.get(lang) or th.name
        out[th.id] = f"{th.id} {name}"
    return out


def _link_targets(ctx: PageContext) -> dict[str, str]:
    """The lots (with quality data) and machines the viewer's firm may link."""
    options: dict[str, str] = {}
    lots, _ = list_quality_lots(ctx.session, actor=ctx.actor, limit=100)
    for item in lots:
        if item.measurements or item.visual.inspected:
            options[f"lot:{item.lot.id}"] = f"{t('relay.link_lot')} · {item.lot.number}"
    if can(ctx.actor, "machine:read", _own(ctx)):
        machines, _ = list_machines(ctx.session, actor=ctx.actor, limit=200)
        for m in machines:
            options[f"machine_oee:{m.id}"] = f"{t('relay.link_machine')} · {m.code} {m.name}"
    return options


def _own(ctx: PageContext):  # type: ignore[no-untyped-def]
    from suigang.domains.common import owned_by

    return owned_by(ctx.actor.enterprise_id)


def attach_section(ctx: PageContext, p: RelayProjectRead) -> None:
    settings = app_settings()
    with ui.card().classes("w-full bg-grey-1").mark("attach"):
        ui.label(t("relay.attach")).classes("text-base font-medium text-teal-900")
        with ui.row().classes("items-end gap-3"):
            scale = ui.select(SCALES, value="MRL" if p.mrl else "TRL", label=t("relay.scale"))
            scale.classes("w-28").mark("evidence-scale")
            level = ui.select(LEVELS, value=p.mrl or p.trl or 1, label=t("relay.level"))
            level.classes("w-32").mark("evidence-level")
            threads = (
                ui.select(
                    _thread_options(ctx.lang), multiple=True, value=[], label=t("relay.threads")
                )
                .classes("w-96")
                .props("use-chips")
                .mark("evidence-threads")
            )
            title = ui.input(t("relay.title")).classes("w-72").mark("evidence-title-input")

        def where() -> LevelRef:
            chosen = list(threads.value or []) if scale.value == "MRL" else []
            return LevelRef(scale=scale.value, level=int(level.value), threads=chosen)

        with ui.tabs().classes("w-full") as tabs:
            doc_tab = ui.tab(t("relay.kind.document")).mark("tab-document")
            link_tab = ui.tab(t("relay.kind.platform_data")).mark("tab-link")
            review_tab = ui.tab(t("relay.kind.review")).mark("tab-review")
        with ui.tab_panels(tabs, value=doc_tab).classes("w-full bg-grey-1"):
            with ui.tab_panel(doc_tab):
                mb = settings.evidence_max_bytes / 1_000_000
                ui.label(t("relay.upload_hint", mb=f"{mb:g}")).classes("text-xs text-grey-7")

                async def uploaded(e: events.UploadEventArguments) -> None:
                    content = await e.file.read()
                    run_then_reload(
                        lambda s, a: service.attach_document(
                            s,
                            settings=settings,
                            actor=a,
                            project_id=p.id,
                            level=where(),
                            content=content,
                            filename=e.file.name,
                            title=title.value or "",
                        ),
                        t("relay.attached"),
                        type="positive",
                    )

                ui.upload(
                    on_upload=uploaded,
                    auto_upload=True,
                    max_file_size=settings.evidence_max_bytes,
                    on_rejected=lambda: ui.notify(
                        t("relay.upload_hint", mb=f"{mb:g}"), type="negative"
                    ),
                ).props("accept=.pdf,.png,.jpg,.jpeg flat bordered").classes("w-96").mark(
                    "evidence-upload"
                )
            with ui.tab_panel(link_tab):
                targets = _link_targets(ctx)
                if not targets:
                    ui.label(t("relay.no_links")).classes("text-grey-7 italic")
                else:
                    target = ui.select(targets, label=t("relay.link_target")).classes("w-[32rem]")
                    target.mark("link-target")

                    def link() -> None:
                        if not target.value:
                            return
                        kind, ident = str(target.value).split(":", 1)
                        run_then_reload(
                            lambda s, a: service.attach_link(
                                s,
                                actor=a,
                                project_id=p.id,
                                level=where(),
                                link_kind=LinkKind(kind),
                                ref=uuid.UUID(ident),
                                title=title.value or "",
                            ),
                            t("relay.attached"),
                            type="positive",
                        )

                    ui.button(t("relay.link_button"), icon="link", on_click=link).props(
                        "color=teal-8 no-caps"
                    ).mark("link-button")
            with ui.tab_panel(review_tab):
                note = ui.textarea(t("relay.note")).classes("w-full").mark("review-note")

                def review() -> None:
                    run_then_reload(
                        lambda s, a: service.attach_review(
                            s,
                            actor=a,
                            project_id=p.id,
                            level=where(),
                            title=title.value or "",
                            note=note.value or "",
                        ),
                        t("relay.attached"),
                        type="positive",
                    )

                ui.button(t("relay.review_button"), on_click=review).props(
                    "color=teal-8 no-caps"
                ).mark("review-button")


def handover_form(ctx: PageContext, p: RelayProjectRead) -> None:
    firms, _ = list_enterprises(ctx.session, actor=ctx.actor, limit=500)
    options = {
        f.id: f"{f.name(ctx.lang)} ({t('kind.' + f.kind.value)})"
        for f in firms
        if f.kind is not EnterpriseKind.ZONE_OFFICE and f.id != p.baton_holder.id
    }
    with ui.row().classes("items-end gap-3").mark("handover"):
        to = ui.select(options, label=t("relay.handover_to"), with_input=True).classes("w-[32rem]")
        to.mark("handover-to")

        def offer() -> None:
            if not to.value:
                return
            run_then_reload(
                lambda s, a: service.request_handover(
                    s, actor=a, project_id=p.id, to_enterprise_id=to.value
                ),
                t("relay.handover_sent", firm=options[to.value]),
                type="positive",
            )

        ui.button(t("relay.handover_button"), icon="sports_handball", on_click=offer).props(
            "color=teal-8 no-caps"
        ).mark("handover-button")


def pending_card(ctx: PageContext, p: RelayProjectRead, h: HandoverRead) -> None:
    me = ctx.actor.enterprise_id
    with ui.card().classes("w-full bg-amber-1").mark("pending-handover"):
        if me == h.to_holder.id:
            text = t("relay.offer_waiting", firm=h.from_holder.name, n=h.to_leg)
        else:
            text = t("relay.offer_sent", firm=h.to_holder.name, n=h.to_leg)
        ui.label(text).classes("text-base font-medium")
        if h.note:
            ui.label(h.note).classes("text-sm text-grey-8")
        if me == h.to_holder.id:
            if ctx.actor.role != "admin":
                ui.label(t("relay.admin_decides")).classes("text-sm text-grey-7")
                return
            reason = ui.input(t("relay.reason")).classes("w-96").mark("refuse-reason")
            with ui.row().classes("gap-3"):

                def accept() -> None:
                    run_then_reload(
                        lambda s, a: service.accept_handover(s, actor=a, handover_id=h.id),
                        t("relay.accepted"),
                        type="positive",
                    )

                def refuse() -> None:
                    done = run_action(
                        lambda s, a: service.refuse_handover(
                            s, actor=a, handover_id=h.id, reason=reason.value or ""
                        )
                    )
                    if done is not None:
                        ui.navigate.to("/relay")

                ui.button(t("relay.accept"), icon="check", on_click=accept).props(
                    "color=teal-8 no-caps"
                ).mark("accept-handover")
                ui.button(t("relay.refuse"), on_click=refuse).props("flat no-caps").mark(
                    "refuse-handover"
                )
        elif me == h.from_holder.id:

            def withdraw() -> None:
                run_then_reload(
                    lambda s, a: service.withdraw_handover(s, actor=a, handover_id=h.id),
                    t("relay.withdrawn"),
                )

            ui.button(t("relay.withdraw"), on_click=withdraw).props("flat no-caps").mark(
                "withdraw-handover"
            )
