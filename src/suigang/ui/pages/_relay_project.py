"""The body of ``/relay/{id}``: a project as its participants see it."""

from __future__ import annotations

from nicegui import ui

from suigang.domains.common import Ref
from suigang.domains.identity.permissions import can
from suigang.domains.relay import service
from suigang.domains.relay.schemas import (
    EventRead,
    HandoverRead,
    LevelEvidenceRead,
    RelayProjectRead,
    ShortfallRead,
)
from suigang.ui.context import PageContext, app_settings, fmt_date, fmt_datetime, run_action
from suigang.ui.frame import Status, data_table, field_grid, section
from suigang.ui.i18n import t
from suigang.ui.pages._relay_forms import (
    attach_section,
    claim_section,
    handover_form,
    pending_card,
)


def thread_name(thread: str, lang: str) -> str:
    th = service.relay_config().thread(thread)
    name = {"zh-Hans": th.name_zh_hans, "zh-Hant": th.name_zh_hant}.get(lang) or th.name
    return f"{th.id} {name}"


def shortfall_text(s: ShortfallRead, lang: str) -> str:
    """A gate shortfall in the reader's language (the engine's message is English)."""
    threads = "、".join(thread_name(x, lang) for x in s.threads_missing)
    return t(
        f"relay.lack.{s.lack}", scale=s.scale, level=s.level, claimed=s.claimed, threads=threads
    )


def resource(p: RelayProjectRead) -> Ref:
    """The project as ``can`` sees it: owned by the holder, addressed to the others."""
    holder = p.baton_holder.id
    return Ref(holder, tuple(x.id for x in p.participants if x.id != holder))


def project_body(ctx: PageContext, p: RelayProjectRead) -> None:
    ref = resource(p)
    active = p.status.value == "active"
    pending = next((h for h in p.handovers if h.status.value == "pending"), None)
    head(ctx, p)
    if pending is not None:
        pending_card(ctx, p, pending)
    gate_section(ctx, p, ref, active and pending is None)
    if active and can(ctx.actor, "relay_project:update", ref):
        claim_section(ctx, p)
    evidence_section(ctx, p, ref, active)
    checklist_section(ctx, p)
    handovers_section(ctx, p.handovers)
    timeline_section(ctx, p.timeline)


def head(ctx: PageContext, p: RelayProjectRead) -> None:
    sep = ", " if ctx.lang == "en" else "、"
    with ui.card().classes("w-full"):
        if p.stalled:
            ui.label(t("relay.stalled", days=p.idle_days, limit=p.stall_limit_days)).classes(
                "text-red-8 font-medium"
            ).mark("stalled")
        field_grid(
            [
                ("relay.leg", f"{t('relay.leg_n', n=p.leg)} · {p.leg_name}"),
                ("relay.status", Status(p.status.value, "relay.status")),
                ("relay.holder", p.baton_holder.name),
                ("relay.participants", sep.join(x.name for x in p.participants)),
                ("relay.holders", " → ".join(x.name for x in p.holders)),
                ("relay.trl", "—" if p.trl is None else f"TRL {p.trl}"),
                ("relay.mrl", "—" if p.mrl is None else f"MRL {p.mrl}"),
                ("relay.started", fmt_date(p.started_at, ctx.tz)),
                ("relay.leg_started", fmt_date(p.leg_started_at, ctx.tz)),
                ("relay.last_moved", fmt_date(p.last_moved_at, ctx.tz)),
            ]
        )
        if p.description:
            ui.label(p.description).classes("text-sm text-grey-8 whitespace-pre-line")


def gate_section(ctx: PageContext, p: RelayProjectRead, ref: Ref, may_pass: bool) -> None:
    gate = p.gate
    with section("relay.gate").mark("gate"):
        if gate.to_leg is not None:
            ui.label(f"{t('relay.gate_to', n=gate.to_leg)}: {' + '.join(gate.criteria)}").classes(
                "text-sm font-medium"
            )
            ui.label(gate.description).classes("text-xs text-grey-7")  # the configuration's words
        colour = {"pass": "text-green-8", "refused": "text-orange-9"}.get(gate.status, "")
        ui.label(t(f"relay.gate.{gate.status}")).classes(f"font-medium {colour}").mark(
            f"gate-{gate.status}"
        )
        for s in gate.shortfalls:
            ui.label("• " + shortfall_text(s, ctx.lang)).classes("text-sm").mark("shortfall")
        if may_pass and gate.status == "pass" and can(ctx.actor, "relay_handover:request", ref):
            handover_form(ctx, p)


def figure_text(item: LevelEvidenceRead) -> str:
    ev = item.evidence
    if ev.kind.value != "platform_data":
        return ""

    def shown(x: float | None) -> str:
        return "—" if x is None else f"{x:.3f}".rstrip("0").rstrip(".")

    return t(
        "relay.figure_then_now", name=ev.figure_name, then=shown(ev.figure_attached),
        now=shown(ev.figure),
    )  # fmt: skip


def evidence_section(ctx: PageContext, p: RelayProjectRead, ref: Ref, active: bool) -> None:
    writable = active and can(ctx.actor, "relay_evidence:write", ref)
    with section("relay.evidence").mark("evidence"):
        if not p.evidence:
            ui.label(t("relay.no_evidence")).classes("text-grey-7 italic")
        with ui.column().classes("w-full gap-1"):
            for item in p.evidence:
                evidence_row(ctx, p, item, writable)
        if writable:
            attach_section(ctx, p)


