"""Cluster figures: dated HKD rates, Decimal totals and shares, growth, the projection."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal as D

import pytest
from scipy import stats

from suigang.engines.analytics.cluster import (
    ClusterInput,
    ClusterStatus,
    Currency,
    Filing,
    NoRate,
    Rate,
    RateTable,
    cagr,
    compute,
)

RATES = RateTable((Rate(date(2024, 7, 1), D("0.9150")), Rate(date(2023, 1, 1), D("0.9000"))))
BN = D(1_000_000_000)


def test_rate_in_force_is_the_latest_dated_on_or_before() -> None:
    """30 June 2024 still uses the 2023 rate; 1 July 2024 the new one; 2022 has none."""
    assert RATES.rate_on(date(2024, 6, 30)).cny_per_hkd == D("0.9000")
    assert RATES.rate_on(date(2024, 7, 1)).cny_per_hkd == D("0.9150")
    assert RATES.rate_on(date(2030, 1, 1)).cny_per_hkd == D("0.9150")
    with pytest.raises(NoRate, match=r"no HKD/CNY rate is dated on or before 2022-12-31 \(the "):
        RATES.rate_on(date(2022, 12, 31))


def test_conversion_is_decimal_rounded_half_up_to_the_fen() -> None:
    """HKD 1.25 x 0.9 = 1.125 -> 1.13 (half up, not half even); large sums stay exact."""
    assert RATES.to_cny(D("1.25"), Currency.HKD, date(2023, 5, 1)) == D("1.13")
    assert RATES.to_cny(D("123456789012.34"), Currency.HKD, date(2024, 12, 31)) == D(
        "112962961946.29"
    )  # 123456789012.34 * 0.915 = 112962961946.2911
    assert RATES.to_cny(D("7.777"), Currency.CNY, date(2000, 1, 1)) == D("7.777")  # no rate needed
    with pytest.raises(ValueError, match="must be a Decimal amount, not float"):
        RATES.to_cny(1.5, Currency.HKD, date(2024, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="two rates are dated 2023-01-01"):
        RateTable((Rate(date(2023, 1, 1), D("0.9")), Rate(date(2023, 1, 1), D("0.91"))))


def test_year_figures_segments_and_hong_kong_share() -> None:
    """2024: A robots 600 (HK-invested), B inspection HKD 500 at 0.915 = 457.50, C robots 150:
    total 1207.50; robots 750 / 1207.50; HK-invested 600 / 1207.50; two segments."""
    filings = (
        Filing("A", 2024, "robots", D(600), hk_invested=True, tax=D(30), rd_spending=D(24)),
        Filing("B", 2024, "inspection", D(500), Currency.HKD, tax=D(10), employees=40),
        Filing("C", 2024, "robots", D(150), employees=12),
    )
    year = compute(ClusterInput(filings, RATES)).years[0]
    assert year.output_cny == D("1207.50")
    assert year.tax_cny == D("39.15")  # 30 + 10 x 0.915
    assert [(s.segment, s.output_cny) for s in year.segments] == [
        ("inspection", D("457.50")),
        ("robots", D(750)),
    ]
    assert year.segments[1].share == D(750) / D("1207.50")
    assert year.hk_invested_share == D(600) / D("1207.50")
    assert (year.firms, year.hk_invested_firms, year.employees) == (3, 1, 52)
    assert year.rd_intensity == D(24) / D("1207.50")


def test_missing_rate_for_an_hkd_filing_is_an_error() -> None:
    """An HKD filing for 2022 has no rate in force on 31 December 2022."""
    filings = (Filing("B", 2022, "inspection", D(500), Currency.HKD),)
    with pytest.raises(NoRate, match="2022-12-31"):
        compute(ClusterInput(filings, RATES))


def test_required_and_achieved_growth() -> None:
    """40 bn (2021) -> 48.4 bn (2023): achieved (1.21)^(1/2) - 1 = 10 %; from 48.4 bn in 2023
    the 100 bn target in 2035 needs (100/48.4)^(1/12) - 1 a year."""
    filings = (Filing("A", 2021, "robots", 40 * BN), Filing("A", 2023, "robots", D("48.4") * BN))
    result = compute(ClusterInput(filings))
    assert result.status is ClusterStatus.TWO_YEARS
    assert (result.latest_year, result.latest_output_cny) == (2023, D("48.4") * BN)
    assert result.achieved_cagr == pytest.approx(0.10, abs=1e-12)
    assert result.required_cagr == pytest.approx((100 / 48.4) ** (1 / 12) - 1, abs=1e-15)
    assert result.projection == ()  # two years are too few for a trend with a band
    assert cagr(50 * BN, 100 * BN, 10) == pytest.approx(2**0.1 - 1, abs=1e-15)


def test_projection_log_linear_with_prediction_interval() -> None:
    """ln output = L, L + 0.2, L + 0.2 over 2023-2025 (L = ln 50 bn): slope 0.1, mean
    L + 2/15 at 2024, SSE = 1/150 on 1 degree of freedom; for 2035 the fitted value is
    L + 2/15 + 1.1 and the standard error sqrt(1/150) * sqrt(1 + 1/3 + 121/2)."""
    base = 50 * BN
    out = [base, base * D(math.exp(0.2)), base * D(math.exp(0.2))]
    filings = tuple(
        Filing("A", 2023 + i, "robots", v.quantize(D("0.01"))) for i, v in enumerate(out)
    )
    result = compute(ClusterInput(filings, band=0.9))
    assert result.status is ClusterStatus.OK
    assert [p.year for p in result.projection] == list(range(2026, 2036))
    fit = math.log(50e9) + 2 / 15 + 1.1
    se = math.sqrt(1 / 150) * math.sqrt(1 + 1 / 3 + 121 / 2)
    q = stats.t.ppf(0.95, 1)
    last = result.projection[-1]
    assert float(last.central_cny) == pytest.approx(math.exp(fit), rel=1e-9)
    assert float(last.low_cny) == pytest.approx(math.exp(fit - q * se), rel=1e-9)
    assert float(last.high_cny) == pytest.approx(math.exp(fit + q * se), rel=1e-9)
    assert result.trend_growth == pytest.approx(math.exp(0.1) - 1, rel=1e-9)
    expected = stats.t.sf((math.log(1e11) - fit) / se, 1)
    assert result.chance_of_target == pytest.approx(expected, rel=1e-9)


def test_steady_ten_percent_reaches_the_target_with_certainty() -> None:
    """50, 55, 60.5 bn: a perfect 10 % trend, no spread; 60.5 bn x 1.1^10 > 100 bn."""
    filings = tuple(
        Filing("A", 2023 + i, "robots", v * BN) for i, v in enumerate((50, 55, D("60.5")))
    )
    result = compute(ClusterInput(filings))
    last = result.projection[-1]
    assert float(last.central_cny) == pytest.approx(60.5e9 * 1.1**10, rel=1e-9)
    assert float(last.high_cny - last.low_cny) / float(last.central_cny) < 1e-6
    assert result.chance_of_target == pytest.approx(1.0)


def test_no_filings_is_a_status() -> None:
    """Nothing filed: status no_data, nothing to grow from."""
    result = compute(ClusterInput(()))
    assert result.status is ClusterStatus.NO_DATA
    assert (result.latest_year, result.required_cagr, result.achieved_cagr) == (None, None, None)


def test_bad_filings_are_refused() -> None:
    """Float money, negative output, and the same segment filed twice name the problem."""
    with pytest.raises(ValueError, match="output must be a Decimal amount, not float"):
        Filing("A", 2024, "robots", 1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="output must not be negative"):
        Filing("A", 2024, "robots", D(-1))
    with pytest.raises(ValueError, match="'A' filed 'robots' for 2024 twice"):
        ClusterInput((Filing("A", 2024, "robots", D(1)), Filing("A", 2024, "robots", D(2))))
