"""PNG rendering of a control chart; matplotlib (Agg) is imported only when a chart is drawn.

Every word on the image comes from a :class:`ChartText` (English by default), so a caller
can draw the chart in its reader's language; ``fonts`` names font families, and
``font_files`` font files (OpenType collections too) to make them known first, for scripts
matplotlib's own font lacks.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
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


@dataclass(frozen=True, slots=True)
class ChartText:
    """The words on a chart image: panel titles by the engine's panel name, the axis under
    the points, and the legend."""

    panels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType(dict(_TITLES)))
    x_label: str = "Sample no."
    values: str = "Values"
    centre: str = "Centre line"
    limits: str = "Control limits"
    violated: str = "Rule violated"
    phase_split: str = "Phase I | phase II"

    def __post_init__(self) -> None:
        for name in ("x_label", "values", "centre", "limits", "violated", "phase_split"):
            if not getattr(self, name).strip():
                raise ValueError(f"{name} is empty")


@cache
def _register_font_file(path: str) -> None:
    from matplotlib import font_manager

    font_manager.fontManager.addfont(path)


def _draw(ax: Any, panels: list[Panel], phase1: int, title: str, text: ChartText) -> None:
    first = panels[0]
    xs = list(range(1, len(first.values) + 1))  # the 1st, 2nd... point, as a reader counts
    for style, series, label in (
        ("-", first.center, text.centre),
        ("--", first.lcl, text.limits),
        ("--", first.ucl, None),
    ):
        ax.step(xs, series, where="mid", linestyle=style, linewidth=1, color="#555555", label=label)
    for n, panel in enumerate(panels):
        ax.plot(
            xs,
            panel.values,
            marker="o",
            markersize=3,
            linewidth=1,
            color="#1f4e79",
            label=text.values if n == 0 else None,
        )
    bad_points = [(panel, sorted({v.point for v in panel.violations})) for panel in panels]
    for panel, bad in bad_points:
        if bad:
            ax.scatter(
                [xs[i] for i in bad],
                [panel.values[i] for i in bad],
                s=40,
                color="#c00000",
                zorder=3,
            )
    if any(bad for _, bad in bad_points):
        ax.scatter([], [], s=40, color="#c00000", label=text.violated)
    if 0 < phase1 < len(xs):
        ax.axvline(
            phase1 + 0.5, color="#999999", linestyle=":", linewidth=1, label=text.phase_split
        )
    ax.legend(loc="best", fontsize=7)
    ax.set_title(title, fontsize=9)
    ax.tick_params(labelsize=7)
    ax.ticklabel_format(axis="y", useOffset=False)  # 12.002, not 0.002 and "+1.2e1" above


def render_chart_png(
    result: ChartResult,
    *,
    title: str | None = None,
    dpi: int = 110,
    text: ChartText | None = None,
    fonts: Sequence[str] = (),
    font_files: Sequence[str] = (),
) -> bytes:
    """Draw the chart's panels one above the other (CUSUM's two sides share one) as PNG bytes.

    Limits are drawn as steps (they vary per point for variable sizes and exact EWMA), points
    that broke a rule are red, and a dotted line separates phase I from phase II. ``text``
    gives the words (English by default); ``fonts`` are font families tried in order for each
    character, after making ``font_files`` known.
    """
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    words = text or ChartText()
    for path in font_files:
        _register_font_file(str(path))
    if result.kind is ChartKind.CUSUM:
        groups = [list(result.panels)]
    else:
        groups = [[p] for p in result.panels]
    # Latin in matplotlib's own font; a character it lacks (Chinese) from the next family
    families = ["DejaVu Sans", *fonts]
    with rc_context({"font.family": families}):
        fig = Figure(figsize=(8, 1.2 + 2.2 * len(groups)), dpi=dpi)
        FigureCanvasAgg(fig)
        for n, panels in enumerate(groups):
            ax = fig.add_subplot(len(groups), 1, n + 1)
            name = words.panels.get(panels[0].name, _TITLES.get(panels[0].name, panels[0].name))
            heading = f"{title} — {name}" if title and n == 0 else name
            _draw(ax, panels, result.phase1, heading, words)
            if n == len(groups) - 1:
                ax.set_xlabel(words.x_label, fontsize=8)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
    return buffer.getvalue()
