"""The cluster's yearly figures and its path to the output target (100 billion yuan by 2035).

Money is Decimal CNY (HKD filings are converted at the rate in force on 31 December of their
year). Shares are Decimal ratios (one Decimal division of two amounts, 28 significant
digits). Growth rates and the probability of reaching the target are floats: they come from
fractional powers and logarithms and are estimates, not amounts.

Projection method: a log-linear trend with a prediction interval. ``ln(output)`` is fitted
by ordinary least squares on the year over every year with output; the projection for a
later year is ``exp`` of the fitted line (the median of the implied log-normal outcome),
and the band is the Student-t prediction interval of a new observation,
``ŷ ± t(1 - (1 - band) / 2, n - 2) · s · sqrt(1 + 1/n + (year - mean year)² / Sxx)``, taken
back through ``exp``. It needs three years or more. A constant growth rate is the model
behind both the required and the achieved growth, so the projection speaks the same
language; its limits are those of any trend: it assumes the past rate continues, and a
break (a new plant, a downturn) widens the band rather than bending the line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from suigang.engines.analytics.cluster.rates import Currency, RateTable, money

#: 千亿: one hundred billion yuan.
HUNDRED_BILLION = Decimal("100000000000")


@dataclass(frozen=True, slots=True)
class Filing:
    """One firm's figures for one year in one segment, in the currency it filed them."""

    firm: str
    year: int
    segment: str
    output: Decimal
    currency: Currency = Currency.CNY
    hk_invested: bool = False
    tax: Decimal = Decimal(0)
    rd_spending: Decimal = Decimal(0)
    employees: int = 0

    def __post_init__(self) -> None:
        where = f"filing of {self.firm!r} for {self.year}"
        if not isinstance(self.firm, str) or not self.firm.strip():
            raise ValueError(f"firm must be a non-empty id, got {self.firm!r}")
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise ValueError(f"{where}: year must be a whole number")
        if not 1900 <= self.year <= 2200:
            raise ValueError(f"{where}: year must be 1900 to 2200, got {self.year}")
        if not isinstance(self.segment, str) or not self.segment.strip():
            raise ValueError(f"{where}: segment is empty")
        for name in ("output", "tax", "rd_spending"):
            value = money(getattr(self, name), what=f"{where}: {name}")
            if value < 0:
                raise ValueError(f"{where}: {name} must not be negative, got {value}")
            object.__setattr__(self, name, value)
        object.__setattr__(self, "currency", Currency(self.currency))
        if isinstance(self.employees, bool) or not isinstance(self.employees, int):
            raise ValueError(f"{where}: employees must be a whole number")
        if self.employees < 0:
            raise ValueError(f"{where}: employees must not be negative, got {self.employees}")


@dataclass(frozen=True, slots=True)
class ClusterInput:
    """Filings, the rate table, the target and the coverage of the projection band."""

    filings: tuple[Filing, ...]
    rates: RateTable = field(default_factory=RateTable)
    target_cny: Decimal = HUNDRED_BILLION
    target_year: int = 2035
    band: float = 0.9

    def __post_init__(self) -> None:
        target = money(self.target_cny, what="target_cny")
        if target <= 0:
            raise ValueError(f"target_cny must be positive, got {target}")
        object.__setattr__(self, "target_cny", target)
        if not 0 < self.band < 1:
            raise ValueError(f"band must be a coverage between 0 and 1, got {self.band!r}")
        seen: dict[tuple[str, int, str], Filing] = {}
        hk: dict[tuple[str, int], bool] = {}
        for f in self.filings:
            key = (f.firm, f.year, f.segment)
            if key in seen:
                raise ValueError(f"{f.firm!r} filed {f.segment!r} for {f.year} twice")
            seen[key] = f
            if hk.setdefault((f.firm, f.year), f.hk_invested) != f.hk_invested:
                raise ValueError(f"{f.firm!r} is and is not Hong Kong-invested in {f.year}")


class ClusterStatus(StrEnum):
    """How much the filings allow: nothing, figures only, growth, or growth and projection."""

    NO_DATA = "no_data"
    ONE_YEAR = "one_year"
    TWO_YEARS = "two_years"
    OK = "ok"


@dataclass(frozen=True, slots=True)
class SegmentFigure:
    """A segment's output in a year and its share of the cluster (None if the cluster has 0)."""

    segment: str
    output_cny: Decimal
    share: Decimal | None


@dataclass(frozen=True, slots=True)
class YearFigures:
    """The cluster in one year, in CNY."""

    year: int
    output_cny: Decimal
    tax_cny: Decimal
    rd_cny: Decimal
    employees: int
    firms: int
    hk_invested_firms: int
    hk_invested_output_cny: Decimal
    hk_invested_share: Decimal | None
    rd_intensity: Decimal | None
    segments: tuple[SegmentFigure, ...]


@dataclass(frozen=True, slots=True)
class ProjectionPoint:
    """Projected output in a year: the trend's central value and the band around it."""

    year: int
    central_cny: Decimal
    low_cny: Decimal
    high_cny: Decimal