def evidence_row(
    ctx: PageContext, p: RelayProjectRead, item: LevelEvidenceRead, writable: bool
) -> None:
    ev = item.evidence
    threads = f" · {', '.join(item.threads)}" if item.threads else ""
    with ui.row().classes("w-full items-center gap-3 border-b border-gray-200 py-1 text-sm"):
        ui.label(f"{item.scale} {item.level}{threads}").classes("w-28 font-medium")
        ui.label(t(f"relay.kind.{ev.kind.value}")).classes("w-24 text-grey-8")
        ui.label(ev.title).classes("font-medium").mark("evidence-title")
        if ev.kind.value == "review" and ev.note:
            ui.label(ev.note).classes("text-grey-8")
        if ev.kind.value == "platform_data":
            ui.label(figure_text(item)).classes("text-teal-900").mark("evidence-figure")
        ui.space()
        ui.label(f"{ev.created_by} · {fmt_datetime(ev.created_at, ctx.tz)}").classes(
            "text-xs text-grey-7"
        )
        if ev.kind.value == "document":

            def download(evidence_id=ev.id) -> None:  # type: ignore[no-untyped-def]
                doc = run_action(
                    lambda s, a: service.project_document(
                        s, settings=app_settings(), actor=a, project_id=p.id,
                        evidence_id=evidence_id,
                    )
                )  # fmt: skip
                if doc is not None:
                    ui.download(doc.content, doc.filename, doc.media_type)

            ui.button(t("relay.download"), icon="download", on_click=download).props(
                "flat dense no-caps"
            ).mark("evidence-download")
        if ev.kind.value == "platform_data" and writable:

            def refresh(evidence_id=ev.id) -> None:  # type: ignore[no-untyped-def]
                from suigang.ui.frame import run_then_reload

                run_then_reload(
                    lambda s, a: service.refresh_link(
                        s, actor=a, project_id=p.id, evidence_id=evidence_id
                    ),
                    t("relay.refreshed"),
                    type="positive",
                )

            ui.button(t("relay.refresh"), icon="refresh", on_click=refresh).props(
                "flat dense no-caps"
            ).mark("evidence-refresh")


def checklist_section(ctx: PageContext, p: RelayProjectRead) -> None:
    if p.checklist_level is None:
        return
    card = ui.card().classes("w-full")
    with card:
        ui.label(t("relay.checklist", level=p.checklist_level)).classes(
            "text-lg font-medium text-teal-900"
        )
        with ui.grid(columns="max-content 1fr").classes("gap-x-6 gap-y-1 text-sm"):
            for item in p.checklist:
                ui.label(thread_name(item.thread, ctx.lang))
                covered = bool(item.evidence_ids)
                ui.label(t("relay.covered" if covered else "relay.uncovered")).classes(
                    "text-green-8" if covered else "text-grey-6"
                ).mark("checklist-covered" if covered else "checklist-open")


def handovers_section(ctx: PageContext, handovers: list[HandoverRead]) -> None:
    with section("relay.handovers"):
        data_table(
            [t("relay.pass"), t("relay.status"), t("relay.when"), t("relay.reason")],
            [
                (
                    t(
                        "relay.handover_line",
                        a=h.from_leg,
                        b=h.to_leg,
                        from_firm=h.from_holder.name,
                        to_firm=h.to_holder.name,
                    ),
                    t(f"relay.handover.{h.status.value}"),
                    fmt_date(h.requested_at, ctx.tz)
                    + (f" → {fmt_date(h.decided_at, ctx.tz)}" if h.decided_at else ""),
                    h.reason or h.note,
                )
                for h in handovers
            ],
            empty_key="relay.none",
        )


def event_detail(e: EventRead) -> str:
    d = e.details
    if e.kind == "claimed":
        return f"{d.get('scale')} {d.get('level')}"
    if e.kind in ("evidence_attached", "evidence_refreshed"):
        where = f" ({d['scale']} {d['level']})" if "scale" in d else ""
        figure = f" · {d['figure_name']} {d['figure']}" if "figure" in d else ""
        return f"{d.get('title', '')}{where}{figure}"
    if e.kind == "handover_requested":
        return f"→ {d.get('to', '')} ({t('relay.leg_n', n=d.get('to_leg', ''))})"
    if e.kind == "handover_accepted":
        return f"{d.get('holder', '')} ({t('relay.leg_n', n=d.get('to_leg', ''))})"
    if e.kind == "created":
        return f"{t('relay.leg_n', n=d.get('leg', ''))} · {d.get('holder', '')}"
    return str(d.get("reason") or d.get("firm") or "")


def timeline_section(ctx: PageContext, events: list[EventRead]) -> None:
    with section("relay.timeline").mark("timeline"), ui.timeline(side="right").classes("w-full"):
        for e in reversed(events):
            ui.timeline_entry(
                event_detail(e),
                title=t(f"relay.event.{e.kind}"),
                subtitle=f"{fmt_datetime(e.at, ctx.tz)} · {e.firm or e.actor}",
            )
