"""``/maturity``: a firm's self-assessments; ``/maturity/{id}``: one assessment with the
answers proposed from the firm's data (evidence shown) to confirm or override, the answers
level by level, the result (level, radar, gaps, roadmap) and the PDF report;
``/zone/maturity``: the zone office's view of every firm's submitted level."""

from __future__ import annotations

import uuid

from nicegui import events, run, ui

from suigang.domains.common import owned_by
from suigang.domains.identity.models import EnterpriseKind
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.maturity import service
from suigang.domains.maturity.models import AssessmentStatus, MaturityAssessment
from suigang.errors import DomainError
from suigang.ui.context import PageContext, db, fmt_datetime, run_action
from suigang.ui.frame import (
    STATUS_COLORS,
    Link,
    Status,
    add_navigation,
    data_table,
    found,
    frame,
    notify_after_navigate,
    run_then_reload,
    section,
)
from suigang.ui.guard import guarded_page
from suigang.ui.i18n import add_labels, t
from suigang.ui.messages import error_text, refusal
from suigang.ui.pages._maturity_labels import LABELS
from suigang.ui.pages._maturity_parts import (
    answers_section,
    gaps_section,
    proposals_section,
    result_section,
)

add_labels(LABELS)
for _kind in EnterpriseKind:
    if _kind is not EnterpriseKind.ZONE_OFFICE:
        add_navigation(_kind, "/maturity", "maturity.nav", "insights")
add_navigation(EnterpriseKind.ZONE_OFFICE, "/zone/maturity", "maturity.nav_zone", "insights")
STATUS_COLORS.update({"draft": "orange"})


def _title(a: MaturityAssessment, ctx: PageContext) -> str:
    return a.title or fmt_datetime(a.created_at, ctx.tz)


def _report(actor: Actor, assessment_id: uuid.UUID, lang: str) -> tuple[str, bytes] | DomainError:
    with db() as session:
        try:
            return service.assessment_report(
                session, actor=actor, assessment_id=assessment_id, lang=lang
            )
        except DomainError as exc:
            return exc


def actions(ctx: PageContext, a: MaturityAssessment, pending: int) -> None:
    aid, actor, lang = a.id, ctx.actor, ctx.lang
    draft = a.status is AssessmentStatus.DRAFT

    async def download() -> None:
        result = await run.io_bound(_report, actor, aid, lang)
        if isinstance(result, DomainError):
            ui.notify(refusal(error_text(result)), type="negative", multi_line=True)
            return
        name, pdf = result
        ui.download(pdf, name, "application/pdf")

    with ui.row().classes("gap-2 items-center"):
        ui.button(t("maturity.report"), icon="picture_as_pdf", on_click=download).props(
            "color=teal-8 no-caps"
        ).mark("maturity-report")
        if draft and can(ctx.actor, "maturity:write", a):

            def refresh() -> None:
                run_then_reload(
                    lambda s, act: service.refresh_proposals(s, actor=act, assessment_id=aid),
                    t("maturity.refreshed"),
                )

            def discard() -> None:
                # the use case returns nothing: "True" tells its success from a refusal (None)
                if run_action(lambda s, act: service.discard_assessment(
                        s, actor=act, assessment_id=aid) or True):  # fmt: skip
                    notify_after_navigate("/maturity", t("maturity.discarded"))

            ui.button(t("maturity.refresh"), icon="refresh", on_click=refresh).props(
                "flat no-caps color=teal-8"
            ).mark("maturity-refresh")
            ui.button(t("maturity.discard"), icon="delete", on_click=discard).props(
                "flat no-caps color=red-8"
            ).mark("maturity-discard")
        if draft and can(ctx.actor, "maturity:submit", a):

            def submit() -> None:
                run_then_reload(
                    lambda s, act: service.submit_assessment(s, actor=act, assessment_id=aid),
                    lambda done: t("maturity.submitted_msg", level=done.level),
                )

            button = ui.button(t("maturity.submit"), icon="send", on_click=submit)
            button.props("color=indigo-8 no-caps").mark("maturity-submit")
            if pending:
                button.disable()


