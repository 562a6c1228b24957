"""PNG rendering of a control chart; matplotlib (Agg) is imported only when a chart is drawn."""

from __future__ import annotations

import io
from typing import Any

from suigang.engines.spc.model import ChartKind, ChartResult, Panel

_TITLES = {
    "xbar": "X̄",
    "r": "R",
    "s": "S",
    "i": "Individuals",
    "mr": "Moving range",
    "ewma": "EWMA",
    "cusum+": "CUSUM (C⁺ above, −C⁻ below)",
}


def _draw(ax: Any, panels: list[Panel], phase1: int, title: str) -> None:
    first = panels[0]
    xs = list(range(len(first.values)))
    for style, series in (("-", first.center), ("--", first.lcl), ("--", first.ucl)):
        ax.step(xs, series, where="mid", linestyle=style, linewidth=1, color="#555555")
    flagged = False
    for panel in panels:
        ax.plot(xs, panel.values, marker="o", markersize=3, linewidth=1, color="#1f4e79")
        bad = sorted({v.point for v in panel.violations})
        if bad:
            ax.scatter(bad, [panel.values[i] for i in bad], s=40, color="#c00000", zorder=3)
            flagged = True
    if flagged:
        ax.scatter([], [], s=40, color="#c00000", label="rule violated")
        ax.legend(loc="best", fontsize=7)
    if 0 < phase1 < len(xs):
        ax.axvline(phase1 - 0.5, color="#999999", linestyle=":", linewidth=1)
    ax.set_title(title, fontsize=9)
    ax.tick_params(labelsize=7)
    ax.ticklabel_format(axis="y", useOffset=False)  # 12.002, not 0.002 and "+1.2e1" above


def render_chart_png(result: ChartResult, *, title: str | None = None, dpi: int = 110) -> bytes:
    """Draw the chart's panels one above the other (CUSUM's two sides share one) as PNG bytes.

    Limits are drawn as steps (they vary per point for variable sizes and exact EWMA), points
    that broke a rule are red, and a dotted line separates phase I from phase II.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if result.kind is ChartKind.CUSUM:
        groups = [list(result.panels)]
    else:
        groups = [[p] for p in result.panels]
    fig = Figure(figsize=(8, 1.2 + 2.2 * len(groups)), dpi=dpi)
    FigureCanvasAgg(fig)
    for n, panels in enumerate(groups):
        ax = fig.add_subplot(len(groups), 1, n + 1)
        name = _TITLES.get(panels[0].name, panels[0].name)
        heading = f"{title} — {name}" if title and n == 0 else name
        _draw(ax, panels, result.phase1, heading)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
