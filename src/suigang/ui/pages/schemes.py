"""``/schemes``: the catalogue of support schemes and funding programmes with their sources,
and what the reader's firm (or one of its applications, or a relay project it takes part
in: ``?application=`` / ``?project=``) may qualify for, what it misses, and who can help."""

from __future__ import annotations

import uuid

from nicegui import ui

from suigang.domains.identity.models import EnterpriseKind
from suigang.domains.identity.permissions import can
from suigang.domains.schemes import service
from suigang.domains.schemes.matching import scheme_criteria
from suigang.domains.schemes.schemas import MatchesRead
from suigang.errors import DomainError
from suigang.ui.components.yaml_editor import yaml_editor
from suigang.ui.context import PageContext
from suigang.ui.frame import (
    STATUS_COLORS,
    add_navigation,
    data_table,
    section,
    status_chip,
)
from suigang.ui.guard import guarded_page
from suigang.ui.i18n import t

for _kind in EnterpriseKind:
    add_navigation(_kind, "/schemes", "sch.nav", "volunteer_activism")
# colours of this page's statuses, leaving those other pages set (a quote's 'submitted', 'rejected')
for _status, _colour in {"eligible": "green", "not_eligible": "red", "unknown": "orange"}.items():
    STATUS_COLORS.setdefault(_status, _colour)


def register() -> None:
    @guarded_page("/schemes", title="sch.page", permission="scheme:read", of_own_firm=False)
    def schemes(ctx: PageContext, application: str = "", project: str = "") -> None:
        ui.label(t("sch.note")).classes("text-sm text-grey-8 max-w-4xl")
        matches: MatchesRead | None = None
        try:
            if application:
                matches = service.match_application(
                    ctx.session, actor=ctx.actor, application_id=uuid.UUID(application),
                    lang=ctx.lang,
                )  # fmt: skip
            elif project:
                matches = service.match_project(
                    ctx.session, actor=ctx.actor, project_id=uuid.UUID(project), lang=ctx.lang
                )
            elif ctx.kind != EnterpriseKind.ZONE_OFFICE.value:
                matches = service.match_firm(ctx.session, actor=ctx.actor, lang=ctx.lang)
        except (ValueError, DomainError):
            ctx.session.rollback()
            matches = None
        if matches is not None:
            matches_section(matches)
        catalogue_section(ctx)
        if can(ctx.actor, "scheme:write"):
            rows = service.list_schemes(ctx.session, actor=ctx.actor)
            edit_form(service.scheme_text(rows[0] if rows else None))


def matches_section(m: MatchesRead) -> None:
    with ui.card().classes("w-full").mark("scheme-matches"):
        ui.label(t("sch.matches", subject=m.subject)).classes("text-lg font-medium text-teal-900")
        for item in m.matches:
            with ui.column().classes("w-full gap-1 border-b border-gray-200 py-2").mark("match"):
                with ui.row().classes("items-center gap-3"):
                    ui.label(item.name).classes("font-medium")
                    status_chip(item.eligibility, "sch.eligibility")
                    ui.label(item.sponsor).classes("text-sm text-grey-8")
                    ui.link(t("sch.source"), item.source_url, new_tab=True).classes(
                        "text-teal-800 text-sm"
                    )
                if item.missed:
                    ui.label(f"{t('sch.missed')}: " + "; ".join(item.missed)).classes(
                        "text-sm text-red-9"
                    ).mark("missed")
                unknown = [c.criterion for c in item.criteria if c.outcome == "unknown"]
                if unknown:
                    ui.label(f"{t('sch.eligibility.unknown')}: " + "; ".join(unknown)).classes(
                        "text-sm text-orange-9"
                    )
                if item.providers:
                    ui.label(
                        f"{t('sch.providers')}: " + ", ".join(p.name for p in item.providers)
                    ).classes("text-sm").mark("providers")


def edit_form(start: str) -> None:
    """The zone office adds a scheme, or changes the one with the same code, as YAML."""
    yaml_editor(
        start,
        keys=("sch.edit", "sch.edit_hint", "sch.save"),
        marks=("scheme-edit", "scheme-text", "scheme-save"),
        store=lambda s, a, body: service.save_scheme(
            s, actor=a, data=service.scheme_from_text(body)
        ),
        stored=lambda done: t("sch.saved", code=done.code),
    )


def catalogue_section(ctx: PageContext) -> None:
    rows = service.list_schemes(ctx.session, actor=ctx.actor, active_only=True)
    with section("sch.catalogue").mark("scheme-catalogue"):
        data_table(
            [t("sch.name"), t("sch.sponsor"), t("sch.purpose"), t("sch.criteria"),
             t("sch.source")],
            [(r.name(ctx.lang), r.sponsor, r.purpose,
              "; ".join(scheme_criteria(r)),
              r.source_url) for r in rows],
            empty_key="sch.none",
        )  # fmt: skip
