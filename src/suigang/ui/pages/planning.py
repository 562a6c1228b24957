"""Planning pages: the factory's plan as a Gantt per machine and per order, its versions,
the machine board with "take down", capable-to-promise for an RFQ (the front shop's order
timeline and notifications are ``customer_plan.py``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from nicegui import ui

from suigang.domains.catalog.machines import list_machines
from suigang.domains.catalog.models import MachineStatus
from suigang.domains.catalog.service import list_products
from suigang.domains.common import owned_by
from suigang.domains.identity.models import EnterpriseKind
from suigang.domains.identity.permissions import can
from suigang.domains.orders.service import get_rfq
from suigang.domains.planning import ctp, disrupt, service, views
from suigang.domains.planning.models import ScheduleVersion, VersionStatus
from suigang.errors import DomainError
from suigang.ui.components.gantt import gantt
from suigang.ui.components.promise import promise_view
from suigang.ui.context import (
    PageContext,
    fmt_datetime,
    run_action,
)
from suigang.ui.frame import (
    Link,
    Status,
    add_navigation,
    data_table,
    field_grid,
    forbidden,
    found,
    frame,
    not_found,
    notify_after_navigate,
    notify_after_reload,
    section,
)
from suigang.ui.guard import guarded_page
from suigang.ui.i18n import LABELS, LANGS, add_labels, t
from suigang.ui.pages._plan_search import search_controls
from suigang.ui.pages._planning_labels import LABELS as LABELS_OF_PLANNING

_LABELS = LABELS_OF_PLANNING  # the customer pages' labels too
# the test harness may import this module again; a label it added before, unchanged, is fine
add_labels({k: v for k, v in _LABELS.items() if LABELS.get(k) != dict(zip(LANGS, v, strict=True))})
add_navigation(EnterpriseKind.FACTORY, "/plan", "nav.plan", "view_timeline")


def _is_factory(ctx: PageContext) -> bool:
    return ctx.kind == EnterpriseKind.FACTORY and can(
        ctx.actor, "plan:read", owned_by(ctx.actor.enterprise_id)
    )


def register() -> None:
    @guarded_page("/plan")
    def plan_page(ctx: PageContext) -> None:
        if not _is_factory(ctx):
            forbidden(ctx)
            return
        frame(ctx, "page.plan")
        plan_home(ctx)

    @guarded_page("/plan/{plan_id}")
    def plan_version_page(ctx: PageContext, plan_id: str) -> None:
        detail = found(ctx, "thing.plan", lambda: views.plan_detail(
            ctx.session, actor=ctx.actor, plan_id=uuid.UUID(plan_id)),
            missing=(DomainError, ValueError))  # fmt: skip
        if detail is None:
            return
        version, ops, breaks = detail
        frame(ctx, "page.plan_version", number=version.number)
        plan_version(ctx, version, ops, breaks)

    @guarded_page("/rfqs/{rfq_id}/promise")
    def promise_page(ctx: PageContext, rfq_id: str, product: str = "") -> None:
        try:
            rfq = get_rfq(ctx.session, actor=ctx.actor, rfq_id=uuid.UUID(rfq_id))
            # the product asked for, else the factory's product of the RFQ's code
            product_id = uuid.UUID(product) if product else _product_of(ctx, rfq.product_code)
            answer = (
                None
                if product_id is None
                else ctp.promise_date(
                    ctx.session, actor=ctx.actor, rfq_id=rfq.id, product_id=product_id
                )
            )
        except (DomainError, ValueError):
            not_found(ctx, "thing.rfq_for_promise")
            return
        frame(ctx, "page.promise")
        ui.link(t("page.rfq", number=rfq.number), f"/rfqs/{rfq.id}").classes("text-teal-800")
        if answer is None:
            ui.label(t("promise.choose_product")).classes("text-grey-7").mark("choose-product")
        else:
            with section("page.promise").classes("max-w-2xl"):
                promise_view(ctx.tz, answer)


def _product_of(ctx: PageContext, code: str) -> uuid.UUID | None:
    """The factory's own product with this code, if it has one."""
    if not code:
        return None
    products, _ = list_products(ctx.session, actor=ctx.actor, limit=200)
    return next((p.id for p in products if p.code == code), None)


def plan_home(ctx: PageContext) -> None:
    current = service.current_version(ctx.session, ctx.actor.enterprise_id)

    def make() -> None:
        version = run_action(lambda s, a: service.make_plan(s, actor=a))
        if version is not None:
            notify_after_navigate(
                f"/plan/{version.id}", t("plan.made", number=version.number), type="positive"
            )

    with ui.row().classes("items-center gap-4"):
        ui.button(t("plan.make"), icon="auto_mode", on_click=make).props(
            "color=teal-8 no-caps"
        ).mark("make-plan")
        search_controls(ctx)
    if current is None:
        ui.label(t("plan.none")).classes("text-grey-7 italic").mark("no-plan")
    else:
        _, ops, breaks = views.plan_detail(ctx.session, actor=ctx.actor, plan_id=current.id)
        with section("plan.gantt"):
            ui.link(t("page.plan_version", number=current.number), f"/plan/{current.id}")
            gantt(ops, breaks)
    machine_board(ctx)
    with section("plan.versions"):
        versions = service.list_plans(ctx.session, actor=ctx.actor, limit=20)
        data_table(
            [
                t("field.plan_number"),
                t("field.status"),
                t("field.reason"),
                t("field.created_at"),
                t("field.created_by"),
                t("field.late_work_orders"),
                t("field.moved_operations"),
            ],
            [
                (
                    Link(str(v.number), f"/plan/{v.id}"),
                    Status(v.status.value, "planstatus"),
                    t(f"plan.reason.{v.reason.value}"),
                    fmt_datetime(v.created_at, ctx.tz),
                    created_by(v),
                    str(v.objective.get("late_work_orders", "—")),
                    str(moved) if v.base_version_id else "—",
                )
                for v, moved in versions
            ],
            empty_key="plan.none",
        )


