"""``/quality``: the lots whose quality the viewer may see; ``/lots/{id}/quality``: a lot's
charts (violations in red), capability, alarms, visual inspection results and certificate."""

from __future__ import annotations

import base64
import uuid

from nicegui import run, ui

from suigang.domains.identity.models import EnterpriseKind
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.quality import certificates, service
from suigang.domains.quality.access import LotScope, lot_scope
from suigang.domains.quality.schemas import CharacteristicQuality, LotQuality
from suigang.errors import DomainError, NotFound
from suigang.ui.components.quality import num, panel_name
from suigang.ui.context import PageContext, db, page_context
from suigang.ui.frame import (
    Link,
    add_navigation,
    data_table,
    field_grid,
    frame,
    not_found,
    pager,
    section,
)
from suigang.ui.guard import guarded_page
from suigang.ui.i18n import add_labels, t
from suigang.ui.messages import error_text, refusal
from suigang.ui.pages._quality_alarms import alarms_section
from suigang.ui.pages._quality_labels import LABELS
from suigang.ui.pages._quality_visual import visual_section

LIMIT = 20
CONNECT_SECONDS = 30.0  # a lot page waits this long for its browser before drawing charts


add_labels(LABELS)
add_navigation(EnterpriseKind.FRONT_SHOP, "/quality", "quality.nav", "verified")
add_navigation(EnterpriseKind.FACTORY, "/quality", "quality.nav", "verified")

STATUS_COLOURS = {"in_control": "green", "out_of_control": "red", "undefined": "grey"}


CHART_NAMES = {
    "xbar-r": "X̄–R",
    "xbar-s": "X̄–S",
    "imr": "I–MR",
    "p": "p",
    "np": "np",
    "c": "c",
    "u": "u",
    "ewma": "EWMA",
    "cusum": "CUSUM",
}


def _chart_label(kind: str, phase: str) -> str:
    """ "X̄–R (phase I: limits from this lot)": the chart's usual name and where its limits
    come from."""
    name = CHART_NAMES.get(kind, kind)
    return f"{name} ({t(f'quality.phase.{phase}')})" if phase in ("I", "II") else name


def register() -> None:
    @guarded_page("/quality", title="quality.page_list")
    def quality_list(ctx: PageContext, lots: int = 0) -> None:
        offset = max(0, lots)
        rows, total = service.list_quality_lots(
            ctx.session, actor=ctx.actor, offset=offset, limit=LIMIT
        )
        pager("lots", offset, len(rows), total, LIMIT)
        data_table(
            [
                t("quality.lot"),
                t("quality.order"),
                t("quality.measurements"),
                t("quality.alarms"),
                t("quality.visual_inspected"),
                t("quality.pass_rate"),
            ],
            [
                (
                    Link(r.lot.number, f"/lots/{r.lot.id}/quality"),
                    Link(r.order.number, f"/orders/{r.order.id}"),
                    r.measurements,
                    r.alarms,
                    r.visual.inspected,
                    "—" if r.visual.pass_rate is None else f"{r.visual.pass_rate:.1%}",
                )
                for r in rows
            ],
            empty_key="quality.no_lots",
        )

    @guarded_page("/lots/{lot_id}/quality")
    async def lot_page(ctx: PageContext, lot_id: str) -> None:
        try:
            lot_uuid = uuid.UUID(lot_id)
            scope = lot_scope(ctx.session, actor=ctx.actor, lot_id=lot_uuid)
        except (NotFound, ValueError):
            not_found(ctx, "quality.lot")
            return
        actor, reader_lang = ctx.actor, ctx.lang
        frame(ctx, "quality.page_lot", number=scope.lot.number)
        body = ui.column().classes("w-full")
        with body, ui.row().classes("items-center gap-2 text-grey-7"):
            ui.spinner(size="md")
            ui.label(t("quality.drawing")).mark("charts-drawing")
        ctx.session.close()  # no connection held while the browser comes and charts are drawn
        # The page goes to the browser first; drawing the charts takes a moment (longer than
        # a page may take to build on a cold or busy server), off the event loop, which
        # serves everyone. The lot's details then replace the spinner.
        try:
            await ui.context.client.connected(timeout=CONNECT_SECONDS)
        except TimeoutError:  # no browser took the page up: nothing to draw for
            return
        pngs = await run.io_bound(_chart_pngs, actor, lot_uuid, reader_lang) or {}
        with page_context() as now:
            if now is None:  # signed out meanwhile
                return
            scope = lot_scope(now.session, actor=now.actor, lot_id=lot_uuid)
            quality = service.lot_quality(now.session, actor=now.actor, lot_id=lot_uuid)
            body.clear()
            with body:
                lot_details(now, scope, quality, pngs)


