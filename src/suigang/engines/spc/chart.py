"""``analyze_chart``: phase I estimation (with exclusions and revision) and phase II monitoring."""

from __future__ import annotations

import numpy as np

from suigang.engines.spc._panels import Index, Points, group_values
from suigang.engines.spc.attributes import attribute
from suigang.engines.spc.model import (
    ATTRIBUTE_KINDS,
    ChartKind,
    ChartResult,
    ChartSpec,
    ChartStatus,
    Panel,
)
from suigang.engines.spc.timeweighted import time_weighted
from suigang.engines.spc.variables import individuals, xbar


def _points(spec: ChartSpec) -> Points:
    if spec.kind in ATTRIBUTE_KINDS:
        count = len(spec.values)
        sizes = np.asarray(spec.sizes if spec.sizes is not None else [1.0] * count, dtype=float)
        groups = tuple(np.array([v], dtype=float) for v in spec.values)
        return Points(tuple(str(i + 1) for i in range(count)), groups, sizes)
    return group_values(spec.values, spec.subgroups)


def _compute(
    spec: ChartSpec, points: Points, base: Index
) -> tuple[tuple[Panel, ...], float, float | None]:
    if spec.kind in ATTRIBUTE_KINDS:
        counts = np.array([g[0] for g in points.groups])
        panels, rate = attribute(spec, counts, points.sizes, base)
        return panels, rate, None
    if spec.kind in (ChartKind.XBAR_R, ChartKind.XBAR_S):
        return xbar(spec, points, base)
    if spec.kind is ChartKind.IMR:
        return individuals(spec, points, base)
    return time_weighted(spec, points, base)


def _beyond_in_phase1(panels: tuple[Panel, ...], phase1: int, excluded: set[int]) -> set[int]:
    out: set[int] = set()
    for panel in panels:
        for i in range(phase1):
            value = panel.values[i]
            if i not in excluded and (value > panel.ucl[i] or value < panel.lcl[i]):
                out.add(i)
    return out


def analyze_chart(spec: ChartSpec) -> ChartResult:
    """Compute a control chart: limits from phase I, every point tested against its rules.

    Raises ``ValueError`` with a message naming the problem when the data cannot make the
    chart (a single-value subgroup on Xbar-R, phase I longer than the data, nothing left after
    exclusions, no variation).
    """
    points = _points(spec)
    count = points.count
    phase1 = count if spec.phase1 is None else spec.phase1
    if phase1 > count:
        raise ValueError(f"phase1 is {phase1} points but the data have only {count}")
    excluded = set(spec.exclude)
    outside = sorted(i for i in excluded if i >= phase1)
    if outside:
        raise ValueError(f"exclude point {outside[0]} is not in phase I (points 0..{phase1 - 1})")
    while True:
        base = np.array([i for i in range(phase1) if i not in excluded], dtype=np.int64)
        minimum = 2 if spec.kind is ChartKind.IMR and spec.sigma is None else 1
        if base.size < minimum:
            raise ValueError(
                f"phase I has {base.size} point(s) left after exclusions; need at least {minimum}"
            )
        panels, mean, sigma = _compute(spec, points, base)
        known = spec.target is not None and (spec.sigma is not None or spec.kind in ATTRIBUTE_KINDS)
        if not spec.revise or known:  # nothing is estimated, so nothing to revise
            break
        more = _beyond_in_phase1(panels, phase1, excluded)
        if not more:
            break
        excluded |= more
    any_violation = any(p.violations for p in panels)
    return ChartResult(
        kind=spec.kind,
        panels=panels,
        labels=points.labels,
        sizes=tuple(float(v) for v in points.sizes),
        phase1=phase1,
        excluded=tuple(sorted(excluded)),
        mean=mean,
        sigma=sigma,
        status=ChartStatus.OUT_OF_CONTROL if any_violation else ChartStatus.IN_CONTROL,
    )
