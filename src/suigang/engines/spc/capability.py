"""Process capability: every index R's qcc 3.0 ``processCapability`` reports, with its intervals.

Within-σ (for Cp, Cpl, Cpu, Cpk and Cpm) comes from an explicitly chosen estimator, because
tools differ: R̄/d2 (R's qcc), pooled s/c4 (Minitab's default for subgroups), or the moving
range (individuals). Overall σ (for Pp, Ppl, Ppu, Ppk and Ppm) is the sample standard
deviation of all values. Ppm is the Taguchi index on the overall σ (Pp/√(1 + ((x̄−T)/s)²)),
as qcc names it, not parts per million.

Intervals, as qcc 3.0 computes them:

- Cp and Pp: χ² with n − 1 degrees of freedom (Chou, Owen and Borrego 1990).
- Cpm and Ppm: χ² with ν = n(1 + d²)/(1 + 2d²), d = (x̄ − T)/σ (qcc's form of Boyles 1991).
- Cpk and Ppk: Bissell's (1990) normal approximation, idx·(1 ± z·√(1/(9n·idx²) + 1/(2(n−1))))
  with the two-sided quantile z = Φ⁻¹(1 − α/2).
- Cpl, Cpu, Ppl and Ppu: the same approximation with the one-sided quantile z = Φ⁻¹(1 − α),
  which makes their intervals narrower than Cpk's at the same value (qcc's choice).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from suigang.engines.spc._panels import group_values
from suigang.engines.spc.constants import Constants
from suigang.engines.spc.estimators import sigma_within
from suigang.engines.spc.model import SigmaMethod


@dataclass(frozen=True, slots=True)
class CapabilitySpec:
    """Measurements and specification limits (at least one of ``lsl``/``usl``).

    ``subgroups`` labels each value with its subgroup; ``sigma_method`` defaults to ``rbar``
    with subgroups and ``mr`` without. ``sigma`` is a known within-σ. ``target`` (for Cpm)
    defaults to the midpoint of the limits.
    """

    values: tuple[float, ...]
    lsl: float | None = None
    usl: float | None = None
    target: float | None = None
    subgroups: tuple[str, ...] | None = None
    sigma_method: SigmaMethod | None = None
    sigma: float | None = None
    confidence: float = 0.95
    constants: Constants = Constants.EXACT

    def __post_init__(self) -> None:
        if len(self.values) < 2:
            raise ValueError(f"values needs at least 2 measurements, got {len(self.values)}")
        for i, v in enumerate(self.values):
            if not math.isfinite(v):
                raise ValueError(f"values[{i}] must be a finite number, got {v!r}")
        if self.lsl is None and self.usl is None:
            raise ValueError("give at least one specification limit (lsl or usl)")
        for name in ("lsl", "usl", "target", "sigma"):
            value = getattr(self, name)
            if value is not None and not math.isfinite(value):
                raise ValueError(f"{name} must be a finite number, got {value!r}")
        if self.lsl is not None and self.usl is not None and self.lsl >= self.usl:
            raise ValueError(f"lsl ({self.lsl!r}) must be below usl ({self.usl!r})")
        if self.subgroups is not None and len(self.subgroups) != len(self.values):
            raise ValueError(
                f"subgroups has {len(self.subgroups)} labels for {len(self.values)} values"
            )
        if self.sigma is not None and self.sigma <= 0:
            raise ValueError(f"sigma must be positive, got {self.sigma!r}")
        if not 0 < self.confidence < 1:
            raise ValueError(f"confidence must be in (0, 1), got {self.confidence!r}")


@dataclass(frozen=True, slots=True)
class Interval:
    """A confidence interval."""

    lower: float
    upper: float


@dataclass(frozen=True, slots=True)
class CapabilityResult:
    """Indices (``None`` where a one-sided specification leaves them undefined) and intervals.

    ``expected_below``/``expected_above`` are normal-model fractions outside the limits with
    the within σ; ``observed_below``/``observed_above`` are the observed fractions.
    """

    n: int
    mean: float
    sigma_within: float
    sigma_overall: float
    sigma_method: SigmaMethod
    target: float | None
    cp: float | None
    cpl: float | None
    cpu: float | None
    cpk: float
    cpm: float | None
    pp: float | None
    ppl: float | None
    ppu: float | None
    ppk: float
    cp_ci: Interval | None
    cpk_ci: Interval
    pp_ci: Interval | None
    ppk_ci: Interval
    cpm_ci: Interval | None
    ppm: float | None
    cpl_ci: Interval | None
    cpu_ci: Interval | None
    ppl_ci: Interval | None
    ppu_ci: Interval | None
    ppm_ci: Interval | None
    expected_below: float | None
    expected_above: float | None
    observed_below: float | None
    observed_above: float | None


def _indices(
    mean: float, sigma: float, lsl: float | None, usl: float | None
) -> tuple[float | None, float | None, float | None, float]:
    lower = (mean - lsl) / (3 * sigma) if lsl is not None else None
    upper = (usl - mean) / (3 * sigma) if usl is not None else None
    both = (usl - lsl) / (6 * sigma) if lsl is not None and usl is not None else None
    k = min(v for v in (lower, upper) if v is not None)
    return both, lower, upper, k


def _chi2_interval(value: float, dof: float, alpha: float) -> Interval:
    return Interval(
        value * math.sqrt(float(stats.chi2.ppf(alpha / 2, dof)) / dof),
        value * math.sqrt(float(stats.chi2.ppf(1 - alpha / 2, dof)) / dof),
    )


def _k_interval(value: float, n: int, z: float) -> Interval:
    """Bissell's normal approximation around ``value`` with the normal quantile ``z``."""
    half = z * math.sqrt(1 / (9 * n) + value**2 / (2 * (n - 1)))
    return Interval(value - half, value + half)


