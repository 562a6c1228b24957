"""Planning pages: the factory's plan as a Gantt per machine and per order, its versions,
the machine board with "take down", capable-to-promise for an RFQ; the front shop's order
timeline (its own operations only) and its notifications."""

from __future__ import annotations

import uuid
import zlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from nicegui import ui
from starlette.responses import RedirectResponse

from suigang.db import utcnow
from suigang.domains.catalog.machines import list_machines
from suigang.domains.catalog.models import MachineStatus
from suigang.domains.catalog.service import list_products
from suigang.domains.common import owned_by
from suigang.domains.identity.models import EnterpriseKind
from suigang.domains.identity.permissions import can
from suigang.domains.orders.service import get_rfq
from suigang.domains.planning import ctp, disrupt, notify, service, views
from suigang.domains.planning.models import ScheduleVersion, VersionStatus
from suigang.errors import DomainError, NotFound
from suigang.ui.context import (
    SHANGHAI,
    PageContext,
    fmt_datetime,
    page_context,
    promise_day,
    run_action,
)
from suigang.ui.frame import (
    Link,
    Status,
    add_navigation,
    data_table,
    field_grid,
    forbidden,
    frame,
    not_found,
    notify_after_navigate,
    notify_after_reload,
    section,
)
from suigang.ui.i18n import LABELS, LANGS, add_labels, t
from suigang.ui.messages import refusal
from suigang.ui.pages._plan_search import search_controls

