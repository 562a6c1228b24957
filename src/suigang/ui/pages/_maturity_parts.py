"""Parts of the assessment page: the proposals to confirm or override, the answers level by
level, and the result (level, radar, gaps, roadmap)."""

from __future__ import annotations

import uuid

from nicegui import ui

from suigang.domains.maturity import service
from suigang.domains.maturity.models import AnswerOrigin, MaturityAnswer, MaturityAssessment
from suigang.domains.maturity.wording import (
    answer_label,
    element_names,
    evidence_text,
    requirement_text,
    subdomain_name,
)
from suigang.engines.analytics.maturity import Answer, Requirement, load_model
from suigang.ui.context import PageContext, run_action
from suigang.ui.frame import Link, data_table, notify_after_reload, run_then_reload, section
from suigang.ui.i18n import t

ANSWERS = tuple(Answer)


def answer_options(lang: str) -> dict[str, str]:
    return {a.value: answer_label(a, lang) for a in ANSWERS}


def _req(
    ctx: PageContext, texts: dict[tuple[str, int, str], Requirement], a: MaturityAnswer
) -> str:
    text = requirement_text(texts.get((a.subdomain, a.level, a.requirement)), ctx.lang)
    return f"{subdomain_name(a.subdomain, ctx.lang)} · L{a.level} {a.requirement} — {text}"


def proposals_section(
    ctx: PageContext, assessment: MaturityAssessment, texts: dict, editable: bool
) -> None:
    rows = [a for a in assessment.answers if a.proposed is not None]
    rows.sort(key=lambda a: (a.level, a.subdomain, a.requirement))
    aid = assessment.id
    with section("maturity.proposals").mark("maturity-proposals"):
        ui.label(t("maturity.proposals_note")).classes("text-sm text-grey-7")
        if not rows:
            ui.label(t("maturity.no_proposals")).classes("text-grey-7 italic")
        for a in rows:
            with ui.card().classes("w-full").props("flat bordered"):
                ui.label(_req(ctx, texts, a)).classes("font-medium text-sm")
                ui.label(evidence_text(a.evidence, ctx.lang)).classes("text-sm text-teal-900").mark(
                    f"evidence-{a.subdomain}-{a.level}-{a.requirement}"
                )
                with ui.row().classes("items-center gap-3 text-sm"):
                    ui.label(f"{t('maturity.proposed')}: {answer_label(a.proposed, ctx.lang)}")
                    if a.answer is not None:
                        ui.label(f"{t('maturity.answer')}: {answer_label(a.answer, ctx.lang)}")
                    origin_chip(a.decision)
                    if a.note:
                        ui.label(f"{t('maturity.reason')}: {a.note}").classes("text-grey-7")
                if editable:
                    decide_buttons(ctx, aid, a)
        pending = [a.id for a in rows if a.answer is None]
        if editable and pending:

            def confirm_all() -> None:
                for answer_id in pending:
                    if run_action(lambda s, act, i=answer_id: service.decide_proposal(
                        s, actor=act, assessment_id=aid, answer_id=i)) is None:  # fmt: skip
                        return
                notify_after_reload(t("maturity.confirmed_msg"))

            ui.button(t("maturity.confirm_all"), icon="done_all", on_click=confirm_all).props(
                "color=teal-8 no-caps"
            ).mark("confirm-all")


def origin_chip(origin: AnswerOrigin) -> None:
    """How an answer came about, as a small badge."""
    color = {"proposed": "orange", "confirmed": "green", "overridden": "indigo"}
    ui.badge(t(f"maturity.origin.{origin.value}"), color=color.get(origin.value, "grey")).props(
        "outline"
    )


def decide_buttons(ctx: PageContext, aid: uuid.UUID, a: MaturityAnswer) -> None:
    mark = f"{a.subdomain}-{a.level}-{a.requirement}"
    answer_id = a.id

    def confirm() -> None:
        run_then_reload(
            lambda s, act: service.decide_proposal(
                s, actor=act, assessment_id=aid, answer_id=answer_id
            ),
            t("maturity.confirmed_msg"),
        )

    with ui.dialog() as dialog, ui.card().classes("min-w-96"):
        ui.label(t("maturity.override")).classes("font-medium")
        choice = ui.select(answer_options(ctx.lang), label=t("maturity.answer")).classes("w-full")
        choice.mark(f"override-answer-{mark}")
        reason = ui.textarea(t("maturity.reason")).classes("w-full").mark(f"override-reason-{mark}")

        def override() -> None:
            run_then_reload(
                lambda s, act: service.decide_proposal(
                    s,
                    actor=act,
                    assessment_id=aid,
                    answer_id=answer_id,
                    answer=choice.value,
                    reason=reason.value or "",
                ),
                t("maturity.overridden_msg"),
            )

        with ui.row():
            ui.button(t("maturity.save"), on_click=override).props("color=teal-8 no-caps").mark(
                f"override-save-{mark}"
            )
            ui.button(t("action.back"), on_click=dialog.close).props("flat no-caps")
    with ui.row().classes("gap-2"):
        if a.decision is AnswerOrigin.PROPOSED:
            ui.button(t("maturity.confirm"), on_click=confirm).props(
                "dense outline no-caps color=teal-8"
            ).mark(f"confirm-{mark}")
        ui.button(t("maturity.override"), on_click=dialog.open).props(
            "dense flat no-caps color=indigo-8"
        ).mark(f"override-{mark}")


