"""``/quality/vision/{product_id}``: a product's vision model for its factory. The confirmed
images it learns from, a retraining started here with its progress, the newest candidate's
held-out figures beside the active version's, promote, restore, and the threshold set from a
target false-alarm or escape rate with what it gives."""

from __future__ import annotations

import uuid
from typing import Any

from nicegui import ui

from suigang.domains.catalog.models import Product
from suigang.domains.identity.permissions import can
from suigang.domains.jobs import service as jobs
from suigang.domains.quality import retrain, vision_models, vision_thresholds
from suigang.domains.quality.models import ModelState, VisionModelVersion
from suigang.domains.quality.retrain import AUROC_TOLERANCE as TOLERANCE
from suigang.ui.components.quality import num
from suigang.ui.context import PageContext, app_settings, fmt_datetime, run_action
from suigang.ui.frame import (
    Drawn,
    Status,
    data_table,
    field_grid,
    found,
    frame,
    notify_after_reload,
    run_then_reload,
    section,
)
from suigang.ui.guard import guarded_page
from suigang.ui.i18n import add_labels, t
from suigang.ui.pages._vision_labels import LABELS

add_labels(LABELS)


def register() -> None:
    @guarded_page("/quality/vision/{product_id}")
    def vision_page(ctx: PageContext, product_id: str) -> None:
        product = found(
            ctx,
            "vision.product",
            lambda: vision_models.product_for(
                ctx.session, ctx.actor, uuid.UUID(product_id), "inspection_plan:read"
            ),
        )
        if product is None:
            return
        versions = vision_models.list_versions(ctx.session, actor=ctx.actor, product_id=product.id)
        frame(ctx, "vision.page", product=f"{product.code} {product.name}")
        writer = can(ctx.actor, "inspection_plan:write", product)
        training_section(ctx, product, writer)
        candidate = next((v for v in versions if v.state is ModelState.CANDIDATE), None)
        active = next((v for v in versions if v.state is ModelState.ACTIVE), None)
        if candidate is not None:
            comparison_section(candidate, active, writer)
        elif active is not None and active.origin == "retrain":  # what put it in use
            comparison_section(active, active, writer=False)
        if active is not None:
            threshold_section(active, writer)
        versions_section(ctx, versions, writer)


def training_section(ctx: PageContext, product: Product, writer: bool) -> None:
    product_id = product.id
    data = retrain.training_set(ctx.session, actor=ctx.actor, product_id=product_id)
    with section("vision.training"):
        ui.label(t("vision.training_note")).classes("text-sm text-grey-8 max-w-4xl")
        kinds = ", ".join(f"{k} {n}" for k, n in data.kinds.items()) or "—"
        field_grid(
            [
                ("vision.good", data.good),
                ("vision.defect", data.defect),
                ("vision.with_region", data.with_region),
                ("vision.kinds", kinds),
                ("vision.unreviewed", data.unreviewed),
            ]
        )
        running = _running_job(ctx, product.code)
        if not writer:
            return
        bar = ui.linear_progress(value=0, show_value=False).classes("w-96").mark("retrain-progress")
        note = ui.label("").classes("text-sm text-grey-8").mark("retrain-message")
        bar.set_visibility(running is not None)
        watched: list[str] = []

        def cancel() -> None:
            if watched:
                run_action(lambda s, a: jobs.cancel_job(s, actor=a, job_id=watched[-1]))

        def watch(job_id: str) -> None:
            watched.append(job_id)
            stop.set_visibility(True)

            def poll() -> None:
                seen = run_action(lambda s, a: _job_state(s, a, job_id))
                if seen is None:  # signed out or gone: stop asking
                    timer.cancel()
                    return
                state, fraction, message, error, result = seen
                bar.set_visibility(True)
                bar.value = fraction or 0
                note.text = t(
                    "vision.progress", pct=f"{fraction or 0:.0%}", state=t(f"vision.job.{state}")
                )
                if state in ("done", "failed", "cancelled"):
                    timer.cancel()
                    stop.set_visibility(False)
                    if state == "done":
                        number = (result or {}).get("version", "?")
                        notify_after_reload(t("vision.trained", n=number))
                    else:
                        note.text = t(
                            "vision.job_ended",
                            state=t(f"vision.job.{state}"),
                            error=error or message,
                        )

            timer = ui.timer(1.0, poll)

        settings = app_settings()

        def start() -> None:
            job_id = run_action(
                lambda s, a: retrain.start_retrain(
                    s,
                    actor=a,
                    settings=settings,
                    product_id=product_id,
                    models_dir=settings.data_dir / "vision-models",
                )
            )
            if job_id is not None:
                button.disable()
                watch(job_id)

        button = (
            ui.button(t("vision.retrain"), icon="model_training", on_click=start)
            .props("color=teal-8 no-caps")
            .mark("retrain")
        )
        stop = (
            ui.button(t("vision.cancel"), on_click=cancel)
            .props("flat no-caps")
            .mark("retrain-cancel")
        )
        stop.set_visibility(False)
        if running is not None:
            button.disable()
            watch(running)