def _taguchi(
    both: float | None, sigma: float, mean: float, target: float | None, n: int, alpha: float
) -> tuple[float | None, Interval | None]:
    """Cpm (or Ppm on the overall σ) and its χ² interval with qcc's degrees of freedom."""
    if both is None or target is None:
        return None, None
    d2 = ((mean - target) / sigma) ** 2
    value = both / math.sqrt(1 + d2)
    return value, _chi2_interval(value, n * (1 + d2) / (1 + 2 * d2), alpha)


def analyze_capability(spec: CapabilitySpec) -> CapabilityResult:
    """Capability indices of the values against the specification limits."""
    x = np.asarray(spec.values, dtype=float)
    n = x.size
    mean = float(x.mean())
    overall = float(x.std(ddof=1))
    method = spec.sigma_method or (
        SigmaMethod.RBAR if spec.subgroups is not None else SigmaMethod.MOVING_RANGE
    )
    if spec.sigma is not None:
        within = spec.sigma
    else:
        points = group_values(spec.values, spec.subgroups)
        within = sigma_within(points.groups, method, spec.constants)
    if not (within > 0 and overall > 0):
        raise ValueError("the values do not vary, so capability is undefined")
    alpha = 1 - spec.confidence
    lsl, usl = spec.lsl, spec.usl
    cp, cpl, cpu, cpk = _indices(mean, within, lsl, usl)
    pp, ppl, ppu, ppk = _indices(mean, overall, lsl, usl)
    target = spec.target
    if target is None and lsl is not None and usl is not None:
        target = (lsl + usl) / 2
    cpm, cpm_ci = _taguchi(cp, within, mean, target, n, alpha)
    ppm, ppm_ci = _taguchi(pp, overall, mean, target, n, alpha)
    z_two = float(stats.norm.ppf(1 - alpha / 2))
    z_one = float(stats.norm.ppf(1 - alpha))

    def one_sided(value: float | None) -> Interval | None:
        return _k_interval(value, n, z_one) if value is not None else None

    return CapabilityResult(
        n=n,
        mean=mean,
        sigma_within=within,
        sigma_overall=overall,
        sigma_method=method,
        target=target,
        cp=cp,
        cpl=cpl,
        cpu=cpu,
        cpk=cpk,
        cpm=cpm,
        pp=pp,
        ppl=ppl,
        ppu=ppu,
        ppk=ppk,
        cp_ci=_chi2_interval(cp, n - 1, alpha) if cp is not None else None,
        cpk_ci=_k_interval(cpk, n, z_two),
        pp_ci=_chi2_interval(pp, n - 1, alpha) if pp is not None else None,
        ppk_ci=_k_interval(ppk, n, z_two),
        cpm_ci=cpm_ci,
        ppm=ppm,
        cpl_ci=one_sided(cpl),
        cpu_ci=one_sided(cpu),
        ppl_ci=one_sided(ppl),
        ppu_ci=one_sided(ppu),
        ppm_ci=ppm_ci,
        expected_below=float(stats.norm.cdf((lsl - mean) / within)) if lsl is not None else None,
        expected_above=float(stats.norm.sf((usl - mean) / within)) if usl is not None else None,
        observed_below=float(np.mean(x < lsl)) if lsl is not None else None,
        observed_above=float(np.mean(x > usl)) if usl is not None else None,
    )
