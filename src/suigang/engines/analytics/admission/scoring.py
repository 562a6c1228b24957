"""Scoring an admission application against an indicator set.

Each indicator of the applicant's segment is computed exactly (fractions) from its figures.
A hard threshold passes or fails with the value and the rule; a figure that is missing (or
a zero denominator) leaves the indicator ``missing``. The weighted score ranks applications:
each weighted indicator earns ``weight × min(value / benchmark, cap)`` (``benchmark /
value`` where lower is better; a missing value earns 0), and the score is
``100 × Σ earned / Σ weight`` — 100 means every benchmark met, ``100 × cap`` the most.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from fractions import Fraction

from suigang.engines.analytics.admission.config import IndicatorSet, Threshold
from suigang.engines.analytics.admission.model import Better, ProjectFigures

#: Indicator values are shown to six decimal places; comparisons use the exact value.
SHOWN = Decimal("0.000001")


class Status(StrEnum):
    """An indicator's outcome: a hard rule passed or failed, a figure missing, or scored only."""

    PASS = "pass"
    FAIL = "fail"
    MISSING = "missing"
    SCORED = "scored"


class Verdict(StrEnum):
    """Every hard rule passed; one failed; or none failed but one could not be computed."""

    PASSED = "passed"
    FAILED = "failed"
    INCOMPLETE = "incomplete"


@dataclass(frozen=True, slots=True)
class Application:
    """A project applying to locate in the zone: an id, its segment and its figures."""

    id: str
    segment: str
    figures: ProjectFigures

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("application id is empty")
        if not self.segment or self.segment == "*":
            raise ValueError(f"segment must name a segment, got {self.segment!r}")


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """One indicator: its value (exact and shown), the rule, the outcome, the points earned.

    ``inputs`` are the figures it was computed from, in its units (``("tax", "10k_cny",
    1932.3)``, ``("land_area", "mu", 30)``), shown to six places.
    """

    indicator: str
    value: Decimal | None
    exact: Fraction | None
    status: Status
    threshold: Threshold | None
    missing: tuple[str, ...]
    weight: Decimal
    benchmark: Decimal | None
    ratio: Fraction
    points: Fraction
    inputs: tuple[tuple[str, str, Decimal], ...] = ()


@dataclass(frozen=True, slots=True)
class AdmissionResult:
    """The verdict on the hard rules and the weighted score (None when nothing is weighted)."""

    application: str
    version: str
    segment: str
    verdict: Verdict
    score: Decimal | None
    indicators: tuple[IndicatorResult, ...]

    @property
    def failed(self) -> tuple[IndicatorResult, ...]:
        """The hard rules that failed, with their figures."""
        return tuple(i for i in self.indicators if i.status is Status.FAIL)

    @property
    def missing(self) -> tuple[str, ...]:
        """Figures the application lacks for the indicators of its segment."""
        return tuple(dict.fromkeys(f for i in self.indicators for f in i.missing))


def shown(value: Fraction, places: Decimal = SHOWN) -> Decimal:
    """An exact value as a Decimal rounded once, half up, to ``places`` (six by default)."""
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return exact.quantize(places, rounding=ROUND_HALF_UP)


def score(application: Application, indicator_set: IndicatorSet) -> AdmissionResult:
    """Every indicator of the application's segment, the verdict and the weighted score."""
    figures = application.figures.in_base_units()
    cap = Fraction(indicator_set.cap)
    results: list[IndicatorResult] = []
    for rule in indicator_set.rules_for(application.segment):
        definition = indicator_set.definitions[rule.indicator]
        value, missing = definition.compute(figures)
        if rule.threshold is None:
            status = Status.MISSING if value is None else Status.SCORED
        elif value is None:
            status = Status.MISSING
        else:
            status = Status.PASS if rule.threshold.holds(value) else Status.FAIL
        ratio = Fraction(0)
        if value is not None and rule.benchmark is not None:
            bench = Fraction(rule.benchmark)
            if definition.better is Better.HIGHER:
                ratio = min(value / bench, cap)
            else:
                ratio = cap if value == 0 else min(bench / value, cap)
        results.append(
            IndicatorResult(
                indicator=rule.indicator,
                value=None if value is None else shown(value),
                exact=value,
                status=status,
                threshold=rule.threshold,
                missing=missing,
                weight=rule.weight,
                benchmark=rule.benchmark,
                ratio=ratio,
                points=Fraction(rule.weight) * ratio,
                inputs=tuple((f, u, shown(v)) for f, u, v in definition.inputs(figures)),
            )
        )
    hard = [r for r in results if r.threshold is not None]
    if any(r.status is Status.FAIL for r in hard):
        verdict = Verdict.FAILED
    elif any(r.status is Status.MISSING for r in hard):
        verdict = Verdict.INCOMPLETE
    else:
        verdict = Verdict.PASSED
    total_weight = sum((Fraction(r.weight) for r in results), Fraction(0))
    total: Decimal | None = None
    if total_weight > 0:
        earned = sum((r.points for r in results), Fraction(0))
        total = shown(100 * earned / total_weight, Decimal("0.01"))
    return AdmissionResult(
        application=application.id,
        version=indicator_set.version,
        segment=application.segment,
        verdict=verdict,
        score=total,
        indicators=tuple(results),
    )


def rank(results: Iterable[AdmissionResult]) -> tuple[AdmissionResult, ...]:
    """Passed applications by score (highest first), then incomplete ones, then failed ones.

    Ties keep the order given (e.g. the order of submission).
    """
    order = {Verdict.PASSED: 0, Verdict.INCOMPLETE: 1, Verdict.FAILED: 2}
    return tuple(
        sorted(
            results,
            key=lambda r: (order[r.verdict], -(r.score if r.score is not None else Decimal(-1))),
        )
    )