_LABELS: dict[str, tuple[str, str, str]] = {
    "page.plan": ("生产计划", "生產計劃", "Production plan"),
    "page.plan_version": ("计划 {number}", "計劃 {number}", "Plan {number}"),
    "page.order_timeline": (
        "订单 {number} 进度",
        "訂單 {number} 進度",
        "Order {number} timeline",
    ),
    "page.notifications": ("通知", "通知", "Notifications"),
    "page.promise": ("按产能承诺交期", "按產能承諾交期", "Promise from capacity"),
    "nav.plan": ("生产计划", "生產計劃", "Plan"),
    "nav.notifications": ("通知", "通知", "Notifications"),
    "thing.plan": ("计划", "計劃", "plan"),
    "thing.rfq_for_promise": ("询价", "詢價", "request for quote"),
    "plan.now": ("当前", "目前", "now"),
    "plan.search": ("深度优化", "深度優化", "Search for a better plan"),
    "plan.searching": ("优化中…", "優化中…", "Searching…"),
    "plan.none": (
        "尚无已下达的计划：先排产。",
        "尚無已下達的計劃：先排產。",
        "No plan released yet: make one first.",
    ),
    "plan.make": ("立即排产", "立即排產", "Make a plan now"),
    "plan.made": (
        "已生成计划 {number}（草稿）",
        "已生成計劃 {number}（草稿）",
        "Plan {number} made (draft)",
    ),
    "plan.release": ("下达到车间", "下達到車間", "Release to the floor"),
    "plan.released": ("计划 {number} 已下达", "計劃 {number} 已下達", "Plan {number} released"),
    "plan.versions": ("计划版本", "計劃版本", "Plan versions"),
    "plan.gantt_machine": ("按设备", "按設備", "By machine"),
    "plan.gantt_order": ("按工单", "按工單", "By work order"),
    "plan.gantt": ("甘特图", "甘特圖", "Gantt chart"),
    "plan.gantt_note": (
        "灰色带为非工作时间；深色为换型准备；红框为逾期工序；红线为当前时间。",
        "灰色帶為非工作時間；深色為換型準備；紅框為逾期工序；紅線為目前時間。",
        "Grey bands: off shift; dark part: setup; red outline: late; red line: now.",
    ),
    "plan.objective": ("计划指标", "計劃指標", "Plan figures"),
    "plan.moved": ("本版调整的工序", "本版調整的工序", "Operations moved in this version"),
    "plan.no_moves": ("无调整", "無調整", "Nothing moved"),
    "plan.compare": ("与已下达计划比较", "與已下達計劃比較", "Against the released plan"),
    "plan.no_changes": ("各订单预测不变", "各訂單預測不變", "No order's forecast changes"),
    "plan.machines": ("设备看板", "設備看板", "Machine board"),
    "plan.take_down": ("停机检修（4 小时）", "停機檢修（4 小時）", "Take down (4 h)"),
    "plan.take_down_confirm": (
        "{code} 停机 4 小时？计划将立即修复并下达，受影响的客户会收到通知。",
        "{code} 停機 4 小時？計劃將立即修復並下達，受影響的客戶會收到通知。",
        "Take {code} down for 4 hours? The plan is repaired and released at once, and "
        "customers whose orders slip are told.",
    ),
    "plan.repaired": (
        "计划已修复并下达：计划 {number}，调整 {moved} 道工序",
        "計劃已修復並下達：計劃 {number}，調整 {moved} 道工序",
        "Plan repaired and released: plan {number}, {moved} operations moved",
    ),
    "plan.nothing_to_repair": (
        "该设备停机不影响已下达计划",
        "該設備停機不影響已下達計劃",
        "The outage does not touch the released plan",
    ),
    "planstatus.draft": ("草稿", "草稿", "Draft"),
    "planstatus.released": ("已下达", "已下達", "Released"),
    "planstatus.superseded": ("已替代", "已替代", "Superseded"),
    "plan.reason.solve": ("排产", "排產", "Planned"),
    "plan.reason.repair": ("修复", "修復", "Repair"),
    "plan.reason.ctp": ("插单", "插單", "Order inserted"),
    "plan.reason.manual": ("人工调整", "人工調整", "Manual edit"),
    "field.plan_number": ("版本", "版本", "Version"),
    "field.reason": ("原因", "原因", "Reason"),
    "field.created_by": ("创建人", "建立人", "By"),
    "plan.by_platform": ("平台自动", "平臺自動", "The platform (automatic)"),
    "field.finish": ("完工", "完工", "Finish"),
    "field.makespan_min": (
        "总工期（工作分钟）",
        "總工期（工作分鐘）",
        "Makespan (working min)",
    ),
    "field.twt_min": (
        "加权拖期（工作分钟）",
        "加權拖期（工作分鐘）",
        "Weighted tardiness (working min)",
    ),
    "field.setup_total_min": ("换型合计（分钟）", "換型合計（分鐘）", "Setups (min)"),
    "field.late_work_orders": ("逾期工单", "逾期工單", "Late work orders"),
    "field.work_order": ("工单", "工單", "Work order"),
    "field.machine": ("设备", "設備", "Machine"),
    "field.start": ("开始", "開始", "Start"),
    "field.end": ("结束", "結束", "End"),
    "field.change_min": ("变化（分钟）", "變化（分鐘）", "Change (min)"),
    "field.message": ("内容", "內容", "Message"),
    "field.earliest": (
        "最早完工（不影响已承诺订单）",
        "最早完工（不影響已承諾訂單）",
        "Earliest, keeping every promise",
    ),
    "field.with_bumping": (
        "挤占低优先级订单时",
        "擠佔低優先級訂單時",
        "If lower-priority orders yield",
    ),
    "field.delay_min": ("延后（分钟）", "延後（分鐘）", "Delay (min)"),
    "field.breaks_promise": ("超出承诺", "超出承諾", "Past promise"),
    "timeline.late": (
        "预计比承诺晚 {minutes} 分钟",
        "預計比承諾晚 {minutes} 分鐘",
        "Forecast {minutes} min after the promise",
    ),
    "timeline.on_time": ("预计按承诺交付", "預計按承諾交付", "On track for the promise"),
    "timeline.operations": ("本订单的工序", "本訂單的工序", "This order's operations"),
    "timeline.no_plan": (
        "工厂尚未排产本订单",
        "工廠尚未排產本訂單",
        "The factory has not planned this order yet",
    ),
    "notifications.none": ("暂无通知", "暫無通知", "No notifications"),
    "notifications.mark_read": ("标为已读", "標為已讀", "Mark read"),
    "notifications.slipped": (
        "订单 {number}：预测完工 {forecast}，晚于承诺的 {promised}",
        "訂單 {number}：預測完工 {forecast}，遲於承諾的 {promised}",
        "Order {number}: forecast completion {forecast}, after the promised {promised}",
    ),
    "promise.bumped": ("将被推迟的订单", "將被推遲的訂單", "Orders that would be delayed"),
    "promise.none_bumped": ("无", "無", "None"),
    "promise.choose_product": (
        "询价的产品编码不在本厂目录中：请在报价表单中选择产品后按产能承诺交期。",
        "詢價的產品編碼不在本廠目錄中：請在報價表單中選擇產品後按產能承諾交期。",
        "The RFQ's product code is not in your catalogue: choose the product on the quote "
        "form, then promise from capacity there.",
    ),
    "common.yes": ("是", "是", "yes"),
    "common.no": ("否", "否", "no"),
}
# the test harness may import this module again; a label it added before, unchanged, is fine
add_labels({k: v for k, v in _LABELS.items() if LABELS.get(k) != dict(zip(LANGS, v, strict=True))})
add_navigation(EnterpriseKind.FACTORY, "/plan", "nav.plan", "view_timeline")
add_navigation(EnterpriseKind.FRONT_SHOP, "/notifications", "nav.notifications", "notifications")

