"""``/admission``: a firm's applications (status and reasons only), a new draft, evidence and
submission; ``/zone/admission``: the zone office's ranked queue and the rules' versions;
``/zone/admission/{id}``: one application with each indicator against its rule, the
evidence and the decision with reasons."""

from __future__ import annotations

import uuid
from decimal import Decimal

from nicegui import events, ui

from suigang.domains.admission import service
from suigang.domains.admission.models import FIGURES, ApplicationStatus
from suigang.domains.admission.schemas import (
    ApplicationCreate,
    ApplicationReviewRead,
    ApplicationStatusRead,
)
from suigang.domains.common import owned_by
from suigang.domains.identity.models import EnterpriseKind
from suigang.domains.identity.permissions import can
from suigang.domains.zone.segments import Segment
from suigang.ui.components.yaml_editor import yaml_editor
from suigang.ui.context import PageContext, app_settings, fmt_date, run_action
from suigang.ui.frame import (
    STATUS_COLORS,
    Link,
    Status,
    add_navigation,
    data_table,
    field_grid,
    found,
    frame,
    run_then_reload,
    section,
    status_chip,
)
from suigang.ui.guard import guarded_page
from suigang.ui.i18n import add_labels, t
from suigang.ui.pages._zone_labels import LABELS

add_labels(LABELS)
for _kind in (EnterpriseKind.FACTORY, EnterpriseKind.FRONT_SHOP, EnterpriseKind.SERVICE_PROVIDER,
              EnterpriseKind.RESEARCH_INSTITUTE):  # fmt: skip
    add_navigation(_kind, "/admission", "adm.nav", "how_to_reg")
add_navigation(EnterpriseKind.ZONE_OFFICE, "/zone/admission", "adm.nav_queue", "how_to_reg")
# colours of this page's statuses, leaving those other pages set (a quote's 'submitted', 'rejected')
for _status, _colour in {"draft": "grey", "submitted": "blue", "under_review": "orange",
                      "approved": "green", "rejected": "red", "pass": "green", "fail": "red",
                      "missing": "orange", "scored": "teal", "passed": "green",
                      "failed": "red", "incomplete": "orange"}.items():  # fmt: skip
    STATUS_COLORS.setdefault(_status, _colour)


def _num(value: Decimal | int | None) -> str:
    return "—" if value is None else f"{value:,}"


def register() -> None:
    @guarded_page("/admission", title="adm.page", permission="admission:read")
    def applications(ctx: PageContext) -> None:
        ui.label(t("adm.intro")).classes("text-sm text-grey-8 max-w-4xl")
        rows, _ = service.my_applications(ctx.session, actor=ctx.actor, limit=100)
        with section("adm.mine").mark("my-applications"):
            if not rows:
                ui.label(t("adm.none")).classes("text-grey-7 italic")
            for row in rows:
                application_card(ctx, row)
        if can(ctx.actor, "admission:create"):
            new_form()

    @guarded_page(
        "/zone/admission", title="adm.page_queue", permission="admission:review", of_own_firm=False
    )
    def queue(ctx: PageContext) -> None:
        waiting = service.review_queue(ctx.session, actor=ctx.actor, lang=ctx.lang)
        decided = service.review_queue(
            ctx.session, actor=ctx.actor, lang=ctx.lang,
            statuses=(ApplicationStatus.APPROVED, ApplicationStatus.REJECTED),
        )  # fmt: skip
        for key, items in (("adm.page_queue", waiting), ("adm.decision", decided)):
            with section(key).mark("queue" if key == "adm.page_queue" else "decided"):
                data_table(
                    [t("adm.title"), t("adm.applicant"), t("adm.segment"), t("adm.status"),
                     t("adm.verdict"), t("adm.score"), t("adm.failed_rules"),
                     t("adm.submitted_at")],
                    [(Link(q.title, f"/zone/admission/{q.id}"), q.applicant,
                      t(f"segment.{q.segment.value}"), Status(q.status.value, "adm.status"),
                      Status(q.verdict or "incomplete", "adm.verdict"), _num(q.score),
                      "; ".join(q.failed_rules) or "—", fmt_date(q.submitted_at, ctx.tz))
                     for q in items],
                    empty_key="adm.queue_none",
                )  # fmt: skip
        with section("adm.rules"):
            sets = service.list_indicator_sets(ctx.session, actor=ctx.actor)
            data_table([t("adm.version"), t("adm.effective"), t("adm.rule")],
                       [(s.version, s.effective.isoformat(), str(len(s.config["rules"])))
                        for s in sets], empty_key="adm.no_rules")  # fmt: skip
            if can(ctx.actor, "admission_rules:write"):
                rules_form(service.config_text(ctx.session, actor=ctx.actor))

    @guarded_page("/zone/admission/{application_id}")
    def review(ctx: PageContext, application_id: str) -> None:
        read = found(ctx, "adm.page", lambda: service.get_review(
            ctx.session, actor=ctx.actor, application_id=uuid.UUID(application_id),
            lang=ctx.lang,
        ))  # fmt: skip
        if read is None:
            return
        frame(ctx, "adm.page_review", title=read.title)
        review_body(ctx, read)