def created_by(version: ScheduleVersion) -> str:
    """Who made a plan version: the user, or the platform itself for an automatic repair."""
    return version.created_by_label if version.created_by else t("plan.by_platform")


def machine_board(ctx: PageContext) -> None:
    machines, _ = list_machines(ctx.session, actor=ctx.actor, limit=200)
    may_write = can(ctx.actor, "plan:write", owned_by(ctx.actor.enterprise_id))
    with section("plan.machines"):
        for m in machines:
            with ui.row().classes("items-center gap-4"):
                ui.label(m.code).classes("font-medium w-40").mark("machine-code")
                ui.label(m.name).classes("text-sm w-60")
                ui.badge(t(f"status.{m.status.value}")).props("outline")
                # a machine already out of production has nothing left to take down
                if may_write and m.status is MachineStatus.IN_SERVICE:
                    ui.button(
                        t("plan.take_down"),
                        icon="build",
                        on_click=lambda _, mid=m.id, code=m.code: confirm_take_down(mid, code),
                    ).props("outline dense no-caps color=red-8").mark(f"take-down-{m.code}")


def confirm_take_down(machine_id: uuid.UUID, code: str) -> None:
    """Ask before a breakdown entered by hand repairs and releases the plan."""

    def take_down() -> None:
        def use_case(s: Any, a: Any) -> tuple[ScheduleVersion | None]:
            return (disrupt.report_machine_down(s, actor=a, machine_id=machine_id),)

        done = run_action(use_case)
        dialog.close()
        if done is None:
            return
        version = done[0]
        if version is None:
            notify_after_reload(t("plan.nothing_to_repair"))
        else:
            notify_after_reload(
                t("plan.repaired", number=version.number, moved=len(version.moved)),
                type="warning",
            )

    with ui.dialog() as dialog, ui.card():
        ui.label(t("plan.take_down_confirm", code=code)).mark("take-down-question")
        with ui.row():
            ui.button(t("plan.take_down"), on_click=take_down).props("color=red-8 no-caps").mark(
                "confirm-take-down"
            )
            ui.button(t("machines.cancel"), on_click=dialog.close).props("flat no-caps")
    dialog.open()


def plan_version(
    ctx: PageContext,
    version: ScheduleVersion,
    ops: list[dict[str, Any]],
    breaks: list[tuple[datetime, datetime]],
) -> None:
    obj = version.objective
    with section("plan.objective").classes("max-w-2xl"):
        field_grid(
            [
                ("field.status", Status(version.status.value, "planstatus")),
                ("field.reason", t(f"plan.reason.{version.reason.value}")),
                ("field.created_at", fmt_datetime(version.created_at, ctx.tz)),
                ("field.created_by", created_by(version)),
                ("field.makespan_min", str(obj.get("makespan_min", "—"))),
                ("field.twt_min", str(obj.get("twt_min", "—"))),
                ("field.setup_total_min", str(obj.get("setup_min", "—"))),
                ("field.late_work_orders", str(obj.get("late_work_orders", "—"))),
                ("field.notes", version.note or "—"),
            ]
        )
        if version.status is VersionStatus.DRAFT and can(ctx.actor, "plan:write", version):
            plan_id, row_version = version.id, version.version

            def release() -> None:
                done = run_action(
                    lambda s, a: service.release_plan(
                        s, actor=a, plan_id=plan_id, version=row_version
                    )
                )
                if done is not None:
                    notify_after_navigate(
                        "/plan", t("plan.released", number=done.number), type="positive"
                    )

            ui.button(t("plan.release"), icon="play_arrow", on_click=release).props(
                "color=teal-8 no-caps"
            ).mark("release-plan")
    with section("plan.gantt"):
        gantt(ops, breaks)
    current = service.current_version(ctx.session, version.factory_id)
    if current is not None and current.id != version.id:
        cmp = views.compare_plans(ctx.session, actor=ctx.actor, a=current.id, b=version.id)
        with section("plan.compare"):
            changed = [c for c in cmp.orders if c.change_min]
            data_table(
                [
                    t("field.order"),
                    t("field.promised_date"),
                    t("field.forecast_date"),
                    t("field.change_min"),
                ],
                [
                    (
                        Link(c.order_number, f"/orders/{c.order_id}"),
                        fmt_datetime(c.promised_date, ctx.tz),
                        fmt_datetime(c.forecast_b, ctx.tz),
                        f"{c.change_min:+d}",
                    )
                    for c in changed
                ],
                empty_key="plan.no_changes",
            )
    with section("plan.moved"):
        data_table(
            [t("field.work_order"), t("field.start")],
            [
                (m["work_order"], fmt_datetime(datetime.fromisoformat(m["to_start"]), ctx.tz))
                for m in version.moved[:200]
            ],
            empty_key="plan.no_moves",
        )