BREAK_COLOR = "rgba(120, 120, 120, 0.12)"


def _ms(value: datetime) -> int:
    return int(value.timestamp() * 1000)


def _color(key: str) -> str:
    """A stable colour per work order."""
    hue = zlib.crc32(key.encode()) % 360
    return f"hsl({hue}, 55%, 55%)"


RENDER_BAR = """function (params, api) {
  var y = api.value(0);
  var s = api.coord([api.value(1), y]);
  var e = api.coord([api.value(2), y]);
  var m = api.coord([api.value(1) + api.value(3), y]);
  var h = api.size([0, 1])[1] * 0.6;
  var late = api.value(4) === 1;
  var bar = {type: 'rect', shape: {x: s[0], y: s[1] - h / 2, width: Math.max(e[0] - s[0], 1),
    height: h}, style: {fill: api.visual('color'), stroke: late ? '#c62828' : '#ffffff',
    lineWidth: late ? 2 : 0.5}};
  var parts = [bar];
  if (api.value(3) > 0) {
    parts.push({type: 'rect', shape: {x: s[0], y: s[1] - h / 2,
      width: Math.max(Math.min(m[0], e[0]) - s[0], 1), height: h},
      style: {fill: '#37474f', opacity: 0.55}});
  }
  return {type: 'group', children: parts};
}"""


def gantt_options(
    bars: Sequence[dict[str, Any]],
    *,
    by: str,
    breaks: Sequence[tuple[datetime, datetime]],
    now: datetime,
    now_label: str = "now",
) -> dict[str, Any]:
    """ECharts options of a Gantt: one row per machine (``by="machine"``) or per work order
    (``by="work_order"``), bars from ``start`` to ``end`` with the setup part darker, late
    bars outlined in red, off-shift bands in grey, a red line at ``now``, zoom on time.

    Each bar needs ``machine``, ``work_order``, ``name``, ``start``, ``end``, ``setup_min``
    and ``late``.
    """
    rows = sorted({b[by] for b in bars})
    index = {r: k for k, r in enumerate(rows)}
    data = [
        {
            "name": f"{b['work_order']} · {b['name']} · {b['machine']}",
            "value": [
                index[b[by]],
                _ms(b["start"]),
                _ms(b["end"]),
                int(b["setup_min"]) * 60_000,
                1 if b["late"] else 0,
            ],
            "itemStyle": {"color": _color(b["work_order"])},
        }
        for b in bars
    ]
    return {
        "animation": False,
        "grid": {"left": 130, "right": 30, "top": 20, "bottom": 70},
        "tooltip": {":formatter": "function (p) { return p.name; }"},
        "dataZoom": [
            {"type": "slider", "xAxisIndex": 0, "filterMode": "weakFilter"},
            {"type": "inside", "xAxisIndex": 0, "filterMode": "weakFilter"},
        ],
        "xAxis": {"type": "time"},
        "yAxis": {"type": "category", "data": rows, "inverse": True},
        "series": [
            {
                "type": "custom",
                ":renderItem": RENDER_BAR,
                "encode": {"x": [1, 2], "y": 0},
                "clip": True,
                "data": data,
                "markArea": {
                    "silent": True,
                    "itemStyle": {"color": BREAK_COLOR},
                    "data": [[{"xAxis": _ms(a)}, {"xAxis": _ms(b)}] for a, b in breaks],
                },
                "markLine": {
                    "silent": True,
                    "symbol": "none",
                    "lineStyle": {"color": "#c62828", "width": 2},
                    "label": {"formatter": now_label, "color": "#c62828"},
                    "data": [{"xAxis": _ms(now)}],
                },
            }
        ],
    }


def _gantt(bars: Sequence[dict[str, Any]], breaks: Sequence[tuple[datetime, datetime]]) -> None:
    rows = max(len({b["machine"] for b in bars}), len({b["work_order"] for b in bars}), 1)
    height = f"{min(1200, 150 + 32 * rows)}px"
    now = utcnow()
    with ui.tabs().classes("w-full") as tabs:
        by_machine = ui.tab(t("plan.gantt_machine")).mark("tab-machine")
        by_order = ui.tab(t("plan.gantt_order")).mark("tab-order")
    with ui.tab_panels(tabs, value=by_machine).classes("w-full"):
        for tab, by in ((by_machine, "machine"), (by_order, "work_order")):
            with ui.tab_panel(tab):
                chart = ui.echart(
                    gantt_options(bars, by=by, breaks=breaks, now=now, now_label=t("plan.now"))
                )
                chart.classes("w-full").style(f"height: {height}").mark(f"gantt-{by}")
    ui.label(t("plan.gantt_note")).classes("text-xs text-grey-7")


