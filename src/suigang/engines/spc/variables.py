"""Shewhart charts for measurements: Xbar-R, Xbar-S and individuals with moving ranges."""

from __future__ import annotations

import numpy as np

from suigang.engines.spc._panels import Index, Points, shewhart_panel
from suigang.engines.spc.constants import c4, d2, d3
from suigang.engines.spc.estimators import sigma_within
from suigang.engines.spc.model import ChartKind, ChartSpec, Panel, SigmaMethod

DEFAULT_METHOD = {
    ChartKind.XBAR_R: SigmaMethod.RBAR,
    ChartKind.XBAR_S: SigmaMethod.SBAR,
    ChartKind.IMR: SigmaMethod.MOVING_RANGE,
}


def estimate_location_scale(
    spec: ChartSpec, points: Points, base: Index, default_method: SigmaMethod
) -> tuple[float, float]:
    """Process mean and σ from the phase I base points, unless known values are given."""
    groups = [points.groups[int(i)] for i in base]
    mean = spec.target if spec.target is not None else float(np.concatenate(groups).mean())
    if spec.sigma is not None:
        sigma = spec.sigma
    else:
        sigma = sigma_within(groups, spec.sigma_method or default_method, spec.constants)
    if not sigma > 0:
        raise ValueError("the estimated σ is 0: the phase I data do not vary")
    return mean, sigma


def _check_subgroups(spec: ChartSpec, points: Points) -> None:
    for label, g in zip(points.labels, points.groups, strict=True):
        if g.size < 2:
            raise ValueError(
                f"subgroup '{label}' has a single value; an {spec.kind} chart needs at least "
                "2 values per subgroup (use --chart imr for individual values)"
            )


def xbar(spec: ChartSpec, points: Points, base: Index) -> tuple[tuple[Panel, ...], float, float]:
    """Xbar-R or Xbar-S: the subgroup means, and ranges or standard deviations."""
    _check_subgroups(spec, points)
    mean, sigma = estimate_location_scale(spec, points, base, DEFAULT_METHOD[spec.kind])
    n = points.sizes
    L = spec.nsigmas
    se = sigma / np.sqrt(n)
    means = points.means()
    center = np.full(n.size, mean)
    first = shewhart_panel(
        "xbar", means, center, se, mean - L * se, mean + L * se, spec.rules, primary=True
    )
    sizes = [int(v) for v in n]
    if spec.kind is ChartKind.XBAR_R:
        mid = np.array([d2(m, spec.constants) for m in sizes]) * sigma
        spread = np.array([d3(m, spec.constants) for m in sizes]) * sigma
        name, stat = "r", points.ranges()
    else:
        c = np.array([c4(m, spec.constants) for m in sizes])
        mid, spread = c * sigma, np.sqrt(1.0 - c**2) * sigma
        name, stat = "s", points.sds()
    second = shewhart_panel(
        name,
        stat,
        mid,
        spread,
        np.maximum(0.0, mid - L * spread),
        mid + L * spread,
        spec.rules,
        primary=False,
    )
    return (first, second), mean, sigma


def individuals(
    spec: ChartSpec, points: Points, base: Index
) -> tuple[tuple[Panel, ...], float, float]:
    """I-MR: individual values and moving ranges of span 2."""
    many = [label for label, g in zip(points.labels, points.groups, strict=True) if g.size != 1]
    if many:
        raise ValueError(
            f"an imr chart takes one value per point; subgroup '{many[0]}' has several "
            "(use --chart xbar-r or xbar-s)"
        )
    mean, sigma = estimate_location_scale(spec, points, base, SigmaMethod.MOVING_RANGE)
    x = points.means()
    L = spec.nsigmas
    count = x.size
    se = np.full(count, sigma)
    first = shewhart_panel(
        "i", x, np.full(count, mean), se, mean - L * se, mean + L * se, spec.rules, primary=True
    )
    mr = np.concatenate(([np.nan], np.abs(np.diff(x))))
    mid, spread = d2(2, spec.constants) * sigma, d3(2, spec.constants) * sigma
    second = shewhart_panel(
        "mr",
        mr,
        np.full(count, mid),
        np.full(count, spread),
        np.full(count, max(0.0, mid - L * spread)),
        np.full(count, mid + L * spread),
        spec.rules,
        primary=False,
    )
    return (first, second), mean, sigma
