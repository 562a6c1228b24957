"""Inputs and results of the control-chart engine (frozen dataclasses, validated on entry)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from suigang.engines.spc.constants import Constants


class ChartKind(StrEnum):
    """The control charts the engine draws; the values are the CLI's ``--chart`` names."""

    XBAR_R = "xbar-r"
    XBAR_S = "xbar-s"
    IMR = "imr"
    P = "p"
    NP = "np"
    C = "c"
    U = "u"
    EWMA = "ewma"
    CUSUM = "cusum"


class RuleSet(StrEnum):
    """Which run rules the primary panel of a Shewhart chart is tested against."""

    WESTERN_ELECTRIC = "we"
    NELSON = "nelson"
    NONE = "none"


class ChartStatus(StrEnum):
    """Whether any rule fired anywhere on the chart."""

    IN_CONTROL = "in_control"
    OUT_OF_CONTROL = "out_of_control"


class SigmaMethod(StrEnum):
    """Estimator of the within-subgroup (short-term) σ; tools differ, so it is a named choice.

    ``rbar``: mean of Rᵢ/d2(nᵢ); ``sbar``: mean of sᵢ/c4(nᵢ); ``pooled``: pooled standard
    deviation / c4(Σ(nᵢ−1)+1); ``mr``: mean moving range of the values in time order / d2(2);
    ``sd``: the standard deviation of all values / c4(N) (overall, not within).
    """

    RBAR = "rbar"
    SBAR = "sbar"
    POOLED = "pooled"
    MOVING_RANGE = "mr"
    SD = "sd"


ATTRIBUTE_KINDS = frozenset({ChartKind.P, ChartKind.NP, ChartKind.C, ChartKind.U})
SUBGROUP_KINDS = frozenset({ChartKind.XBAR_R, ChartKind.XBAR_S})