def application_card(ctx: PageContext, row: ApplicationStatusRead) -> None:
    with ui.card().classes("w-full").mark("application"):
        with ui.row().classes("items-center gap-3"):
            ui.label(row.title).classes("text-base font-medium")
            status_chip(row.status.value, "adm.status")
            ui.label(t(f"segment.{row.segment.value}")).classes("text-sm text-grey-8")
            if row.submitted_at is not None:
                ui.label(f"{t('adm.submitted_at')}: {fmt_date(row.submitted_at, ctx.tz)}").classes(
                    "text-sm text-grey-8"
                )
            ui.link(t("adm.schemes_link"), f"/schemes?application={row.id}").classes(
                "text-teal-800 text-sm"
            )
        if row.reasons:
            ui.label(f"{t('adm.reasons')}: {row.reasons}").classes("text-sm").mark("reasons")
        if row.evidence:
            ui.label(f"{t('adm.evidence')}: " + ", ".join(e.title for e in row.evidence)).classes(
                "text-xs text-grey-7"
            )
        if row.status is ApplicationStatus.DRAFT:
            with ui.row().classes("items-center gap-3"):
                settings = app_settings()

                async def uploaded(e: events.UploadEventArguments, ident=row.id) -> None:  # type: ignore[no-untyped-def]
                    content = await e.file.read()
                    run_then_reload(
                        lambda s, a: service.attach_document(
                            s,
                            settings=settings,
                            actor=a,
                            application_id=ident,
                            content=content,
                            filename=e.file.name,
                        ),
                        t("adm.evidence"),
                        type="positive",
                    )

                ui.upload(label=t("adm.upload"), on_upload=uploaded, auto_upload=True,
                          max_file_size=settings.evidence_max_bytes).props(
                    "accept=.pdf,.png,.jpg,.jpeg flat bordered").classes("w-80").mark(
                    "evidence-upload")  # fmt: skip

                def submit(ident=row.id) -> None:  # type: ignore[no-untyped-def]
                    run_then_reload(
                        lambda s, a: service.submit_application(s, actor=a, application_id=ident),
                        t("adm.submitted"),
                        type="positive",
                    )

                if can(ctx.actor, "admission:submit", owned_by(ctx.actor.enterprise_id)):
                    ui.button(t("adm.submit"), icon="send", on_click=submit).mark("submit")


def new_form() -> None:
    with ui.expansion(t("adm.new"), icon="add").classes("w-full bg-white").mark("new-application"):
        with ui.row().classes("w-full gap-3"):
            title = ui.input(t("adm.title")).classes("w-80").mark("adm-title")
            segment = ui.select({s.value: t(f"segment.{s.value}") for s in Segment},
                                label=t("adm.segment"), value=Segment.KEY_COMPONENTS.value,
                                ).classes("w-60").mark("adm-segment")  # fmt: skip
        products = ui.input(t("adm.products")).classes("w-full").mark("adm-products")
        inputs = {}
        with ui.grid(columns=3).classes("w-full gap-3"):
            for name, _ in FIGURES:
                inputs[name] = ui.input(t(f"adm.{name}")).mark(f"adm-{name}")
        with ui.row().classes("items-center gap-3"):
            fills = ui.checkbox(t("adm.fills_gap")).mark("adm-fills-gap")
            gap = ui.input(t("adm.gap_note")).classes("w-96").mark("adm-gap-note")

        def create() -> None:
            def work(s, a):  # type: ignore[no-untyped-def]
                figures = {n: (inputs[n].value or "").replace(",", "").strip() or None
                           for n, _ in FIGURES}  # fmt: skip
                data = ApplicationCreate.model_validate({
                    "title": title.value or "", "segment": segment.value,
                    "products": products.value or "", "fills_gap": bool(fills.value),
                    "gap_note": gap.value or "", **figures,
                })  # fmt: skip
                return service.create_application(s, actor=a, data=data)

            run_then_reload(work, t("adm.create"), type="positive")

        ui.button(t("adm.create"), icon="save", on_click=create).mark("adm-create")


