"""The plan's Gantt chart (ECharts): its options and the tabs that show it."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from nicegui import ui

from suigang.db import utcnow
from suigang.ui.i18n import t

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


def gantt(bars: Sequence[dict[str, Any]], breaks: Sequence[tuple[datetime, datetime]]) -> None:
    """The plan's Gantt in two tabs, per machine and per work order, with a note below."""
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
