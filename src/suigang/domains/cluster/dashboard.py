"""The cluster's path to its 2035 target, for the zone office: every firm's filings summed in
CNY (HKD at the rate in force on 31 December of the year) by the ``cluster`` engine."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.domains.cluster.models import ExchangeRate, StatisticsFiling
from suigang.domains.cluster.schemas import (
    ClusterRead,
    ProjectionRead,
    RateRead,
    SegmentFigureRead,
    TargetPathPoint,
    YearRead,
)
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import require
from suigang.domains.zone.segments import segment_name
from suigang.engines.analytics.cluster import (
    HUNDRED_BILLION,
    ClusterInput,
    Currency,
    Filing,
    NoRate,
    Rate,
    RateTable,
    compute,
)
from suigang.errors import Conflict

TARGET_YEAR = 2035
METHOD = (
    "log-linear trend: ln(output) fitted by least squares on the year; the band is the "
    "Student-t prediction interval of a new year ({band:.0%}), taken back through exp"
)


def cluster_input(session: Session) -> tuple[ClusterInput, list[ExchangeRate]]:
    """Every filing and rate as the engine reads them."""
    rates = list(session.scalars(select(ExchangeRate).order_by(ExchangeRate.effective)))
    filings = tuple(
        Filing(
            firm=str(f.enterprise_id), year=f.year, segment=f.segment.value,
            output=Decimal(f.output), currency=Currency(f.currency), hk_invested=f.hk_invested,
            tax=Decimal(f.tax), rd_spending=Decimal(f.rd_spending), employees=f.employees,
        )
        for f in session.scalars(select(StatisticsFiling))
    )  # fmt: skip
    table = RateTable(tuple(Rate(r.effective, Decimal(r.cny_per_hkd)) for r in rates))
    return ClusterInput(filings, table, HUNDRED_BILLION, TARGET_YEAR), rates


def _yuan(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def cluster_dashboard(session: Session, *, actor: Actor, lang: str | None = None) -> ClusterRead:
    """Yearly figures, required and achieved growth, projection and band, segments, the
    Hong Kong-invested share; ``Conflict`` naming the year when an HKD filing has no rate."""
    require(actor, "cluster:read")
    language = lang or actor.language
    data, rates = cluster_input(session)
    try:
        result = compute(data)
    except NoRate as exc:
        raise Conflict(f"{exc}: the zone office adds the HKD/CNY rate first") from None
    years: list[YearRead] = []
    previous = None
    for y in result.years:
        growth = None
        if previous is not None and previous.year == y.year - 1 and previous.output_cny > 0:
            growth = float(y.output_cny / previous.output_cny) - 1
        years.append(
            YearRead(
                year=y.year, output_cny=y.output_cny, tax_cny=y.tax_cny, rd_cny=y.rd_cny,
                employees=y.employees, firms=y.firms, hk_invested_firms=y.hk_invested_firms,
                hk_invested_output_cny=y.hk_invested_output_cny,
                hk_invested_share=y.hk_invested_share, rd_intensity=y.rd_intensity,
                growth=growth,
                segments=[
                    SegmentFigureRead(segment=s.segment, name=segment_name(s.segment, language),
                                      output_cny=s.output_cny, share=s.share)
                    for s in y.segments
                ],
            )
        )  # fmt: skip
        previous = y
    path: list[TargetPathPoint] = []
    if result.required_cagr is not None and result.latest_year is not None:
        assert result.latest_output_cny is not None
        factor = Decimal(repr(1 + result.required_cagr))
        value = result.latest_output_cny
        path.append(TargetPathPoint(year=result.latest_year, output_cny=_yuan(value)))
        for year in range(result.latest_year + 1, result.target_year + 1):
            value = value * factor
            path.append(TargetPathPoint(year=year, output_cny=_yuan(value)))
        path[-1] = TargetPathPoint(year=result.target_year, output_cny=result.target_cny)
    return ClusterRead(
        status=result.status.value, target_cny=result.target_cny, target_year=result.target_year,
        latest_year=result.latest_year, latest_output_cny=result.latest_output_cny,
        required_cagr=result.required_cagr, achieved_cagr=result.achieved_cagr,
        trend_growth=result.trend_growth, chance_of_target=result.chance_of_target,
        band=result.band, method=METHOD.format(band=result.band), years=years,
        projection=[
            ProjectionRead(year=p.year, central_cny=p.central_cny, low_cny=p.low_cny,
                           high_cny=p.high_cny)
            for p in result.projection
        ],
        target_path=path,
        rates_used=[RateRead.model_validate(r) for r in reversed(rates)],
    )  # fmt: skip