def _finite(name: str, value: float | None) -> None:
    if value is not None and not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """What to chart.

    ``values`` holds one entry per observation (variables charts) or one count per sample
    (attribute charts: nonconforming units for p/np, nonconformities for c/u). ``subgroups``
    labels each observation with its rational subgroup (consecutive equal labels are not
    required; subgroups are taken in order of first appearance); without it every value is its
    own point. ``sizes`` is the sample size per point for p, np and u (inspection units for u;
    c defaults to 1). The first ``phase1`` points (all when ``None``) estimate the limits,
    leaving out the zero-based points in ``exclude``; later points are monitored against the
    frozen limits (phase II). ``revise`` drops phase I points beyond the limits and re-estimates
    until none remain. ``target`` and ``sigma`` are known parameters that replace estimates
    (for p, np, c and u, ``target`` is the known fraction or rate). ``sigma_method`` picks the
    σ estimator (default: ``rbar`` for Xbar-R, ``sbar`` for Xbar-S, ``mr`` for individuals,
    and ``rbar`` or ``mr`` for EWMA and CUSUM depending on whether the points are subgroups).
    ``k`` and ``h`` are the CUSUM reference value and decision interval, and ``width`` the EWMA
    limit multiplier L, all in σ units of the plotted mean.
    """

    kind: ChartKind
    values: tuple[float, ...]
    subgroups: tuple[str, ...] | None = None
    sizes: tuple[float, ...] | None = None
    phase1: int | None = None
    exclude: tuple[int, ...] = ()
    revise: bool = False
    target: float | None = None
    sigma: float | None = None
    nsigmas: float = 3.0
    rules: RuleSet = RuleSet.WESTERN_ELECTRIC
    sigma_method: SigmaMethod | None = None
    lam: float = 0.2
    width: float = 3.0
    exact_ewma: bool = True
    k: float = 0.5
    h: float = 5.0
    constants: Constants = Constants.EXACT

    def __post_init__(self) -> None:
        if not isinstance(self.kind, ChartKind):
            raise ValueError(
                f"kind must be one of {[k.value for k in ChartKind]}, got {self.kind!r}"
            )
        if not self.values:
            raise ValueError("values is empty")
        for i, v in enumerate(self.values):
            if not math.isfinite(v):
                raise ValueError(f"values[{i}] must be a finite number, got {v!r}")
        if self.subgroups is not None:
            if len(self.subgroups) != len(self.values):
                raise ValueError(
                    f"subgroups has {len(self.subgroups)} labels for {len(self.values)} values"
                )
            if self.kind in ATTRIBUTE_KINDS:
                raise ValueError(
                    f"subgroups does not apply to a {self.kind} chart (one count per sample)"
                )
        elif self.kind in SUBGROUP_KINDS:
            raise ValueError(f"subgroups is required for an {self.kind} chart")
        if self.sizes is not None:
            if len(self.sizes) != len(self.values):
                raise ValueError(
                    f"sizes has {len(self.sizes)} entries for {len(self.values)} values"
                )
            for i, n in enumerate(self.sizes):
                if not (math.isfinite(n) and n > 0):
                    raise ValueError(f"sizes[{i}] must be a positive number, got {n!r}")
        elif self.kind in (ChartKind.P, ChartKind.NP, ChartKind.U):
            raise ValueError(f"sizes is required for a {self.kind} chart")
        if self.kind in ATTRIBUTE_KINDS:
            for i, v in enumerate(self.values):
                if v < 0:
                    raise ValueError(f"values[{i}] is a count and cannot be negative, got {v!r}")
            if self.kind in (ChartKind.P, ChartKind.NP) and self.sizes is not None:
                for i, (v, n) in enumerate(zip(self.values, self.sizes, strict=True)):
                    if v > n:
                        raise ValueError(
                            f"values[{i}] = {v!r} nonconforming exceeds the sample size {n!r}"
                        )
        if self.phase1 is not None and not self.phase1 >= 1:
            raise ValueError(f"phase1 must be at least 1, got {self.phase1!r}")
        for i in self.exclude:
            if i < 0:
                raise ValueError(f"exclude holds a negative point index {i!r}")
        for name in ("target", "sigma", "nsigmas", "lam", "width", "k", "h"):
            _finite(name, getattr(self, name))
        if self.sigma is not None and self.sigma <= 0:
            raise ValueError(f"sigma must be positive, got {self.sigma!r}")
        if self.nsigmas <= 0:
            raise ValueError(f"nsigmas must be positive, got {self.nsigmas!r}")
        if not 0 < self.lam <= 1:
            raise ValueError(f"lam (EWMA λ) must be in (0, 1], got {self.lam!r}")
        if self.width <= 0:
            raise ValueError(f"width (EWMA L) must be positive, got {self.width!r}")
        if self.k < 0:
            raise ValueError(f"k (CUSUM reference value) must be non-negative, got {self.k!r}")
        if self.h <= 0:
            raise ValueError(f"h (CUSUM decision interval) must be positive, got {self.h!r}")
        fraction = self.kind in (ChartKind.P, ChartKind.NP)
        if self.target is not None and fraction and not 0 < self.target < 1:
            raise ValueError(
                f"target (known fraction nonconforming) must be in (0, 1), got {self.target!r}"
            )
        if self.target is not None and self.kind in (ChartKind.C, ChartKind.U) and self.target <= 0:
            raise ValueError(f"target (known rate) must be positive, got {self.target!r}")


@dataclass(frozen=True, slots=True)
class Violation:
    """A rule that fired: the zero-based point and the rule id (``WE1``…``WE4``, ``N1``…``N8``,
    ``EWMA``, ``CUSUM+``, ``CUSUM-``)."""

    point: int
    rule: str


@dataclass(frozen=True, slots=True)
class Panel:
    """One plotted series with its centre line and limits, one entry per point.

    Undefined values (the first moving range) are NaN.
    """

    name: str
    values: tuple[float, ...]
    center: tuple[float, ...]
    lcl: tuple[float, ...]
    ucl: tuple[float, ...]
    violations: tuple[Violation, ...]


@dataclass(frozen=True, slots=True)
class ChartResult:
    """A chart: its panels (the primary one first), the estimates behind the limits, and status.

    ``mean`` and ``sigma`` are the process centre and σ of individual values used for the
    limits (for attribute charts, ``mean`` is p̄, c̄ or ū and ``sigma`` is ``None``).
    ``labels`` names each point (its subgroup label, or its 1-based position).
    """

    kind: ChartKind
    panels: tuple[Panel, ...]
    labels: tuple[str, ...]
    sizes: tuple[float, ...]
    phase1: int
    excluded: tuple[int, ...]
    mean: float
    sigma: float | None
    status: ChartStatus

    @property
    def violations(self) -> tuple[Violation, ...]:
        """Every violation on every panel, in panel order."""
        return tuple(v for p in self.panels for v in p.violations)
