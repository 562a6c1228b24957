"""Time-weighted charts of the (subgroup) mean: EWMA and tabular CUSUM.

Both standardise with σ/√nᵢ, where σ is the process σ of individual values. EWMA limits are
exact (time-varying, μ ± L·σ/√n·√(λ/(2−λ)·(1−(1−λ)^{2i}))) or asymptotic (without the last
factor). The CUSUM accumulates zᵢ = (x̄ᵢ − μ)/(σ/√nᵢ): C⁺ᵢ = max(0, C⁺ᵢ₋₁ + zᵢ − k) and
C⁻ᵢ = max(0, C⁻ᵢ₋₁ − zᵢ − k), signalling when either exceeds h.
"""

from __future__ import annotations

import numpy as np

from suigang.engines.spc import rules as run_rules
from suigang.engines.spc._panels import Index, Points, make_panel
from suigang.engines.spc.model import ChartKind, ChartSpec, Panel, SigmaMethod
from suigang.engines.spc.variables import estimate_location_scale


def _default_method(points: Points) -> SigmaMethod:
    sizes = points.sizes
    if np.all(sizes == 1):
        return SigmaMethod.MOVING_RANGE
    if np.all(sizes >= 2):
        return SigmaMethod.RBAR
    raise ValueError(
        f"an {ChartKind.EWMA} or {ChartKind.CUSUM} chart needs either one value per point or "
        "subgroups of at least 2 values, not a mix"
    )


def time_weighted(
    spec: ChartSpec, points: Points, base: Index
) -> tuple[tuple[Panel, ...], float, float]:
    """The EWMA panel, or the upper and lower CUSUM panels, with the mean and σ used."""
    mean, sigma = estimate_location_scale(spec, points, base, _default_method(points))
    x = points.means()
    se = sigma / np.sqrt(points.sizes)
    if spec.kind is ChartKind.EWMA:
        lam = spec.lam
        z = np.empty(x.size)
        prev = mean
        for i, value in enumerate(x):
            prev = lam * value + (1.0 - lam) * prev
            z[i] = prev
        factor = np.full(x.size, lam / (2.0 - lam))
        if spec.exact_ewma:
            t = np.arange(1, x.size + 1)
            factor = factor * (1.0 - (1.0 - lam) ** (2 * t))
        half = spec.width * se * np.sqrt(factor)
        lcl, ucl = mean - half, mean + half
        violations = run_rules.beyond_limits(z, lcl, ucl, "EWMA")
        return (make_panel("ewma", z, np.full(x.size, mean), lcl, ucl, violations),), mean, sigma
    std = (x - mean) / se
    upper = np.empty(x.size)
    lower = np.empty(x.size)
    hi = lo = 0.0
    for i, value in enumerate(std):
        hi = max(0.0, hi + value - spec.k)
        lo = max(0.0, lo - value - spec.k)
        upper[i], lower[i] = hi, -lo
    zero = np.zeros(x.size)
    h = np.full(x.size, spec.h)
    panels = (
        make_panel("cusum+", upper, zero, -h, h, run_rules.beyond_limits(upper, -h, h, "CUSUM+")),
        make_panel("cusum-", lower, zero, -h, h, run_rules.beyond_limits(lower, -h, h, "CUSUM-")),
    )
    return panels, mean, sigma
