"""``/machines``: the factory's machine board (stack lights, work order, shift OEE, live);
``/machines/{id}``: one machine's OEE trend by shift, loss Pareto and state timeline."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from nicegui import run, ui

from suigang.domains.catalog.models import Machine
from suigang.domains.catalog.service import get_machine
from suigang.domains.common import owned_by
from suigang.domains.equipment.service import machine_board, machine_oee, machine_states
from suigang.domains.identity.permissions import Actor, can
from suigang.engines.oee import losses
from suigang.ui.context import PageContext, db, fmt_datetime
from suigang.ui.frame import (
    Status,
    add_navigation,
    field_grid,
    found,
    frame,
    section,
)
from suigang.ui.guard import guarded_page
from suigang.ui.i18n import add_labels, t
from suigang.ui.pages import _machines_data as data
from suigang.ui.pages._machine_board import LiveBoard, light, state_text

REFRESH_S = 2.0
OEE_REFRESH_S = 30.0  # the shift OEE moves slowly; states refresh every 2 s
TIMELINE_HOURS = 8

add_navigation("factory", "/machines", "machines.nav", "monitor_heart")

LABELS = dict(
    {
        "machines.nav": ("设备看板", "設備看板", "Machine board"),
        "machines.title": ("设备看板", "設備看板", "Machine board"),
        "machines.detail_title": ("设备 {code}", "設備 {code}", "Machine {code}"),
        "machines.intro": (
            "灯色如三色灯：绿色加工中，蓝色换型或其他执行，黄色空闲，"
            "红色故障停机，灰色无数据；每 2 秒刷新",
            "燈色如三色燈：綠色加工中，藍色換型或其他執行，黃色閒置，"
            "紅色故障停機，灰色無數據；每 2 秒更新",
            "Lights as on a stack light: green producing, blue setup or other execution, "
            "yellow idle, red down, grey no data; refreshed every 2 s",
        ),
        "machines.none": ("本厂尚无设备", "本廠尚無設備", "This factory has no machines yet"),
        "machines.state.Executing": ("执行中", "執行中", "Executing"),
        "machines.state.NotExecuting": ("未执行", "未執行", "Not executing"),
        "machines.state.OutOfService": ("故障停机", "故障停機", "Out of service"),
        "machines.state.NotAvailable": ("无数据", "無數據", "Not available"),
        "machines.mode.Processing": ("加工", "加工", "Processing"),
        "machines.mode.Setup": ("换型", "換型", "Setup"),
        "machines.mode.Maintenance": ("维护", "維護", "Maintenance"),
        "machines.mode.None": ("无订单", "無訂單", "No order"),
        "machines.since": ("自 {time}", "自 {time}", "since {time}"),
        "machines.registry_status": ("登记状态", "登記狀態", "Registry status"),
        "machines.work_order": ("工单", "工單", "Work order"),
        "machines.running": (
            "{number} · {operation}（进行中）",
            "{number} · {operation}（進行中）",
            "{number} · {operation} (running)",
        ),
        "machines.next": (
            "{number} · {operation}（待加工）",
            "{number} · {operation}（待加工）",
            "{number} · {operation} (next)",
        ),
        "machines.no_work": ("无未完成工单", "無未完成工單", "No open work order"),
        "machines.no_work_while_down": (
            "停用中：不在生产",
            "停用中：不在生產",
            "Out of service: not producing",
        ),
        "machines.shift_oee": ("本班 OEE", "本更 OEE", "OEE this shift"),
        "machines.take_down": ("停用", "停用", "Take out of service"),
        "machines.bring_back": ("恢复使用", "恢復使用", "Back in service"),
        "machines.reason": ("原因", "原因", "Reason"),
        "machines.reason_needed": (
            "请填写停用原因",
            "請填寫停用原因",
            "Give a reason for taking the machine out of service",
        ),
        "machines.confirm": ("确认", "確認", "Confirm"),
        "machines.cancel": ("取消", "取消", "Cancel"),
        "machines.dialog_down": (
            "停用 {code}：排产将重新安排其工序",
            "停用 {code}：排程將重新安排其工序",
            "Take {code} out of service: planning reschedules its operations",
        ),
        "machines.dialog_up": (
            "恢复使用 {code}",
            "恢復使用 {code}",
            "Bring {code} back into service",
        ),
        "machines.status_changed": (
            "{code} 现为：{status}",
            "{code} 現為：{status}",
            "{code} is now: {status}",
        ),
        "machines.open": ("OEE 详情", "OEE 詳情", "OEE details"),
        "machines.back": ("返回设备看板", "返回設備看板", "Back to the machine board"),
        "machines.address": ("Sparkplug 地址", "Sparkplug 位址", "Sparkplug address"),
        "machines.pru": ("计划单件时间", "計劃單件時間", "Planned run time per unit"),
        "machines.pru_value": ("{seconds} 秒", "{seconds} 秒", "{seconds} s"),
        "machines.current_state": ("当前状态", "當前狀態", "Current state"),
        "machines.window": ("最近 {days} 天", "最近 {days} 天", "Last {days} days"),
        "machines.summary": ("期间汇总", "期間匯總", "Over the period"),
        "machines.trend": ("按班次趋势", "按班次趨勢", "Trend by shift"),
        "machines.pareto": ("损失帕累托", "損失柏拉圖", "Pareto of losses"),
        "machines.timeline": (
            "最近 {hours} 小时状态",
            "最近 {hours} 小時狀態",
            "States of the last {hours} hours",
        ),
        "machines.no_states": ("此期间无状态数据", "此期間無狀態數據", "No states in this period"),
        "machines.no_losses": ("此期间无损失", "此期間無損失", "No losses in this period"),
        "machines.kpi.oee": ("设备综合效率 OEE", "設備綜合效率 OEE", "OEE"),
        "machines.kpi.availability": ("可用率", "可用率", "Availability"),
        "machines.kpi.effectiveness": ("性能效率", "性能效率", "Effectiveness"),
        "machines.kpi.quality_ratio": ("质量率", "品質率", "Quality ratio"),
        "machines.kpi.produced": ("产量", "產量", "Produced"),
        "machines.kpi.good": ("合格品", "合格品", "Good"),
        "machines.loss.adet": ("故障停机 (ADET)", "故障停機 (ADET)", "Breakdown (ADET)"),
        "machines.loss.adot": ("空闲 (ADOT)", "閒置 (ADOT)", "Idle (ADOT)"),
        "machines.loss.aust": ("换型 (AUST)", "換型 (AUST)", "Setup (AUST)"),
        "machines.loss.speed": ("速度损失", "速度損失", "Speed loss"),
        "machines.loss.quality": ("质量损失", "品質損失", "Quality loss"),
        "machines.loss.unknown": ("无状态数据", "無狀態數據", "No state reported"),
        "machines.loss": ("损失", "損失", "Loss"),
        "machines.minutes": ("分钟", "分鐘", "Minutes"),
        "machines.cumulative": ("累计 %", "累計 %", "Cumulative %"),
        "machines.shift": ("班次", "班次", "Shift"),
        "machines.not_on_sparkplug": ("未接入", "未接入", "Not connected"),
        "machines.undefined_note": (
            "“—”表示无定义（分母为零或无工艺路线的计划单件时间）",
            "「—」表示無定義（分母為零或無工藝路線的計劃單件時間）",
            "“—” means undefined (a zero denominator, or no planned run time from a routing)",
        ),
        "thing.machine": ("设备", "設備", "Machine"),
    }
)
add_labels(LABELS)


def register() -> None:
    @guarded_page("/machines", title="machines.title", permission="machine:read")
    def machines_page(ctx: PageContext) -> None:
        ui.label(t("machines.intro")).classes("text-sm text-grey-7")
        admin = can(ctx.actor, "machine:write", owned_by(ctx.actor.enterprise_id))
        actor = ctx.actor
        oee_texts: dict[uuid.UUID, str] = {}  # the shift OEE of each machine, as shown
        live = LiveBoard(admin=admin, oee_texts=oee_texts)

        async def update_oee() -> None:
            # every machine's shift OEE reads a shift of samples: in a worker thread, so
            # that neither this page nor anyone else's waits for it
            oee_texts.update(await run.io_bound(_shift_oees, actor))
            live.update()

        live.build()
        ui.timer(REFRESH_S, live.update)
        ui.timer(OEE_REFRESH_S, update_oee, immediate=True)

    @guarded_page("/machines/{machine_id}")
    def machine_page(ctx: PageContext, machine_id: str, days: int = 2) -> None:
        machine = found(ctx, "thing.machine", lambda: get_machine(
            ctx.session, actor=ctx.actor, machine_id=uuid.UUID(machine_id)))  # fmt: skip
        if machine is None:
            return
        frame(ctx, "machines.detail_title", code=machine.code)
        machine_detail(ctx, machine, max(1, min(days, 14)))


def _shift_oees(actor: Actor) -> dict[uuid.UUID, str]:
    """The current shift's OEE of each of the actor's machines, as text (in a worker thread)."""
    now = data.clock()
    with db() as session:
        return {
            b.machine.id: data.pct(data.shift_oee(session, actor=actor, board=b, now=now).kpis.oee)
            for b in machine_board(session, actor=actor)
        }


def machine_detail(ctx: PageContext, machine: Machine, days: int) -> None:
    now = data.clock()
    on_board = [
        b for b in machine_board(ctx.session, actor=ctx.actor) if b.machine.id == machine.id
    ]
    pru = on_board[0].pru_s if on_board else None
    current = on_board[0].state if on_board else None
    item_state = current.item_state if current is not None else "NotAvailable"
    mode = current.operation_mode if current is not None else "None"
    ui.link(t("machines.back"), "/machines").classes("text-teal-800 text-sm")
    with ui.row().classes("items-center gap-3"):
        light(data.stack_light(item_state, mode), "light", "w-6 h-6")
        ui.label(state_text(item_state, mode)).classes("text-lg font-medium").mark("state")
    field_grid(
        [
            ("field.name", machine.name),
            ("field.machine_kind", t(f"machine.{machine.kind.value}")),
            ("machines.registry_status", Status(machine.status.value)),
            ("machines.address", machine.sparkplug_address or t("machines.not_on_sparkplug")),
            (
                "machines.pru",
                "—" if pru is None else t("machines.pru_value", seconds=f"{pru:g}"),
            ),
        ]
    )
    start = data.window_start(now, days)
    common = {"machine_id": machine.id, "start": start, "end": now, "pru_s": pru, "now": now}
    total = machine_oee(ctx.session, actor=ctx.actor, **common)[0].result
    shifts = machine_oee(ctx.session, actor=ctx.actor, granularity="shift", **common)
    with ui.row().classes("items-center gap-3 text-sm"):
        for n in (1, 2, 3, 7, 14):
            link = ui.link(t("machines.window", days=n), f"/machines/{machine.id}?days={n}")
            link.classes("font-bold text-teal-900" if n == days else "text-teal-700")
    with section("machines.summary"):
        k, q = total.kpis, total.quantities
        with ui.row().classes("gap-6"):
            for key, text in (
                ("oee", data.pct(k.oee)),
                ("availability", data.pct(k.availability)),
                ("effectiveness", data.pct(k.effectiveness)),
                ("quality_ratio", data.pct(k.quality_ratio)),
                ("produced", str(q.produced)),
                ("good", str(q.good)),
            ):
                with ui.column().classes("gap-0"):
                    ui.label(t(f"machines.kpi.{key}")).classes("text-xs text-grey-7")
                    ui.label(text).classes("text-xl font-semibold").mark(f"kpi-{key}")
        ui.label(t("machines.undefined_note")).classes("text-xs text-grey-7")
    trend_chart(ctx, shifts)
    pareto(losses(total, pru))
    timeline(ctx, machine, now)


def _pct_value(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def trend_chart(ctx: PageContext, shifts: list[Any]) -> None:
    with section("machines.trend"):
        labels = [p.start.astimezone(ctx.tz).strftime("%m-%d %H:%M") for p in shifts]
        keys = ("oee", "availability", "effectiveness", "quality_ratio")
        ui.echart(
            {
                "tooltip": {"trigger": "axis"},
                "legend": {"data": [t(f"machines.kpi.{k}") for k in keys]},
                "xAxis": {"type": "category", "data": labels, "name": t("machines.shift")},
                "yAxis": {"type": "value", "name": "%", "min": 0},
                "series": [
                    {
                        "name": t(f"machines.kpi.{k}"),
                        "type": "line",
                        "connectNulls": False,
                        "data": [_pct_value(getattr(p.result.kpis, k)) for p in shifts],
                    }
                    for k in keys
                ],
            }
        ).classes("w-full h-72").mark("trend")


def pareto(losses: list[tuple[str, float]]) -> None:
    with section("machines.pareto"):
        if not losses:
            ui.label(t("machines.no_losses")).classes("text-grey-7 italic")
            return
        total = sum(v for _, v in losses)
        running = 0.0
        cumulative = []
        for _, v in losses:
            running += v
            cumulative.append(round(100 * running / total, 1))
        names = [t(f"machines.loss.{k}") for k, _ in losses]
        minutes = [round(v / 60, 1) for _, v in losses]
        ui.echart(
            {
                "tooltip": {"trigger": "axis"},
                "legend": {"data": [t("machines.minutes"), t("machines.cumulative")]},
                "xAxis": {"type": "category", "data": names},
                "yAxis": [
                    {"type": "value", "name": t("machines.minutes")},
                    {"type": "value", "name": "%", "min": 0, "max": 100},
                ],
                "series": [
                    {
                        "name": t("machines.minutes"),
                        "type": "bar",
                        "data": minutes,
                        "itemStyle": {"color": "#0f766e"},
                    },
                    {
                        "name": t("machines.cumulative"),
                        "type": "line",
                        "yAxisIndex": 1,
                        "data": cumulative,
                        "itemStyle": {"color": "#dc2626"},
                    },
                ],
            }
        ).classes("w-full h-72").mark("pareto")
        with ui.element("table").classes("text-sm"):
            for (key, _), name, mins, cum in zip(losses, names, minutes, cumulative, strict=True):
                with ui.element("tr").classes("border-b border-gray-200"):
                    for column, text in enumerate((name, f"{mins:g}", f"{cum:g} %")):
                        with ui.element("td").classes("px-3 py-1"):
                            label = ui.label(text)
                            if column == 1:
                                label.mark(f"loss-{key}")


def timeline(ctx: PageContext, machine: Machine, now: datetime) -> None:
    start = now - timedelta(hours=TIMELINE_HOURS)
    rows = machine_states(ctx.session, machine_id=machine.id, start=start, end=now, actor=ctx.actor)
    with ui.card().classes("w-full"):
        ui.label(t("machines.timeline", hours=TIMELINE_HOURS)).classes(
            "text-lg font-medium text-teal-900"
        )
        if not rows:
            ui.label(t("machines.no_states")).classes("text-grey-7 italic")
            return
        span = (now - start).total_seconds()
        with ui.element("div").classes("w-full flex h-8 rounded overflow-hidden bg-grey-3"):
            cursor = start
            for r in rows:
                seg_start, seg_end = max(r.start, start), min(r.end or now, now)
                if seg_start > cursor:  # no state reported
                    gap = (seg_start - cursor).total_seconds() / span * 100
                    ui.element("div").style(f"width:{gap:.3f}%")
                width = max(0.0, (seg_end - seg_start).total_seconds()) / span * 100
                colour = data.stack_light(r.item_state, r.operation_mode)
                seg = ui.element("div").style(
                    f"width:{width:.3f}%;background:{data.LIGHTS[colour]}"
                )
                with seg:
                    ui.tooltip(
                        f"{state_text(r.item_state, r.operation_mode)} "
                        f"{fmt_datetime(seg_start, ctx.tz)} – {fmt_datetime(seg_end, ctx.tz)}"
                    )
                cursor = max(cursor, seg_end)
        with ui.row().classes("w-full justify-between text-xs text-grey-7"):
            ui.label(fmt_datetime(start, ctx.tz))
            ui.label(fmt_datetime(now, ctx.tz))