def _chart_pngs(actor: Actor, lot_id: uuid.UUID, lang: str = "en") -> dict[uuid.UUID, bytes]:
    """The PNG of every chart of the lot that can be drawn, in ``lang`` (a worker thread)."""
    with db() as session:
        quality = service.lot_quality(session, actor=actor, lot_id=lot_id)
        return {
            item.characteristic.id: service.chart_png(
                session,
                actor=actor,
                lot_id=lot_id,
                characteristic_id=item.characteristic.id,
                lang=lang,
            )
            for item in quality.characteristics
            if item.chart.status != "undefined"
        }


def lot_details(
    ctx: PageContext, scope: LotScope, quality: LotQuality, pngs: dict[uuid.UUID, bytes]
) -> None:
    with ui.row().classes("gap-6 text-sm"):
        ui.link(f"{t('quality.order')} {scope.order.number}", f"/orders/{scope.order.id}")
    with section("quality.characteristics"):
        if not quality.characteristics:
            ui.label(t("quality.no_characteristics")).classes("text-grey-7 italic")
        for item in quality.characteristics:
            characteristic_card(item, pngs.get(item.characteristic.id))
    alarms_section(ctx, scope, quality)
    visual_section(ctx, scope, quality)
    if can(ctx.actor, "certificate:read", scope):
        certificate_section(ctx, scope)


def characteristic_card(item: CharacteristicQuality, png: bytes | None) -> None:
    char, chart, cap = item.characteristic, item.chart, item.capability
    unit = f" {char.unit}" if char.unit else ""
    with ui.card().classes("w-full").props("flat bordered"):
        with ui.row().classes("items-center gap-4"):
            ui.label(f"{char.name}{unit}").classes("font-medium").mark("characteristic")
            ui.badge(t(f"quality.{chart.status}"), color=STATUS_COLOURS[chart.status]).props(
                "outline"
            ).mark(f"chart-status-{chart.status}")
        field_grid(
            [
                ("quality.spec", f"{num(char.lsl, 4)} … {num(char.usl, 4)}{unit}"),
                ("quality.chart", _chart_label(chart.kind.value, chart.phase)),
                ("quality.values", item.values),
                ("quality.out_of_spec", item.out_of_spec),
            ]
        )
        if chart.status == "undefined" or png is None:
            message = chart.message if item.values else t("quality.no_measurements")
            ui.label(message).classes("text-sm text-grey-7").mark("chart-message")
            return
        ui.image(f"data:image/png;base64,{base64.b64encode(png).decode()}").classes(
            "w-full max-w-3xl"
        ).mark("chart-image")
        if chart.violations:
            ui.label(t("quality.violations")).classes("text-sm font-medium text-negative")
            data_table(
                [t("quality.point"), t("quality.panel"), t("quality.rule"), t("quality.value")],
                [
                    (
                        chart.labels[v.point],
                        panel_name(v.panel),
                        v.rule,
                        num(_panel_value(item, v.panel, v.point), 4),
                    )
                    for v in chart.violations
                ],
                empty_key="quality.no_alarms",
            )
        if cap.status == "ok":
            ui.label(t("quality.capability")).classes("text-sm font-medium")
            data_table(
                ["n", "Cp", "Cpk", "Pp", "Ppk"],
                [(cap.n, num(cap.cp), num(cap.cpk), num(cap.pp), num(cap.ppk))],
                empty_key="quality.no_alarms",
            )


def _panel_value(item: CharacteristicQuality, panel: str, point: int) -> float | None:
    for p in item.chart.panels:
        if p.name == panel:
            return p.values[point]
    return None


def _issue_certificate(actor: Actor, lot_id: uuid.UUID) -> tuple[str, bytes] | DomainError:
    """Issue (or fetch) the certificate in a worker thread: its number and PDF, or why not."""
    with db() as session:
        try:
            cert = certificates.lot_certificate(session, actor=actor, lot_id=lot_id)
        except DomainError as exc:
            return exc
        return cert.number, cert.pdf


def certificate_section(ctx: PageContext, scope: LotScope) -> None:
    lot_id, actor = scope.lot.id, ctx.actor

    async def download() -> None:
        # rendering charts into a PDF takes a moment: off the event loop
        result = await run.io_bound(_issue_certificate, actor, lot_id)
        if isinstance(result, DomainError) or result is None:
            text = error_text(result) if result is not None else "—"
            ui.notify(refusal(text), type="negative", multi_line=True)
            return
        number, pdf = result
        ui.download(pdf, f"{number}.pdf", "application/pdf")

    with section("quality.certificate"):
        ui.label(t("quality.certificate_note")).classes("text-sm text-grey-7")
        ui.button(
            t("quality.download_certificate"), icon="picture_as_pdf", on_click=download
        ).props("color=teal-8 no-caps").mark("certificate-download")