def _job_state(
    session: Any, actor: Any, job_id: str
) -> tuple[str, float | None, str, str | None, Any]:
    job = jobs.get_job(session, actor=actor, job_id=job_id)
    return job.state.value, job.fraction, job.message, job.error, job.result


def _running_job(ctx: PageContext, code: str) -> str | None:
    """A retraining of this product still queued or running, if any."""
    for job in jobs.list_jobs(ctx.session, actor=ctx.actor, kind="retrain", limit=20):
        if not job.finished and job.params.get("product") == code:
            return job.id
    return None


def _figure(f: dict[str, Any] | None, key: str) -> str:
    if not f:
        return "—"
    value = f.get(key)
    if value is None:
        return "—"
    return num(value) if isinstance(value, float) else str(value)


def comparison_section(
    candidate: VisionModelVersion, active: VisionModelVersion | None, writer: bool
) -> None:
    f = candidate.figures
    new, old = f.get("candidate"), f.get("current")
    judged = f.get("current_number")
    with section("vision.comparison"), ui.column().classes("w-full").mark("comparison"):
        held = f.get("held_out", {})
        ui.label(
            t("vision.held_out", good=held.get("good", 0), defect=held.get("defect", 0))
        ).classes("text-sm text-grey-8")
        headers = [
            t("vision.figure"),
            t("vision.version_n", n=judged) if judged else t("vision.no_active"),
            t("vision.version_n", n=candidate.number),
        ]
        keys = ("image_auroc", "pixel_auroc", "false_alarms", "detected")
        data_table(
            headers,
            [[t(f"vision.{k}"), _figure(old, k), _figure(new, k)] for k in keys],
            empty_key="vision.none",
        )
        trained = f.get("trained_on", {})
        ui.label(
            t(
                "vision.trained_on",
                good=trained.get("good", 0),
                defect=trained.get("defect_with_region", 0),
            )
        ).classes("text-sm text-grey-8")
        parts = (new or {}).get("parts") or {}
        if parts:
            ui.label(
                t(
                    "vision.parts",
                    anomaly=_figure(parts.get("anomaly"), "image_auroc"),
                    head=_figure(parts.get("head"), "image_auroc"),
                )
            ).classes("text-sm text-grey-8").mark("head-contribution")
        stale = (active.number if active else None) != judged
        if candidate.state is ModelState.ACTIVE:
            ui.label(t("vision.in_use", n=candidate.number)).classes("text-teal-9").mark("in-use")
        elif f.get("promote") and not stale:
            ui.label(t("vision.promotable")).classes("text-green-8").mark("promotable")
        else:
            reasons = (
                reasons_text(f, judged) if not f.get("promote") else t("vision.stale", n=judged)
            )
            ui.label(t("vision.not_promotable", reasons=reasons)).classes("text-red-8").mark(
                "not-promotable"
            )
        if writer:
            version_id = candidate.id

            def promote() -> None:
                run_then_reload(
                    lambda s, a: vision_models.promote_version(s, actor=a, version_id=version_id),
                    lambda done: t("vision.promoted", n=done.number),
                )

            button = (
                ui.button(t("vision.promote"), on_click=promote)
                .props("color=teal-8 no-caps")
                .mark("promote")
            )
            if not f.get("promote") or stale:
                button.disable()


