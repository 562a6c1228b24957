"""Shewhart charts for counts: p, np (nonconforming units), c and u (nonconformities).

Limits follow the sample size of each point, so a variable size gives per-point limits.
Lower limits are floored at 0 and the p chart's upper limit is capped at 1 (np at n).
"""

from __future__ import annotations

import numpy as np

from suigang.engines.spc._panels import Array, Index, shewhart_panel
from suigang.engines.spc.model import ChartKind, ChartSpec, Panel


def attribute(
    spec: ChartSpec, counts: Array, sizes: Array, base: Index
) -> tuple[tuple[Panel, ...], float]:
    """The chart's single panel and its centre parameter (p̄, c̄ or ū)."""
    kind = spec.kind
    L = spec.nsigmas
    if spec.target is not None:
        rate = spec.target
    elif kind is ChartKind.C:
        rate = float(counts[base].mean())
    else:
        rate = float(counts[base].sum() / sizes[base].sum())
    if kind is ChartKind.P:
        stat, center = counts / sizes, np.full(counts.size, rate)
        se = np.sqrt(rate * (1.0 - rate) / sizes)
        upper_cap = np.ones(counts.size)
    elif kind is ChartKind.NP:
        stat, center = counts, sizes * rate
        se = np.sqrt(sizes * rate * (1.0 - rate))
        upper_cap = sizes
    elif kind is ChartKind.C:
        stat, center = counts, np.full(counts.size, rate)
        se = np.full(counts.size, np.sqrt(rate))
        upper_cap = np.full(counts.size, np.inf)
    else:
        stat, center = counts / sizes, np.full(counts.size, rate)
        se = np.sqrt(rate / sizes)
        upper_cap = np.full(counts.size, np.inf)
    lcl = np.maximum(0.0, center - L * se)
    ucl = np.minimum(upper_cap, center + L * se)
    panel = shewhart_panel(str(kind), stat, center, se, lcl, ucl, spec.rules, primary=True)
    return (panel,), rate
