"""The alarms of a lot's quality page: each rule that fired, its disposition, and for the
factory's people a dialog to record one (release or reject the parts, with the reason)."""

from __future__ import annotations

import uuid
from functools import partial

from nicegui import ui

from suigang.domains.identity.permissions import can
from suigang.domains.quality import service
from suigang.domains.quality.access import LotScope
from suigang.domains.quality.models import AlarmDecision
from suigang.domains.quality.schemas import AlarmRead, LotQuality
from suigang.ui.components.quality import num, panel_name
from suigang.ui.context import PageContext, fmt_datetime
from suigang.ui.frame import Drawn, run_then_reload, section, table, table_row
from suigang.ui.i18n import LABELS, LANGS, add_labels, t

_LABELS: dict[str, tuple[str, str, str]] = {
    "quality.disposition": ("处置", "處置", "Disposition"),
    "quality.disposition_open": ("待处置", "待處置", "Awaiting disposition"),
    "quality.disposition.release": ("放行", "放行", "Released"),
    "quality.disposition.reject": ("拒收", "拒收", "Rejected"),
    "quality.dispose": ("处置", "處置", "Dispose"),
    "quality.dispose_title": (
        "处置报警：{characteristic} · {rule} · 子组 {subgroup}",
        "處置警報：{characteristic} · {rule} · 子組 {subgroup}",
        "Disposition of the alarm: {characteristic} · {rule} · subgroup {subgroup}",
    ),
    "quality.dispose_reason": (
        "发现了什么、做了什么",
        "發現了甚麼、做了甚麼",
        "What was found and done",
    ),
    "quality.release": ("放行零件", "放行零件", "Release the parts"),
    "quality.reject": ("拒收零件", "拒收零件", "Reject the parts"),
    "quality.disposed": ("处置已记录", "處置已記錄", "Disposition recorded"),
    "quality.alarms_note": (
        "失控报警经处置前，质量证书不判定合格。",
        "失控警報經處置前，品質證書不判定合格。",
        "A certificate does not accept the lot while an alarm awaits its disposition.",
    ),
}
# the test harness may import this module again; the same labels again are fine
add_labels({k: v for k, v in _LABELS.items() if LABELS.get(k) != dict(zip(LANGS, v, strict=True))})


def alarms_section(ctx: PageContext, scope: LotScope, quality: LotQuality) -> None:
    """The lot's alarms with their dispositions; a factory user may dispose of each."""
    names = {c.characteristic.id: c.characteristic.name for c in quality.characteristics}
    disposer = can(ctx.actor, "quality_alarm:dispose", scope)
    headers = ("fired_at", "characteristic", "panel", "subgroup", "rule", "value", "disposition")
    with section("quality.alarms"):
        if not quality.alarms:
            ui.label(t("quality.no_alarms")).classes("text-grey-7 italic")
            return
        ui.label(t("quality.alarms_note")).classes("text-xs text-grey-7")
        with table([t(f"quality.{h}") for h in headers]):
            for a in quality.alarms:
                name = names.get(a.characteristic_id, "—")
                table_row(
                    [
                        fmt_datetime(a.fired_at, ctx.tz),
                        name,
                        panel_name(a.panel),
                        a.subgroup,
                        a.rule,
                        num(a.value, 4),
                        Drawn(partial(disposition_cell, a, name, disposer)),
                    ]
                )


def disposition_cell(a: AlarmRead, name: str, disposer: bool) -> None:
    d = a.disposition
    if d is None:
        ui.label(t("quality.disposition_open")).classes("text-orange-9").mark("alarm-open")
    else:
        ui.label(f"{t(f'quality.disposition.{d.decision.value}')}: {d.reason}").mark(
            f"alarm-{d.decision.value}"
        )
        ui.label(d.decided_by).classes("text-xs text-grey-7")
    if not disposer:
        return
    alarm_id, key = a.id, f"{a.panel}-{a.subgroup}"
    with ui.dialog() as dialog, ui.card():
        ui.label(t("quality.dispose_title", characteristic=name, rule=a.rule, subgroup=a.subgroup))
        reason = ui.input(t("quality.dispose_reason")).classes("w-96").mark(f"dispose-reason-{key}")

        def dispose(decision: AlarmDecision, aid: uuid.UUID = alarm_id) -> None:
            run_then_reload(
                lambda s, actor: service.dispose_alarm(
                    s, actor=actor, alarm_id=aid, decision=decision, reason=reason.value or ""
                ),
                t("quality.disposed"),
                type="positive",
            )

        with ui.row():
            ui.button(t("quality.release"), on_click=lambda: dispose(AlarmDecision.RELEASE)).props(
                "color=teal-8 no-caps"
            ).mark(f"dispose-release-{key}")
            ui.button(t("quality.reject"), on_click=lambda: dispose(AlarmDecision.REJECT)).props(
                "color=red-8 no-caps"
            ).mark(f"dispose-reject-{key}")
    ui.button(t("quality.dispose"), on_click=dialog.open).props("flat dense no-caps").mark(
        f"dispose-{key}"
    )