def threshold_section(active: VisionModelVersion, writer: bool) -> None:
    version_id = active.id
    with section("vision.threshold"):
        field_grid(
            [
                ("vision.threshold_now", num(active.threshold, 4)),
                ("vision.rule", rule_text(active.threshold_rule)),
            ]
        )
        if not writer:
            return
        with ui.row().classes("items-end gap-3"):
            target = (
                ui.select(
                    {
                        "false_alarm_rate": t("vision.target_false_alarm_rate"),
                        "escape_rate": t("vision.target_escape_rate"),
                    },
                    value="false_alarm_rate",
                    label=t("vision.target"),
                )
                .classes("w-56")
                .mark("threshold-target")
            )
            rate = (
                ui.number(t("vision.rate_percent"), value=1.0, min=0, max=99.9, step=0.5)
                .classes("w-32")
                .mark("threshold-rate")
            )
        outcome = ui.label("").classes("text-sm").mark("threshold-outcome")

        def args() -> tuple[str, float]:
            return str(target.value), float(rate.value or 0) / 100

        def preview() -> None:
            goal, r = args()
            choice = run_action(
                lambda s, a: vision_thresholds.threshold_preview(
                    s, actor=a, version_id=version_id, target=goal, rate=r
                )
            )
            if choice is not None:
                escapes = "—" if choice.escapes is None else f"{choice.escapes}/{choice.n_defect}"
                outcome.text = t(
                    "vision.outcome",
                    threshold=num(choice.threshold, 4),
                    fa=f"{choice.false_alarms}/{choice.n_good}",
                    escapes=escapes,
                )

        def apply() -> None:
            goal, r = args()
            run_then_reload(
                lambda s, a: vision_thresholds.set_threshold(
                    s, actor=a, version_id=version_id, target=goal, rate=r
                ),
                lambda done: t("vision.threshold_set", threshold=num(done.threshold, 4)),
            )

        with ui.row():
            ui.button(t("vision.preview"), on_click=preview).props("flat no-caps").mark(
                "threshold-preview"
            )
            ui.button(t("vision.set_threshold"), on_click=apply).props("color=teal-8 no-caps").mark(
                "threshold-set"
            )


def rule_text(rule: str) -> str:
    """A version's threshold rule in the reader's language."""
    target, _, rate = rule.partition(" ")
    if target == "fit" or not rate:
        return t("vision.rule.fit")
    return t(f"vision.rule.{target}", rate=f"{float(rate):.2%}")


def reasons_text(f: dict[str, Any], judged: int | None) -> str:
    """Why a candidate may not be promoted, from its figures, in the reader's language."""
    new, old = f.get("candidate") or {}, f.get("current") or {}
    out = []
    for key in ("image_auroc", "pixel_auroc"):
        a, b = old.get(key), new.get(key)
        if a is not None and (b is None or b < a - TOLERANCE):
            out.append(t("vision.reason_below", figure=t(f"vision.{key}"), new=num(b), old=num(a)))
    if (new.get("false_alarms") or 0) > (old.get("false_alarms") or 0):
        out.append(
            t("vision.reason_alarms", new=new.get("false_alarms"), old=old.get("false_alarms"))
        )
    return "; ".join(out) or t("vision.stale", n=judged)


def versions_section(ctx: PageContext, versions: list[VisionModelVersion], writer: bool) -> None:
    with section("vision.versions"):
        data_table(
            [
                t("vision.number"),
                t("vision.state"),
                t("vision.origin"),
                t("vision.threshold_now"),
                t("vision.created"),
                t("vision.promoted_at"),
                "",
            ],
            [
                [
                    str(v.number),
                    Status(v.state.value, "vision.state"),
                    t(f"vision.origin.{v.origin}"),
                    num(v.threshold, 4),
                    f"{fmt_datetime(v.created_at, ctx.tz)} · {v.created_by}",
                    fmt_datetime(v.promoted_at, ctx.tz) if v.promoted_at else "—",
                    Drawn(_restore_button(v)) if writer and v.state is ModelState.RETIRED else "",
                ]
                for v in versions
            ],
            empty_key="vision.no_versions",
        )


def _restore_button(version: VisionModelVersion) -> Any:
    version_id, number = version.id, version.number

    def draw() -> None:
        with ui.dialog() as dialog, ui.card():
            reason = ui.input(t("quality.reason")).classes("w-80").mark("restore-reason")

            def restore() -> None:
                run_then_reload(
                    lambda s, a: vision_models.restore_version(
                        s, actor=a, version_id=version_id, reason=reason.value or ""
                    ),
                    t("vision.restored", n=number),
                )

            ui.button(t("vision.restore"), on_click=restore).props("color=orange-8 no-caps").mark(
                "restore-confirm"
            )
        ui.button(t("vision.restore"), on_click=dialog.open).props("flat dense no-caps").mark(
            f"restore-{number}"
        )

    return draw
