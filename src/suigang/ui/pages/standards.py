"""``/standards``: look a standard up both ways (superseded and unverified rows marked), and
the zone office's import; ``/standards/products``: a factory's products filed under the zone
office's categories, and its certifications; ``/standards/products/{id}``: what one product
must meet, mainland and Hong Kong / international side by side."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from nicegui import events, ui
from sqlalchemy.orm import Session

from suigang.domains.common import owned_by
from suigang.domains.identity.models import EnterpriseKind
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.standards import service
from suigang.domains.standards.schemas import (
    CertificationCreate,
    ImportResult,
    RequirementRead,
    StandardMatch,
    StandardsLookup,
)
from suigang.errors import DomainError
from suigang.ui.context import PageContext, run_action
from suigang.ui.frame import (
    STATUS_COLORS,
    add_navigation,
    data_table,
    found,
    frame,
    notify_after_reload,
    run_then_reload,
    section,
)
from suigang.ui.guard import guarded_page
from suigang.ui.i18n import add_labels, t
from suigang.ui.pages._standards_labels import LABELS

add_labels(LABELS)
for _kind in EnterpriseKind:
    add_navigation(_kind, "/standards", "standards.nav", "rule")
add_navigation(
    EnterpriseKind.FACTORY, "/standards/products", "standards.nav_products", "fact_check"
)
STATUS_COLORS.update({"held": "green", "expiring": "orange", "expired": "red", "missing": "red"})


def adoption_text(m: StandardMatch) -> str:
    if m.adoption == "UNVERIFIED":
        return t("standards.unverified")
    return m.adoption if m.verified else t("standards.no_source", adoption=m.adoption)


def edition_text(m: StandardMatch) -> str:
    if m.superseded:
        return t("standards.superseded_by", by=m.superseded_by)
    return t("standards.current")


def kind_text(m: StandardMatch) -> str:
    return t(f"standards.kind.{m.cn_kind or 'other'}")


def matches_table(rows: list[StandardMatch]) -> None:
    data_table(
        [
            t("standards.intl"), t("standards.cn"), t("standards.cn_kind"), t("standards.year"),
            t("standards.adoption"), t("standards.edition"), t("standards.topic"),
        ],
        [
            (
                m.intl_standard + (f" · {t('standards.asked_edition')}" if m.edition_match else ""),
                m.cn_standard + (f" {m.cn_title_zh}" if m.cn_title_zh else ""),
                kind_text(m), m.year, adoption_text(m), edition_text(m), m.topic,
            )
            for m in rows
        ],
        empty_key="standards.none",
    )  # fmt: skip


def lookup_results(ctx: PageContext, result: StandardsLookup) -> None:
    with section("standards.search").mark("results"):
        ui.label(" / ".join(result.query)).classes("font-medium")
        for note in result.notes:
            ui.label(
                t(
                    f"standards.note.{note.kind}",
                    subject=note.subject,
                    related="、".join(note.related),
                )
            ).classes("text-sm text-orange-9").mark("lookup-note")
        matches_table(result.items)
        for m in result.items:
            if m.source:
                ui.label(f"{m.cn_standard} · {t('standards.source')}: {m.source}").classes(
                    "text-xs text-grey-7 break-all"
                )


def import_section(ctx: PageContext) -> None:
    with section("standards.import").mark("standards-import"):
        ui.label(t("standards.import_hint")).classes("text-xs text-grey-7")
        problems = ui.column().classes("gap-0")

        async def uploaded(e: events.UploadEventArguments) -> None:
            content, name = await e.file.read(), e.file.name
            problems.clear()

            def work(session: Session, actor: Actor) -> ImportResult | service.TableRejected:
                try:
                    return service.import_table(
                        session, actor=actor, content=content, filename=name
                    )
                except service.TableRejected as exc:  # listed on the page, line by line
                    session.rollback()
                    return exc

            outcome = run_action(work)
            if isinstance(outcome, service.TableRejected):
                with problems:
                    ui.label(t("standards.rejected")).classes("text-red-8 font-medium").mark(
                        "import-rejected"
                    )
                    for err in outcome.errors:
                        ui.label(t("standards.line", line=err.line, reason=err.reason)).classes(
                            "text-sm"
                        ).mark("import-error")
            elif outcome is not None:
                notify_after_reload(
                    t(
                        "standards.imported",
                        kind=outcome.kind,
                        rows=outcome.rows,
                        added=outcome.added,
                        updated=outcome.updated,
                        unchanged=outcome.unchanged,
                    ),
                    type="positive",
                )

        ui.upload(on_upload=uploaded, auto_upload=True).props("accept=.csv flat bordered").classes(
            "w-96"
        ).mark("standards-upload")


def register() -> None:
    @guarded_page(
        "/standards", title="standards.page", permission="standards:read", of_own_firm=False
    )
    def standards_page(ctx: PageContext, q: str = "") -> None:
        ui.label(t("standards.intro")).classes("text-sm text-grey-8 max-w-4xl")
        with ui.row().classes("items-end gap-3"):
            box = ui.input(t("standards.query"), value=q).classes("w-96").mark("standards-query")

            def search() -> None:
                if box.value and box.value.strip():
                    ui.navigate.to(f"/standards?q={uuid_safe(box.value.strip())}")

            box.on("keydown.enter", search)
            ui.button(t("standards.search"), icon="search", on_click=search).props(
                "color=teal-8 no-caps"
            ).mark("standards-search")
        if q.strip():
            try:
                result = service.lookup_standards(ctx.session, actor=ctx.actor, query=q)
            except DomainError as exc:
                ui.label(exc.message).classes("text-red-8").mark("lookup-error")
            else:
                lookup_results(ctx, result)
        if can(ctx.actor, "standards:import"):
            import_section(ctx)
        if can(ctx.actor, "product:read", owned_by(ctx.actor.enterprise_id)):
            ui.link(t("standards.nav_products"), "/standards/products").classes("text-teal-800")

    @guarded_page("/standards/products", title="standards.page_products", permission="product:read")
    def products_page(ctx: PageContext) -> None:
        products_body(ctx)

    @guarded_page("/standards/products/{product_id}", permission="product:read")
    def product_page(ctx: PageContext, product_id: str) -> None:
        check = found(ctx, "standards.product", lambda: service.product_standards(
            ctx.session, actor=ctx.actor, product_id=uuid.UUID(product_id),
            on=datetime.now(ctx.tz).date(),  # the reader's calendar day
        ))  # fmt: skip
        if check is None:
            return
        frame(ctx, "standards.page_product", code=check.product_code)
        ui.label(f"{check.product_code} · {check.product_name}").classes("text-base")
        if check.category is None:
            ui.label(t("standards.file_first")).classes("text-orange-9").mark("file-first")
            ui.link(t("standards.nav_products"), "/standards/products")
            return
        ui.label(f"{t('standards.category')}: {check.category}").classes("font-medium").mark(
            "product-category"
        )
        ui.label(
            t("standards.on", day=check.on.isoformat(), days=check.expiring_within_days)
        ).classes("text-xs text-grey-7")
        with ui.row().classes("w-full gap-4 items-start no-wrap"):
            for side, rows in (
                ("mainland", check.mainland),
                ("hk_international", check.hk_international),
            ):
                with ui.card().classes("flex-1").mark(f"side-{side}"):
                    ui.label(t(f"standards.{side}")).classes("text-lg font-medium text-teal-900")
                    if not rows:
                        ui.label(t("standards.no_requirements")).classes("text-grey-7 italic")
                    for r in rows:
                        requirement_card(r)


def uuid_safe(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def requirement_card(r: RequirementRead) -> None:
    with ui.column().classes("w-full gap-0 border-b border-gray-200 py-2").mark("requirement"):
        with ui.row().classes("items-center gap-2"):
            ui.label(r.standard).classes("font-medium").mark("requirement-standard")
            ui.badge(
                t(f"standards.status.{r.status}"), color=STATUS_COLORS.get(r.status, "grey")
            ).props("outline").classes("text-sm px-2").mark(f"status-{r.status}")
        if r.title:
            ui.label(r.title).classes("text-sm")
        if not r.verified:
            ui.label(t("standards.requirement_unverified")).classes("text-xs text-orange-9").mark(
                "requirement-unverified"
            )
        else:
            ui.label(f"{t('standards.source')}: {r.source}").classes("text-xs text-grey-7")
        if r.certification:
            parts = [t("standards.certificate", standard=r.certification)]
            if r.via:
                parts.append(t("standards.via", via=r.via))
            if r.days_left is not None and r.days_left >= 0:
                parts.append(t("standards.days_left", days=r.days_left))
            elif r.days_left is not None:
                parts.append(t("standards.days_ago", days=-r.days_left))
            ui.label(" · ".join(parts)).classes("text-xs")
        if r.counterparts:
            texts = [
                f"{m.cn_standard if m.matched == 'intl' else m.intl_standard} "
                f"({adoption_text(m)}, {edition_text(m)})"
                for m in r.counterparts
            ]
            ui.label(f"{t('standards.counterparts')}: " + "; ".join(texts)).classes(
                "text-xs text-grey-8"
            ).mark("counterparts")
        else:
            ui.label(t("standards.no_counterparts")).classes("text-xs text-grey-6")


def products_body(ctx: PageContext) -> None:
    categories = service.list_categories(ctx.session, actor=ctx.actor)
    rows, _ = service.list_product_categories(ctx.session, actor=ctx.actor, limit=200)
    writable = can(ctx.actor, "product:write", owned_by(ctx.actor.enterprise_id))
    with section("standards.products").mark("products"):
        if not categories:
            ui.label(t("standards.no_categories")).classes("text-grey-7 italic")
        if not rows:
            ui.label(t("standards.no_products")).classes("text-grey-7 italic")
        for row in rows:
            with ui.row().classes("w-full items-center gap-3 border-b border-gray-200 py-1"):
                ui.link(
                    f"{row.code} · {row.name}", f"/standards/products/{row.product_id}"
                ).classes("text-teal-800 w-96").mark("product-link")
                ui.label(row.category or t("standards.no_category")).classes("w-56 text-sm")
                if writable and categories:
                    pick = ui.select(categories, value=row.category, label=t("standards.category"))
                    pick.classes("w-64").props("dense").mark(f"category-{row.code}")

                    def file_under(product_id=row.product_id, select=pick) -> None:  # type: ignore[no-untyped-def]
                        if not select.value:
                            return
                        run_then_reload(
                            lambda s, a: service.set_product_category(
                                s, actor=a, product_id=product_id, category=select.value
                            ),
                            t("standards.category_set"),
                            type="positive",
                        )

                    ui.button(t("standards.set_category"), on_click=file_under).props(
                        "flat dense no-caps"
                    ).mark(f"file-{row.code}")
    certifications_section(ctx)


def certifications_section(ctx: PageContext) -> None:
    certs = service.list_certifications(ctx.session, actor=ctx.actor)
    admin = can(ctx.actor, "certification:write", owned_by(ctx.actor.enterprise_id))
    with section("standards.certifications").mark("certifications"):
        data_table(
            [t("standards.cert_standard"), t("standards.expires"), t("standards.reference")],
            [(c.standard, c.expires.isoformat() if c.expires else "—", c.reference) for c in certs],
            empty_key="standards.no_certifications",
        )
        if not admin:
            return
        with ui.row().classes("items-end gap-3"):
            standard = ui.input(t("standards.cert_standard")).classes("w-56").mark("cert-standard")
            expires = ui.input(t("standards.expires")).props("type=date").classes("w-44")
            expires.mark("cert-expires")
            reference = ui.input(t("standards.reference")).classes("w-72")

            def add() -> None:
                try:
                    day = date.fromisoformat(expires.value) if expires.value else None
                except ValueError:
                    day = None
                data = CertificationCreate(
                    standard=standard.value or "", expires=day, reference=reference.value or ""
                )
                run_then_reload(
                    lambda s, a: service.record_certification(s, actor=a, data=data),
                    t("standards.certification_added"),
                    type="positive",
                )

            ui.button(t("standards.add_certification"), on_click=add).props(
                "color=teal-8 no-caps"
            ).mark("cert-add")
