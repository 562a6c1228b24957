"""The body of ``/zone/relay``: the zone office's funnel, figures only."""

from __future__ import annotations

from nicegui import ui

from suigang.domains.relay import service
from suigang.ui.context import PageContext, app_settings, fmt_date
from suigang.ui.frame import data_table, section
from suigang.ui.i18n import t


def _share(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"


def _days(x: float | None) -> str:
    return "—" if x is None else f"{x:g}"


def funnel_body(ctx: PageContext) -> None:
    f = service.relay_funnel(
        ctx.session, actor=ctx.actor, lang=ctx.lang,
        after_days=app_settings().relay_stalled_after_days,
    )  # fmt: skip
    ui.label(t("relay.funnel_note")).classes("text-sm text-grey-8")
    ui.label(
        t(
            "relay.totals", projects=f.projects, active=f.active, completed=f.completed,
            dropped=f.dropped,
        )
    ).classes("text-base").mark("relay-totals")  # fmt: skip
    ui.label(t("relay.share", hk=_share(f.share_hk), zone=_share(f.share_zone))).mark("relay-share")
    with section("relay.funnel").mark("funnel"):
        top = max([leg.reached for leg in f.legs] + [1])
        for leg in f.legs:
            name = {"zh-Hans": leg.name_zh_hans, "zh-Hant": leg.name_zh_hant}.get(
                ctx.lang
            ) or leg.name
            with ui.row().classes("w-full items-center gap-3 text-sm"):
                ui.label(t("relay.leg_n", n=leg.leg)).classes("w-16 font-medium")
                ui.label(name).classes("w-96")
                width = max(2, round(420 * leg.reached / top))
                ui.element("div").classes("h-4 bg-teal-600 rounded").style(f"width: {width}px")
                ui.label(f"{leg.reached}").classes("font-medium").mark(f"reached-{leg.leg}")
        data_table(
            [
                t("relay.leg"), t("relay.reached"), t("relay.current"), t("relay.dropped"),
                t("relay.stalled_short"), t("relay.median_days"), t("relay.runs_hk"),
                t("relay.runs_zone"),
            ],
            [
                (
                    t("relay.leg_n", n=leg.leg), leg.reached, leg.current, leg.dropped,
                    leg.stalled, _days(leg.median_days), leg.runs_hk, leg.runs_zone,
                )
                for leg in f.legs
            ],
            empty_key="relay.none",
        )  # fmt: skip
    with section("relay.handover_figures"):
        data_table(
            [
                t("relay.pass"), t("relay.accepted_n"), t("relay.refused_n"),
                t("relay.pending_n"), t("relay.median_days"),
            ],
            [
                (
                    f"{t('relay.leg_n', n=h.from_leg)} → {t('relay.leg_n', n=h.to_leg)}",
                    h.accepted, h.refused, h.pending, _days(h.median_days),
                )
                for h in f.handovers
            ],
            empty_key="relay.none",
        )  # fmt: skip
    with section("relay.stalled_batons").mark("stalled-batons"):
        if not f.stalled:
            ui.label(t("relay.no_stalled")).classes("text-grey-7 italic")
        with ui.grid(columns="auto auto auto auto auto").classes("gap-x-6 gap-y-1 text-sm"):
            for s in f.stalled:
                ui.label(s.title).classes("font-medium").mark("stalled-title")
                ui.label(f"{t('relay.leg_n', n=s.leg)} · {s.leg_name}")
                ui.label(s.baton_holder.name)
                ui.label(
                    f"TRL {'—' if s.trl is None else s.trl} · MRL {'—' if s.mrl is None else s.mrl}"
                    f" · {t('relay.last_moved')} {fmt_date(s.last_moved_at, ctx.tz)}"
                )
                ui.label(t("relay.idle", days=s.idle_days)).classes("text-red-8").mark(
                    "stalled-idle"
                )
