"""Gauge R&R for a crossed study (every operator measures every part, r times).

ANOVA method: two-way random-effects ANOVA with interaction. When the interaction's p-value
exceeds ``alpha`` (0.05 as in Minitab and JASP; ``alpha = 1`` keeps it always) it is pooled into
repeatability and the reduced model is used. F ratios follow the random-effects convention:
part and operator against the interaction mean square in the full model, and against the
pooled error in the reduced one. Negative variance estimates are truncated to 0.

Xbar-R method (AIAG): repeatability σ = R̄/d2(r) from the cell ranges; operator σ from the
range of operator means, σ = √((R_o/d2*(o))² − σ_e²/(p·r)); part σ = R_p/d2*(p), with
d2*(m) = √(d2(m)² + d3(m)²), the mean square range factor of a single range.

Percentages: %contribution of variance, %study variation of σ, %tolerance of
``multiplier``·σ over the tolerance width; ndc = ⌊√2·σ_part/σ_GRR⌋ (at least 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy import stats

from suigang.engines.spc.constants import Constants, d2, d3


class GaugeMethod(StrEnum):
    """How the variance components are estimated."""

    ANOVA = "anova"
    XBAR_R = "xbar-r"


@dataclass(frozen=True, slots=True)
class GaugeSpec:
    """A crossed study in long form: one row per measurement.

    ``tolerance`` is the specification width (USL − LSL) for %tolerance; ``historical_sigma``
    replaces the study's total variation for %study variation; ``multiplier`` is the study
    variation width (6, or 5.15 in older AIAG manuals).
    """

    parts: tuple[str, ...]
    operators: tuple[str, ...]
    values: tuple[float, ...]
    method: GaugeMethod = GaugeMethod.ANOVA
    alpha: float = 0.05
    multiplier: float = 6.0
    tolerance: float | None = None
    historical_sigma: float | None = None
    constants: Constants = Constants.EXACT

    def __post_init__(self) -> None:
        n = len(self.values)
        if len(self.parts) != n or len(self.operators) != n:
            raise ValueError(
                f"parts ({len(self.parts)}), operators ({len(self.operators)}) and values ({n}) "
                "must have the same length"
            )
        for i, v in enumerate(self.values):
            if not math.isfinite(v):
                raise ValueError(f"values[{i}] must be a finite number, got {v!r}")
        if not 0 <= self.alpha <= 1:
            raise ValueError(f"alpha must be in [0, 1], got {self.alpha!r}")
        if not self.multiplier > 0:
            raise ValueError(f"multiplier must be positive, got {self.multiplier!r}")
        for name in ("tolerance", "historical_sigma"):
            value = getattr(self, name)
            if value is not None and not (math.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be a positive number, got {value!r}")


@dataclass(frozen=True, slots=True)
class AnovaRow:
    """One line of the ANOVA table (``f``/``p`` are ``None`` for the error and total lines, and
    where the denominator mean square is 0)."""

    source: str
    df: int
    ss: float
    ms: float | None
    f: float | None
    p: float | None


@dataclass(frozen=True, slots=True)
class Component:
    """A variance component and its shares (``pct_tolerance`` is ``None`` without tolerance)."""

    name: str
    variance: float
    pct_contribution: float
    sd: float
    study_var: float
    pct_study_var: float
    pct_tolerance: float | None


@dataclass(frozen=True, slots=True)
class GaugeResult:
    """Variance components (total_grr, repeatability, reproducibility, operator,
    part_x_operator, part, total), the ANOVA tables, and the number of distinct categories
    (``None``, with ``ndc_raw`` infinite, when the gauge shows no variation at all)."""

    method: GaugeMethod
    n_parts: int
    n_operators: int
    n_replicates: int
    anova: tuple[AnovaRow, ...]
    reduced_anova: tuple[AnovaRow, ...] | None
    interaction_pooled: bool
    components: tuple[Component, ...]
    ndc: int | None
    ndc_raw: float

    def component(self, name: str) -> Component:
        """The component called ``name``."""
        for c in self.components:
            if c.name == name:
                return c
        raise KeyError(name)


def _cube(spec: GaugeSpec) -> tuple[np.ndarray, int, int, int]:
    parts = list(dict.fromkeys(spec.parts))
    operators = list(dict.fromkeys(spec.operators))
    cells: dict[tuple[str, str], list[float]] = {}
    for p, o, v in zip(spec.parts, spec.operators, spec.values, strict=True):
        cells.setdefault((p, o), []).append(v)
    if len(parts) < 2 or len(operators) < 2:
        raise ValueError(
            f"a gauge study needs at least 2 parts and 2 operators, got {len(parts)} and "
            f"{len(operators)}"
        )
    counts = {len(cells.get((p, o), [])) for p in parts for o in operators}
    if len(counts) != 1 or 0 in counts:
        missing = [(p, o) for p in parts for o in operators if (p, o) not in cells]
        if missing:
            raise ValueError(
                f"part {missing[0][0]!r} has no measurement by operator {missing[0][1]!r}"
            )
        raise ValueError(f"the study is unbalanced: cells have {sorted(counts)} replicates")
    r = counts.pop()
    if r < 2:
        raise ValueError("each part needs at least 2 replicate measurements per operator")
    y = np.array([[cells[(p, o)] for o in operators] for p in parts], dtype=float)
    return y, len(parts), len(operators), r


def _anova(
    y: np.ndarray, alpha: float
) -> tuple[dict[str, float], tuple[AnovaRow, ...], tuple[AnovaRow, ...] | None, bool]:
    p, o, r = y.shape
    grand = y.mean()
    part_means = y.mean(axis=(1, 2))
    op_means = y.mean(axis=(0, 2))
    cell_means = y.mean(axis=2)
    ss_p = o * r * float(((part_means - grand) ** 2).sum())
    ss_o = p * r * float(((op_means - grand) ** 2).sum())
    inter = cell_means - part_means[:, None] - op_means[None, :] + grand
    ss_po = r * float((inter**2).sum())
    ss_e = float(((y - cell_means[:, :, None]) ** 2).sum())
    ss_t = float(((y - grand) ** 2).sum())
    df_p, df_o, df_po, df_e = p - 1, o - 1, (p - 1) * (o - 1), p * o * (r - 1)
    ms_p, ms_o, ms_po, ms_e = ss_p / df_p, ss_o / df_o, ss_po / df_po, ss_e / df_e

    def test(ms: float, df: int, ms_den: float, df_den: int) -> tuple[float | None, float | None]:
        if ms_den <= 0:
            return None, None  # no variation to test against: F undefined
        f = ms / ms_den
        return f, float(stats.f.sf(f, df, df_den))

    f_po, p_po = test(ms_po, df_po, ms_e, df_e)
    f_p, p_p = test(ms_p, df_p, ms_po, df_po)
    f_o, p_o = test(ms_o, df_o, ms_po, df_po)
    full = (
        AnovaRow("part", df_p, ss_p, ms_p, f_p, p_p),
        AnovaRow("operator", df_o, ss_o, ms_o, f_o, p_o),
        AnovaRow("part_x_operator", df_po, ss_po, ms_po, f_po, p_po),
        AnovaRow("repeatability", df_e, ss_e, ms_e, None, None),
        AnovaRow("total", p * o * r - 1, ss_t, None, None, None),
    )
    # an interaction that cannot be tested (no repeatability variation) is kept
    pooled = p_po is not None and p_po > alpha
    if pooled:
        df_pool = df_po + df_e
        ms_pool = (ss_po + ss_e) / df_pool
        rf_p, rp_p = test(ms_p, df_p, ms_pool, df_pool)
        rf_o, rp_o = test(ms_o, df_o, ms_pool, df_pool)
        reduced: tuple[AnovaRow, ...] | None = (
            AnovaRow("part", df_p, ss_p, ms_p, rf_p, rp_p),
            AnovaRow("operator", df_o, ss_o, ms_o, rf_o, rp_o),
            AnovaRow("repeatability", df_pool, ss_po + ss_e, ms_pool, None, None),
            AnovaRow("total", p * o * r - 1, ss_t, None, None, None),
        )
        var = {
            "repeatability": ms_pool,
            "operator": max(0.0, (ms_o - ms_pool) / (p * r)),
            "part_x_operator": 0.0,
            "part": max(0.0, (ms_p - ms_pool) / (o * r)),
        }
    else:
        reduced = None
        var = {
            "repeatability": ms_e,
            "operator": max(0.0, (ms_o - ms_po) / (p * r)),
            "part_x_operator": max(0.0, (ms_po - ms_e) / r),
            "part": max(0.0, (ms_p - ms_po) / (o * r)),
        }
    return var, full, reduced, pooled


def _xbar_r(y: np.ndarray, constants: Constants) -> dict[str, float]:
    p, o, r = y.shape

    def d2_star(m: int) -> float:
        return math.sqrt(d2(m, constants) ** 2 + d3(m, constants) ** 2)

    rbar = float((y.max(axis=2) - y.min(axis=2)).mean())
    ev = rbar / d2(r, constants)
    op_means = y.mean(axis=(0, 2))
    av2 = (float(op_means.max() - op_means.min()) / d2_star(o)) ** 2 - ev**2 / (p * r)
    part_means = y.mean(axis=(1, 2))
    pv = float(part_means.max() - part_means.min()) / d2_star(p)
    return {
        "repeatability": ev**2,
        "operator": max(0.0, av2),
        "part_x_operator": 0.0,
        "part": pv**2,
    }


def analyze_gauge(spec: GaugeSpec) -> GaugeResult:
    """Variance components, percentages and ndc of a crossed gauge study."""
    y, n_p, n_o, r = _cube(spec)
    var, full, reduced, pooled = _anova(y, spec.alpha)
    if spec.method is GaugeMethod.XBAR_R:
        var = _xbar_r(y, spec.constants)
    repro = var["operator"] + var["part_x_operator"]
    grr = var["repeatability"] + repro
    part = var["part"]
    total = grr + part
    if spec.historical_sigma is not None:
        total = spec.historical_sigma**2
        part = max(0.0, total - grr)
    values = {
        "total_grr": grr,
        "repeatability": var["repeatability"],
        "reproducibility": repro,
        "operator": var["operator"],
        "part_x_operator": var["part_x_operator"],
        "part": part,
        "total": total,
    }
    total_sd = math.sqrt(total)
    components = []
    for name, v in values.items():
        sd = math.sqrt(v)
        study = spec.multiplier * sd
        components.append(
            Component(
                name=name,
                variance=v,
                pct_contribution=100 * v / total if total > 0 else math.nan,
                sd=sd,
                study_var=study,
                pct_study_var=100 * sd / total_sd if total_sd > 0 else math.nan,
                pct_tolerance=100 * study / spec.tolerance if spec.tolerance else None,
            )
        )
    raw = math.sqrt(2) * math.sqrt(part) / math.sqrt(grr) if grr > 0 else math.inf
    ndc = max(1, math.floor(raw)) if math.isfinite(raw) else None
    return GaugeResult(
        method=spec.method,
        n_parts=n_p,
        n_operators=n_o,
        n_replicates=r,
        anova=full,
        reduced_anova=reduced,
        interaction_pooled=pooled,
        components=tuple(components),
        ndc=ndc,
        ndc_raw=raw,
    )