def answers_section(
    ctx: PageContext, assessment: MaturityAssessment, catalogue: tuple[Requirement, ...],
    editable: bool,
) -> None:  # fmt: skip
    held = {(a.subdomain, a.level, a.requirement): a for a in assessment.answers}
    model = load_model()
    order = {code: i for i, code in enumerate(model.codes())}
    aid = assessment.id
    with section("maturity.answers").mark("maturity-answers"):
        for level in model.levels:
            reqs = sorted(
                (r for r in catalogue if r.level == level.number),
                key=lambda r: (order.get(r.subdomain, 99), r.requirement),
            )
            keys = [(r.subdomain, r.level, r.requirement) for r in reqs]
            done = sum(1 for k in keys if k in held and held[k].answer is not None)
            title = t("maturity.level_n", n=level.number, name=level.name.get(ctx.lang))
            with (
                ui.expansion(f"{title} ({done}/{len(reqs)})")
                .classes("w-full")
                .mark(f"level-{level.number}")
            ):
                for r in reqs:
                    row = held.get((r.subdomain, r.level, r.requirement))
                    with ui.row().classes("w-full items-center no-wrap gap-3 text-sm"):
                        label = f"{subdomain_name(r.subdomain, ctx.lang)} · {r.requirement}"
                        with ui.column().classes("grow gap-0"):
                            ui.label(label).classes("font-medium")
                            ui.label(requirement_text(r, ctx.lang)).classes("text-grey-8")
                        current = row.answer.value if row and row.answer else None
                        if not editable:
                            ui.label(answer_label(row.answer if row else None, ctx.lang))
                            continue
                        pick = ui.select(answer_options(ctx.lang), value=current).classes("w-40")
                        pick.mark(f"answer-{r.subdomain}-{r.level}-{r.requirement}")

                        def save(e, r=r) -> None:  # type: ignore[no-untyped-def]
                            if e.value is None:
                                return
                            item = service.AnswerInput(r.subdomain, r.level, r.requirement, e.value)
                            saved = run_action(
                                lambda s, act: service.answer_requirements(
                                    s, actor=act, assessment_id=aid, answers=[item]
                                )
                            )
                            if saved is not None:
                                ui.notify(t("maturity.saved"), type="positive")

                        pick.on_value_change(save)


def result_section(ctx: PageContext, out: service.Outcome) -> None:
    r = out.result
    with section("maturity.summary").mark("maturity-result"):
        with ui.row().classes("items-end gap-8"):
            with ui.column().classes("gap-0"):
                ui.label(t("maturity.level")).classes("text-sm text-grey-7")
                ui.label(str(r.level)).classes("text-4xl font-bold text-teal-900").mark(
                    "maturity-level"
                )
            with ui.column().classes("gap-0"):
                ui.label(t("maturity.score")).classes("text-sm text-grey-7")
                ui.label(f"{float(r.score):.3f}").classes("text-2xl").mark("maturity-score")
            ui.label(t("maturity.answered_n", answered=out.answered, pending=out.pending,
                       total=out.catalogue)).classes("text-sm text-grey-7")  # fmt: skip
        with ui.row().classes("w-full gap-4 items-start"):
            elements = element_names(ctx.lang)
            scored = [
                (lv, v) for lv, v in out.radar.items() if any(x is not None for x in v.values())
            ]
            ui.echart({
                "title": {"text": t("maturity.radar"), "textStyle": {"fontSize": 13}},
                "tooltip": {},
                "legend": {"bottom": 0, "data": [f"L{lv}" for lv, _ in scored]},
                "radar": {"indicator": [{"name": n, "max": 1} for _, n in elements],
                          "radius": "60%"},
                "series": [{"type": "radar", "data": [
                    {"name": f"L{lv}", "value": [round(v[c] or 0, 3) for c, _ in elements]}
                    for lv, v in scored
                ]}],
            }).classes("w-96 h-80").mark("maturity-radar")  # fmt: skip
            data_table(
                [t("maturity.lv"), t("maturity.score"), *[n for _, n in elements]],
                [
                    (f"L{lv.level}" + (" ✓" if lv.counted else ""),
                     "—" if lv.score is None else f"{float(lv.score):.3f}",
                     *["—" if out.radar[lv.level][c] is None else
                       f"{out.radar[lv.level][c]:.3f}" for c, _ in elements])
                    for lv in r.levels
                ],
                empty_key="maturity.none",
            )  # fmt: skip


def gaps_section(ctx: PageContext, out: service.Outcome) -> None:
    with section("maturity.gaps").mark("maturity-gaps"):
        data_table(
            [t("maturity.requirement"), t("maturity.answer"), t("maturity.impact")],
            [
                (f"{subdomain_name(g.subdomain, ctx.lang)} · L{g.level} {g.requirement} — "
                 f"{requirement_text(g.requirement_text, ctx.lang)}",
                 t("maturity.unanswered") if g.answer is None else
                 answer_label(Answer(g.answer), ctx.lang),
                 "—" if g.impact is None else f"+{float(g.impact):.3f}")
                for g in out.gaps
            ],
            empty_key="maturity.no_gaps",
        )  # fmt: skip
    with section("maturity.roadmap").mark("maturity-roadmap"):
        data_table(
            [t("maturity.feature"), t("maturity.closes")],
            [
                (Link(f.name(ctx.lang), f.path) if not f.path.startswith("/api") else
                 f.name(ctx.lang), ", ".join(codes))
                for f, codes in out.roadmap
            ],
            empty_key="maturity.no_gaps",
        )  # fmt: skip