def register() -> None:
    @guarded_page("/maturity", title="maturity.page", permission="maturity:read")
    def maturity_list(ctx: PageContext) -> None:
        ui.label(t("maturity.intro")).classes("text-sm text-grey-8 max-w-4xl")
        rows = service.list_assessments(ctx.session, actor=ctx.actor)
        with section("maturity.mine").mark("maturity-list"):
            data_table(
                [t("maturity.title"), t("maturity.status"), t("maturity.created"),
                 t("maturity.submitted_at"), t("maturity.level"), t("maturity.score")],
                [
                    (Link(_title(a, ctx), f"/maturity/{a.id}"),
                     Status(a.status.value, "maturity.status"),
                     fmt_datetime(a.created_at, ctx.tz), fmt_datetime(a.submitted_at, ctx.tz),
                     "—" if a.level is None else a.level,
                     "—" if a.score is None else f"{float(_fraction(a.score)):.3f}")
                    for a in rows
                ],
                empty_key="maturity.none",
            )  # fmt: skip
        has_draft = any(a.status is AssessmentStatus.DRAFT for a in rows)
        if not has_draft and can(ctx.actor, "maturity:write", owned_by(ctx.actor.enterprise_id)):

            def start() -> None:
                made = run_action(lambda s, act: service.start_assessment(s, actor=act))
                if made is not None:
                    notify_after_navigate(f"/maturity/{made.id}", t("maturity.started"))

            ui.button(t("maturity.start"), icon="play_arrow", on_click=start).props(
                "color=teal-8 no-caps"
            ).mark("maturity-start")

    @guarded_page("/maturity/{assessment_id}")
    def maturity_one(ctx: PageContext, assessment_id: str) -> None:
        loaded = found(ctx, "maturity.thing", lambda: service.assessment_outcome(
            ctx.session, actor=ctx.actor, assessment_id=uuid.UUID(assessment_id)))  # fmt: skip
        if loaded is None:
            return
        a, out = loaded
        frame(ctx, "maturity.page_one", title=_title(a, ctx))
        catalogue = service.requirements_in_use(ctx.session)
        texts = {(r.subdomain, r.level, r.requirement): r for r in catalogue}
        editable = a.status is AssessmentStatus.DRAFT and can(ctx.actor, "maturity:write", a)
        with ui.row().classes("items-center gap-3"):
            ui.badge(t(f"maturity.status.{a.status.value}")).props("outline").mark(
                "maturity-status"
            )
            kind = catalogue[0].kind if catalogue else "summary"
            ui.label(t("maturity.catalogue", kind=t(f"maturity.kind.{kind}"),
                       n=len(catalogue))).classes("text-sm text-grey-7")  # fmt: skip
        actions(ctx, a, out.pending)
        result_section(ctx, out)
        proposals_section(ctx, a, texts, editable)
        gaps_section(ctx, out)
        answers_section(ctx, a, catalogue, editable)
        if any(r.kind == "summary" for r in catalogue):
            ui.label(t("maturity.summaries_note")).classes("text-xs text-grey-7")

    @guarded_page(
        "/zone/maturity",
        title="maturity.page_zone",
        permission="maturity:levels",
        of_own_firm=False,
    )
    def zone_maturity(ctx: PageContext) -> None:
        ui.label(t("maturity.zone_note")).classes("text-sm text-grey-8")
        levels = service.zone_levels(ctx.session, actor=ctx.actor)
        with ui.row().classes("w-full gap-4 items-start"):
            with section("maturity.firms_by_level").classes("max-w-md"):
                counts = [sum(1 for f in levels if f.level == n) for n in range(6)]
                ui.echart({
                    "tooltip": {"trigger": "axis"},
                    "xAxis": {"type": "category", "data": [f"L{n}" for n in range(6)]},
                    "yAxis": {"type": "value", "minInterval": 1},
                    "series": [{"type": "bar", "data": counts, "itemStyle": {"color": "#0f766e"}}],
                }).classes("w-96 h-64").mark("levels-chart")  # fmt: skip
            with ui.card().classes("grow").mark("zone-levels"):
                if True:
                    data_table(
                        [t("maturity.firm"), t("maturity.level"), t("maturity.score"),
                         t("maturity.submitted_at")],
                        [
                            ({"zh-Hans": f.firm_zh_hans, "zh-Hant": f.firm_zh_hant}.get(
                                ctx.lang, f.firm_en), f.level, f"{f.score:.3f}",
                             fmt_datetime(f.submitted_at, ctx.tz))
                            for f in levels
                        ],
                        empty_key="maturity.no_levels",
                    )  # fmt: skip
        if can(ctx.actor, "maturity:import"):
            import_section(ctx)


def _fraction(text: str) -> float:
    from fractions import Fraction

    return float(Fraction(text))


def import_section(ctx: PageContext) -> None:
    catalogue = service.requirements_in_use(ctx.session)
    kind = catalogue[0].kind if catalogue else "summary"
    with section("maturity.import").mark("maturity-import"):
        ui.label(t("maturity.catalogue", kind=t(f"maturity.kind.{kind}"),
                   n=len(catalogue))).classes("text-sm text-grey-7")  # fmt: skip

        async def upload(e: events.UploadEventArguments) -> None:
            content, name = await e.file.read(), e.file.name or "requirements.csv"
            run_then_reload(
                lambda s, act: service.import_requirements(
                    s, actor=act, content=content, filename=name
                ),
                lambda stored: t("maturity.imported", n=stored),
            )

        ui.upload(on_upload=upload, auto_upload=True).props('accept=".csv"').mark("maturity-upload")
