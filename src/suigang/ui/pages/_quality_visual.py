"""A lot's visual inspection results; the factory reviews each verdict, marking a defective
part's region with boxes on the image and naming the defect's kind (training data for the
product's vision model, whose page is linked here)."""

from __future__ import annotations

import uuid

from nicegui import ui

from suigang.domains.identity.permissions import can
from suigang.domains.quality import visual
from suigang.domains.quality.access import LotScope
from suigang.domains.quality.models import ReviewDecision, VisualInspection
from suigang.domains.quality.schemas import LotQuality
from suigang.ui.components.defect_marker import DefectMarker, data_url
from suigang.ui.components.quality import num
from suigang.ui.context import PageContext, fmt_datetime
from suigang.ui.frame import field_grid, run_then_reload, section
from suigang.ui.i18n import t

#: Kinds offered while typing (any other kind may be typed).
KINDS = ("scratch", "spot", "crack", "dent", "burr", "blowhole", "stain", "missing part")


def visual_section(ctx: PageContext, scope: LotScope, quality: LotQuality) -> None:
    stats = quality.visual
    reviewer = can(ctx.actor, "visual_inspection:review", scope)
    with section("quality.visual"):
        field_grid(
            [
                ("quality.inspected", stats.inspected),
                ("quality.passed", stats.passed),
                ("quality.failed", stats.failed),
                ("quality.overruled", stats.overruled),
                (
                    "quality.pass_rate",
                    "—" if stats.pass_rate is None else f"{stats.pass_rate:.1%}",
                ),
            ]
        )
        if can(ctx.actor, "inspection_plan:read", scope):
            ui.link(t("vision.open_models"), f"/quality/vision/{scope.order.product_id}").mark(
                "vision-models-link"
            )
        records = visual.list_visual_inspections(ctx.session, actor=ctx.actor, lot_id=scope.lot.id)
        if not records:
            ui.label(t("quality.no_visual")).classes("text-grey-7 italic")
        for rec in records:
            visual_row(ctx, rec, reviewer)


def visual_row(ctx: PageContext, rec: VisualInspection, reviewer: bool) -> None:
    final = rec.final_verdict.value
    with ui.row().classes("items-center gap-4 text-sm w-full border-b border-gray-200 py-1"):
        ui.label(fmt_datetime(rec.inspected_at, ctx.tz))
        ui.label(f"{t('quality.part')}: {rec.part_ref or '—'}")
        ui.label(f"{t('quality.station')}: {rec.station}")
        ui.label(f"{t('quality.score')}: {num(rec.score)} / {num(rec.threshold)}")
        ui.badge(t(f"quality.verdict_{final}"), color="green" if final == "pass" else "red").props(
            "outline"
        ).mark(f"verdict-{final}")
        if rec.overruled:
            ui.label(t("quality.overruled")).classes("text-orange-8")
        kind = next((r.defect_kind for r in reversed(rec.reviews) if r.defect_kind), "")
        if kind:
            ui.badge(kind, color="grey-7").props("outline").mark("defect-kind")
        if any(r.region_png for r in rec.reviews):
            ui.icon("crop_free", color="red-7").tooltip(t("vision.region_marked")).mark(
                "region-marked"
            )
        if reviewer:
            review_dialog(rec)


def review_dialog(rec: VisualInspection) -> None:
    """The review button; its dialog (built when opened, so a page of many images does not
    carry them all) shows the image to mark, the kind, the reason and confirm/overrule."""
    image, image_type, size, heatmap = (
        rec.image,
        rec.image_type,
        (rec.width, rec.height),
        (rec.heatmap_png),
    )
    inspection_id = rec.id

    def open_dialog() -> None:
        with ui.dialog() as dialog:
            review_card(inspection_id, image, image_type, size, heatmap)
        dialog.on("hide", dialog.delete)
        dialog.open()

    ui.button(t("quality.review"), on_click=open_dialog).props("flat dense no-caps").mark(
        "review", f"review-{rec.part_ref}"
    )


def review_card(
    inspection_id: uuid.UUID,
    image: bytes,
    image_type: str,
    size: tuple[int, int],
    heatmap: bytes | None,
) -> None:
    with ui.card().classes("items-stretch"):
        ui.label(t("vision.mark_hint")).classes("text-sm text-grey-8 max-w-md")
        with ui.row().classes("gap-4 items-start"):
            marker = DefectMarker(data_url(image, image_type), *size)
            if heatmap is not None:
                ui.image(data_url(heatmap, "png")).classes("w-48").style(
                    "image-rendering: pixelated"
                ).mark("review-heatmap")
        with ui.row().classes("items-center gap-2"):
            kind = (
                ui.input(t("vision.defect_kind"), autocomplete=list(KINDS))
                .classes("w-48")
                .mark("defect-kind-input")
            )
            ui.button(t("vision.clear_marks"), on_click=marker.clear).props(
                "flat dense no-caps"
            ).mark("clear-marks")
        reason = ui.input(t("quality.reason")).classes("w-80").mark("review-reason")

        def review(decision: ReviewDecision) -> None:
            run_then_reload(
                lambda s, a: visual.review_visual_inspection(
                    s,
                    actor=a,
                    inspection_id=inspection_id,
                    decision=decision,
                    reason=reason.value or "",
                    defect_kind=kind.value or "",
                    region=marker.mask_png(),
                ),
                t("quality.reviewed"),
            )

        with ui.row():
            ui.button(
                t("quality.overrule"), on_click=lambda: review(ReviewDecision.OVERRULE)
            ).props("color=orange-8 no-caps").mark("overrule")
            ui.button(t("quality.confirm"), on_click=lambda: review(ReviewDecision.CONFIRM)).props(
                "color=teal-8 no-caps"
            ).mark("confirm")
