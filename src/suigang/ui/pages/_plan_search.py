"""The plan page's longer search: start it as a job, follow its progress, cancel it.

The job's row is the truth (``domains/jobs``), so the progress shown and the cancel work
whichever server process runs the search.
"""

from __future__ import annotations

from nicegui import ui

from suigang.domains.jobs.service import cancel_job
from suigang.domains.planning import background
from suigang.errors import DomainError
from suigang.ui.context import PageContext, app_settings, db, run_action
from suigang.ui.i18n import add_labels, t
from suigang.ui.messages import refusal

add_labels(
    {
        "plan.search_cancel": ("取消优化", "取消優化", "Cancel the search"),
        "plan.search_cancelled": ("优化已取消。", "優化已取消。", "The search was cancelled."),
    }
)


def search_controls(ctx: PageContext) -> None:
    """Start a longer search as a background job, follow its progress, cancel it."""
    actor = ctx.actor
    seconds = ui.select({5: "5 s", 30: "30 s", 120: "120 s"}, value=30).props("dense outlined")
    seconds.mark("search-seconds")
    progress = ui.linear_progress(value=0, show_value=False).classes("w-48")
    progress.set_visibility(False)
    status = ui.label("").classes("text-xs text-grey-7").mark("search-status")
    running: list[str] = []

    def finish() -> None:
        timer.deactivate()
        running.clear()
        cancel.set_visibility(False)

    def poll() -> None:
        try:
            with db() as session:
                st = background.search_status(session, actor=actor, job_id=running[0])
        except (DomainError, IndexError):
            finish()
            return
        progress.set_value(st.fraction or 0)
        status.set_text(st.message or t("plan.searching"))
        if st.state == "done" and st.plan_id:
            finish()
            ui.navigate.to(f"/plan/{st.plan_id}")
        elif st.state == "failed":
            finish()
            ui.notify(refusal(str(st.error)), type="negative")
        elif st.state == "cancelled":
            finish()
            progress.set_visibility(False)
            status.set_text(t("plan.search_cancelled"))

    def start() -> None:
        job_id = run_action(
            lambda s, a: background.start_search(
                s, actor=a, settings=app_settings(), time_limit_s=float(seconds.value)
            )
        )
        if job_id is None:
            return
        running[:] = [job_id]
        progress.set_visibility(True)
        status.set_text(t("plan.searching"))
        cancel.set_visibility(True)
        timer.activate()

    def stop() -> None:
        if running:
            run_action(lambda s, a: cancel_job(s, actor=a, job_id=running[0]))

    timer = ui.timer(0.5, poll, active=False)
    ui.button(t("plan.search"), icon="manage_search", on_click=start).props(
        "outline no-caps color=teal-8"
    ).mark("search-plan")
    cancel = ui.button(t("plan.search_cancel"), icon="stop", on_click=stop).props(
        "flat no-caps color=grey-8"
    )
    cancel.mark("search-cancel")
    cancel.set_visibility(False)