def _is_factory(ctx: PageContext) -> bool:
    return ctx.kind == EnterpriseKind.FACTORY and can(
        ctx.actor, "plan:read", owned_by(ctx.actor.enterprise_id)
    )


def register() -> None:
    @ui.page("/plan")
    def plan_page() -> RedirectResponse | None:
        with page_context() as ctx:
            if ctx is None:
                return RedirectResponse("/login", status_code=303)
            if not _is_factory(ctx):
                forbidden(ctx)
                return None
            frame(ctx, "page.plan")
            plan_home(ctx)
        return None

    @ui.page("/plan/{plan_id}")
    def plan_version_page(plan_id: str) -> RedirectResponse | None:
        with page_context() as ctx:
            if ctx is None:
                return RedirectResponse("/login", status_code=303)
            try:
                version, ops, breaks = views.plan_detail(
                    ctx.session, actor=ctx.actor, plan_id=uuid.UUID(plan_id)
                )
            except (DomainError, ValueError):
                not_found(ctx, "thing.plan")
                return None
            frame(ctx, "page.plan_version", number=version.number)
            plan_version(ctx, version, ops, breaks)
        return None

    @ui.page("/orders/{order_id}/timeline")
    def order_timeline_page(order_id: str) -> RedirectResponse | None:
        with page_context() as ctx:
            if ctx is None:
                return RedirectResponse("/login", status_code=303)
            try:
                forecast = views.order_forecast(
                    ctx.session, actor=ctx.actor, order_id=uuid.UUID(order_id)
                )
            except (NotFound, ValueError):
                not_found(ctx, "thing.order")
                return None
            frame(ctx, "page.order_timeline", number=forecast.order_number)
            order_timeline(ctx, forecast)
        return None

    @ui.page("/notifications")
    def notifications_page() -> RedirectResponse | None:
        with page_context() as ctx:
            if ctx is None:
                return RedirectResponse("/login", status_code=303)
            frame(ctx, "page.notifications")
            notifications(ctx)
        return None

    @ui.page("/rfqs/{rfq_id}/promise")
    def promise_page(rfq_id: str, product: str = "") -> RedirectResponse | None:
        with page_context() as ctx:
            if ctx is None:
                return RedirectResponse("/login", status_code=303)
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
                return None
            frame(ctx, "page.promise")
            ui.link(t("page.rfq", number=rfq.number), f"/rfqs/{rfq.id}").classes("text-teal-800")
            if answer is None:
                ui.label(t("promise.choose_product")).classes("text-grey-7").mark("choose-product")
            else:
                with section("page.promise").classes("max-w-2xl"):
                    promise_view(ctx.tz, answer)
        return None


def _product_of(ctx: PageContext, code: str) -> uuid.UUID | None:
    """The factory's own product with this code, if it has one."""
    if not code:
        return None
    products, _ = list_products(ctx.session, actor=ctx.actor, limit=200)
    return next((p.id for p in products if p.code == code), None)