@dataclass(frozen=True, slots=True)
class ClusterResult:
    """Yearly figures, the growth needed and achieved, and the projection to the target year.

    ``required_cagr`` is None when there is no output yet or the latest year is not before
    the target year; ``achieved_cagr`` needs two years with output; the projection, the
    trend growth and ``chance_of_target`` (the probability under the fitted trend that
    output in the target year reaches the target) need three.
    """

    status: ClusterStatus
    years: tuple[YearFigures, ...]
    target_cny: Decimal
    target_year: int
    latest_year: int | None
    latest_output_cny: Decimal | None
    required_cagr: float | None
    achieved_cagr: float | None
    trend_growth: float | None
    band: float
    projection: tuple[ProjectionPoint, ...]
    chance_of_target: float | None


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    return part / whole if whole else None


def _yuan(value: float) -> Decimal:
    return Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _year_figures(data: ClusterInput) -> list[YearFigures]:
    by_year: dict[int, list[Filing]] = {}
    for f in data.filings:
        by_year.setdefault(f.year, []).append(f)
    out: list[YearFigures] = []
    for year in sorted(by_year):
        day = date(year, 12, 31)
        rows = by_year[year]
        output = tax = rd = hk_output = Decimal(0)
        segments: dict[str, Decimal] = {}
        for f in rows:
            cny = data.rates.to_cny(f.output, f.currency, day)
            output += cny
            tax += data.rates.to_cny(f.tax, f.currency, day)
            rd += data.rates.to_cny(f.rd_spending, f.currency, day)
            segments[f.segment] = segments.get(f.segment, Decimal(0)) + cny
            if f.hk_invested:
                hk_output += cny
        out.append(
            YearFigures(
                year=year,
                output_cny=output,
                tax_cny=tax,
                rd_cny=rd,
                employees=sum(f.employees for f in rows),
                firms=len({f.firm for f in rows}),
                hk_invested_firms=len({f.firm for f in rows if f.hk_invested}),
                hk_invested_output_cny=hk_output,
                hk_invested_share=_share(hk_output, output),
                rd_intensity=_share(rd, output),
                segments=tuple(
                    SegmentFigure(s, v, _share(v, output)) for s, v in sorted(segments.items())
                ),
            )
        )
    return out


def cagr(first: Decimal, last: Decimal, years: int) -> float:
    """Compound annual growth from ``first`` to ``last`` over ``years`` years."""
    if first <= 0 or years <= 0:
        raise ValueError(f"growth needs a positive start and span, got {first} over {years}")
    return math.pow(float(last / first), 1 / years) - 1


def _projection(
    points: list[tuple[int, Decimal]], data: ClusterInput
) -> tuple[float, tuple[ProjectionPoint, ...], float]:
    """Trend growth, yearly projection to the target year, and the chance of the target."""
    from scipy import stats

    xs = [float(y) for y, _ in points]
    ys = [math.log(float(v)) for _, v in points]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = my - slope * mx
    sse = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    s = math.sqrt(sse / (n - 2))
    q = float(stats.t.ppf(1 - (1 - data.band) / 2, n - 2))

    def se(year: int) -> float:
        return s * math.sqrt(1 + 1 / n + (year - mx) ** 2 / sxx)

    latest = points[-1][0]
    projection = tuple(
        ProjectionPoint(
            year,
            _yuan(math.exp(intercept + slope * year)),
            _yuan(math.exp(intercept + slope * year - q * se(year))),
            _yuan(math.exp(intercept + slope * year + q * se(year))),
        )
        for year in range(latest + 1, data.target_year + 1)
    )
    gap = math.log(float(data.target_cny)) - (intercept + slope * data.target_year)
    spread = se(data.target_year)
    # a perfect fit has no spread: the target is then reached or not, with certainty
    chance = float(stats.t.sf(gap / spread, n - 2)) if spread > 0 else float(gap <= 0)
    return math.exp(slope) - 1, projection, chance


def compute(data: ClusterInput) -> ClusterResult:
    """The cluster's yearly figures and its path to the target."""
    years = _year_figures(data)
    points = [(y.year, y.output_cny) for y in years if y.output_cny > 0]
    latest = points[-1] if points else None
    required = None
    if latest is not None and latest[0] < data.target_year:
        required = cagr(latest[1], data.target_cny, data.target_year - latest[0])
    achieved = None
    if len(points) >= 2:
        achieved = cagr(points[0][1], points[-1][1], points[-1][0] - points[0][0])
    trend: float | None = None
    projection: tuple[ProjectionPoint, ...] = ()
    chance: float | None = None
    if len(points) >= 3 and points[-1][0] < data.target_year:
        trend, projection, chance = _projection(points, data)
    status = (ClusterStatus.NO_DATA, ClusterStatus.ONE_YEAR, ClusterStatus.TWO_YEARS,
              ClusterStatus.OK)[min(len(points), 3)]  # fmt: skip
    return ClusterResult(
        status=status,
        years=tuple(years),
        target_cny=data.target_cny,
        target_year=data.target_year,
        latest_year=latest[0] if latest else None,
        latest_output_cny=latest[1] if latest else None,
        required_cagr=required,
        achieved_cagr=achieved,
        trend_growth=trend,
        band=data.band,
        projection=projection,
        chance_of_target=chance,
    )