def rules_form(start: str) -> None:
    """A new version from the newest one, edited as YAML (a version and its day must be new)."""
    yaml_editor(
        start,
        keys=("adm.new_rules", "adm.new_rules_hint", "adm.save_rules"),
        marks=("new-rules", "rules-text", "rules-save"),
        store=lambda s, a, body: service.add_indicator_set(
            s, actor=a, config=service.config_from_text(body)
        ),
        stored=lambda done: t("adm.rules_saved", version=done.version),
    )


def review_body(ctx: PageContext, r: ApplicationReviewRead) -> None:
    with ui.row().classes("items-center gap-3"):
        status_chip(r.status.value, "adm.status")
        status_chip(r.verdict or "incomplete", "adm.verdict")
        ui.label(f"{t('adm.score')}: {_num(r.score)}").classes("text-lg font-medium").mark("score")
        ui.label(f"{t('adm.version')}: {r.indicator_version}").classes("text-sm text-grey-8")
    with section("adm.applicant"):
        field_grid([
            ("adm.applicant", r.applicant + (f" · {t('adm.hk_invested')}" if r.hk_invested
                                             else "")),
            ("adm.segment", t(f"segment.{r.segment.value}")), ("adm.products", r.products or "—"),
            *[(f"adm.{name}", _num(getattr(r, name))) for name, _ in FIGURES],
        ])  # fmt: skip
        ui.label(t("adm.chain_fit", fit=f"{r.chain_fit:g}", source=t("adm.declared"))
                 + (f" — {r.gap_note}" if r.gap_note else "")).classes("text-sm")  # fmt: skip
    with section("adm.indicators").mark("indicators"):
        data_table(
            [t("adm.indicator"), t("adm.value"), t("adm.rule"), t("adm.outcome"),
             t("adm.weight"), t("adm.benchmark"), t("adm.points"), t("adm.from")],
            [(f"{i.name} ({i.unit})", _num(i.value), i.rule or "—",
              Status(i.status, "adm.outcome"), _num(i.weight), _num(i.benchmark),
              _num(i.points), "; ".join(i.inputs) or ", ".join(i.missing))
             for i in r.indicators],
            empty_key="adm.none",
        )  # fmt: skip
    with section("adm.evidence"):
        for ev in r.evidence:
            with ui.row().classes("items-center gap-3 text-sm"):
                ui.label(f"{ev.title} · {ev.media_type} · {ev.size_bytes:,} B")

                def download(evidence_id=ev.id) -> None:  # type: ignore[no-untyped-def]
                    doc = run_action(lambda s, a: service.application_document(
                        s, settings=app_settings(), actor=a, application_id=r.id,
                        evidence_id=evidence_id))  # fmt: skip
                    if doc is not None:
                        ui.download(doc.content, doc.filename, doc.media_type)

                ui.button(icon="download", on_click=download).props("flat dense")
        ui.link(t("adm.schemes_link"), f"/schemes?application={r.id}").classes("text-teal-800")
    if r.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW):
        decision_form(r)
    elif r.reasons:
        with section("adm.decision"):
            ui.label(f"{t('adm.reasons')}: {r.reasons}").mark("reasons")


def decision_form(r: ApplicationReviewRead) -> None:
    with section("adm.decision").mark("decision"):
        if r.status is ApplicationStatus.SUBMITTED:

            def start() -> None:
                run_then_reload(
                    lambda s, a: service.start_review(s, actor=a, application_id=r.id),
                    t("adm.start_review"),
                    type="positive",
                )

            ui.button(t("adm.start_review"), icon="play_arrow", on_click=start).props("flat").mark(
                "start-review"
            )
        reasons = ui.textarea(t("adm.reasons")).classes("w-full").mark("decision-reasons")

        def decide(approve: bool) -> None:
            text = reasons.value or ""
            run_then_reload(
                lambda s, a: service.decide(
                    s, actor=a, application_id=r.id, approve=approve, reasons=text
                ),
                t("adm.decided"),
                type="positive",
            )

        with ui.row().classes("gap-3"):
            ui.button(t("adm.approve"), icon="check", color="green",
                      on_click=lambda: decide(True)).mark("approve")  # fmt: skip
            ui.button(t("adm.reject"), icon="close", color="red",
                      on_click=lambda: decide(False)).mark("reject")  # fmt: skip