def promise_panel(rfq_id: uuid.UUID, product_select: ui.select, promised: ui.input) -> None:
    """For the quote form: a button that runs capable-to-promise for the product chosen in
    ``product_select``, writes the day to promise into ``promised`` and shows the earliest
    date the released plan keeps, the date with bumping and whose work would slip."""

    def fill() -> None:
        if not product_select.value:
            ui.notify(refusal(t("error.choose_product")), type="warning")
            return
        answer = run_action(
            lambda s, a: ctp.promise_date(
                s, actor=a, rfq_id=rfq_id, product_id=uuid.UUID(str(product_select.value))
            )
        )
        if answer is None:
            return
        promised.value = promise_day(answer.earliest, SHANGHAI)
        details.clear()
        with details:
            promise_view(SHANGHAI, answer)

    ui.button(t("page.promise"), icon="event_available", on_click=fill).props(
        "outline no-caps color=teal-8"
    ).mark("promise-from-capacity")
    details = ui.column().classes("w-full gap-1").mark("promise-details")


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
            _gantt(ops, breaks)
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
            ],
            [
                (
                    Link(str(v.number), f"/plan/{v.id}"),
                    Status(v.status.value, "planstatus"),
                    t(f"plan.reason.{v.reason.value}"),
                    fmt_datetime(v.created_at, ctx.tz),
                    created_by(v),
                    str(v.objective.get("late_work_orders", "—")),
                )
                for v in versions
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
        _gantt(ops, breaks)
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


def order_timeline(ctx: PageContext, forecast: views.OrderForecast) -> None:
    """Promised vs forecast and the order's own operations; nothing else of the factory."""
    with section("order.dates").classes("max-w-xl"):
        field_grid(
            [
                ("field.promised_date", fmt_datetime(forecast.promised_date, ctx.tz)),
                ("field.forecast_date", fmt_datetime(forecast.forecast_date, ctx.tz)),
            ]
        )
        if forecast.late_min > 0:
            ui.label(t("timeline.late", minutes=forecast.late_min)).classes(
                "text-sm text-negative"
            ).mark("timeline-late")
        elif forecast.forecast_date is not None:
            ui.label(t("timeline.on_time")).classes("text-sm text-positive").mark(
                "timeline-on-time"
            )
    with section("timeline.operations"):
        if not forecast.operations:
            ui.label(t("timeline.no_plan")).classes("text-grey-7 italic")
            return
        bars = [
            {
                "machine": f"{e.seq} {e.name}",
                "work_order": forecast.order_number,
                "name": f"{e.seq} {e.name}",
                "start": e.start,
                "end": e.end,
                "setup_min": 0,
                "late": e.end > forecast.promised_date,
            }
            for e in forecast.operations
        ]
        chart = ui.echart(
            gantt_options(bars, by="machine", breaks=[], now=utcnow(), now_label=t("plan.now"))
        )
        chart.classes("w-full").style(f"height: {100 + 36 * len(bars)}px").mark("order-gantt")
        data_table(
            [t("field.seq"), t("field.operation"), t("field.start"), t("field.end")],
            [
                (e.seq, e.name, fmt_datetime(e.start, ctx.tz), fmt_datetime(e.end, ctx.tz))
                for e in forecast.operations
            ],
            empty_key="timeline.no_plan",
        )


def notifications(ctx: PageContext) -> None:
    try:
        notes = notify.list_notifications(ctx.session, actor=ctx.actor)
    except DomainError:
        notes = []
    if not notes:
        ui.label(t("notifications.none")).classes("text-grey-7 italic").mark("no-notifications")
        return
    for n in notes:
        with (
            ui.card().classes("w-full").props("flat bordered"),
            ui.row().classes("items-center gap-4"),
        ):
            ui.label(fmt_datetime(n.created_at, ctx.tz)).classes("text-xs text-grey-7")
            ui.label(notification_text(n.kind, n.data, ctx) or n.message).classes("text-sm").mark(
                "notification"
            )
            order_id = n.data.get("order_id")
            if order_id:
                ui.link(
                    t("page.order_timeline", number=n.data.get("order_number", "")),
                    f"/orders/{order_id}/timeline",
                )
            if n.read_at is None:
                note_id = n.id

                def read(_: object, nid: uuid.UUID = note_id) -> None:
                    if run_action(lambda s, a: notify.mark_read(s, actor=a, notification_id=nid)):
                        ui.navigate.reload()

                ui.button(t("notifications.mark_read"), on_click=read).props("flat dense no-caps")


def notification_text(kind: str, data: dict[str, Any], ctx: PageContext) -> str | None:
    """The notification in the reader's language, from its data (None: use the stored text)."""
    if kind != notify.FORECAST_SLIPPED:
        return None
    try:
        forecast = datetime.fromisoformat(str(data["forecast_date"]))
        promised = datetime.fromisoformat(str(data["promised_date"]))
    except (KeyError, ValueError):
        return None
    return t(
        "notifications.slipped",
        number=data.get("order_number", ""),
        forecast=fmt_datetime(forecast, ctx.tz),
        promised=fmt_datetime(promised, ctx.tz),
    )


def promise_view(tz: ZoneInfo, answer: ctp.Promise) -> None:
    """Capable-to-promise's answer: the dates and who would be delayed by bumping."""
    field_grid(
        [
            ("field.quantity", answer.quantity),
            ("field.earliest", fmt_datetime(answer.earliest, tz)),
            ("field.with_bumping", fmt_datetime(answer.with_bumping, tz)),
        ]
    )
    ui.label(t("promise.bumped")).classes("text-sm font-medium text-teal-900")
    data_table(
        [
            t("field.work_order"),
            t("field.order"),
            t("field.delay_min"),
            t("field.breaks_promise"),
        ],
        [
            (
                b.work_order,
                b.order_number or "—",
                b.delay_min,
                t("common.yes") if b.breaks_promise else t("common.no"),
            )
            for b in answer.bumped
        ],
        empty_key="promise.none_bumped",
    )
