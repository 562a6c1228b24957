"""Each chart on small inline data whose limits follow from the textbook formulas by hand."""

from __future__ import annotations

import math

import pytest

from suigang.engines.spc import (
    ChartKind,
    ChartSpec,
    ChartStatus,
    Constants,
    Violation,
    analyze_chart,
    d2,
)

GROUPS = ("a", "a", "a", "b", "b", "b", "c", "c", "c")
VALUES = (1.0, 2.0, 3.0, 2.0, 3.0, 4.0, 3.0, 4.0, 5.0)  # means 2, 3, 4; ranges 2; sds 1


def test_xbar_r_table_factors() -> None:
    """R̄ = 2, n = 3: Xbar 3 ± A2·R̄ (A2 = 1.023), R UCL = D4·R̄ (D4 = 2.574), LCL 0."""
    r = analyze_chart(ChartSpec(ChartKind.XBAR_R, VALUES, GROUPS, constants=Constants.TABLE))
    xbar, rng = r.panels
    assert xbar.values == (2.0, 3.0, 4.0)
    assert (xbar.lcl[0], xbar.center[0], xbar.ucl[0]) == pytest.approx(
        (3 - 2.046, 3.0, 3 + 2.046), abs=1e-3
    )
    assert rng.values == (2.0, 2.0, 2.0)
    assert (rng.lcl[0], rng.center[0], rng.ucl[0]) == pytest.approx((0.0, 2.0, 5.148), abs=2e-3)
    assert r.status is ChartStatus.IN_CONTROL


def test_xbar_s_table_factors() -> None:
    """s̄ = 1, n = 3: Xbar 3 ± A3·s̄ (A3 = 1.954), S UCL = B4·s̄ (B4 = 2.568)."""
    r = analyze_chart(ChartSpec(ChartKind.XBAR_S, VALUES, GROUPS))
    xbar, s = r.panels
    assert s.values == pytest.approx((1.0, 1.0, 1.0))
    assert xbar.ucl[0] == pytest.approx(3 + 1.954, abs=1e-3)
    assert (s.lcl[0], s.center[0], s.ucl[0]) == pytest.approx((0.0, 1.0, 2.568), abs=1e-3)


def test_subgroups_in_order_of_first_appearance() -> None:
    """Interleaved labels still form subgroups, in the order they first appear."""
    labels = ("b", "a", "b", "a", "b", "a")
    r = analyze_chart(ChartSpec(ChartKind.XBAR_R, (1, 10, 3, 12, 5, 14), labels))
    assert r.labels == ("b", "a")
    assert r.panels[0].values == (3.0, 12.0)


def test_variable_subgroup_size_gives_per_point_limits() -> None:
    """n = 2 and n = 4 with σ known 1: Xbar half-widths 3/√2 and 3/√4."""
    spec = ChartSpec(
        ChartKind.XBAR_R, (0, 1, 0, 1, 0, 1), ("a", "a", "b", "b", "b", "b"), target=0.5, sigma=1.0
    )
    p = analyze_chart(spec).panels[0]
    assert p.ucl == pytest.approx((0.5 + 3 / math.sqrt(2), 0.5 + 1.5))


def test_individuals_moving_range() -> None:
    """MR 2, 1, 2, 1 → MR̄ 1.5, σ = 1.5/d2(2); I limits 11.6 ± 3σ; MR UCL = 1.5 + 3·d3(2)σ."""
    r = analyze_chart(ChartSpec(ChartKind.IMR, (10, 12, 11, 13, 12)))
    i, mr = r.panels
    sigma = 1.5 / d2(2)
    assert r.sigma == pytest.approx(sigma, rel=1e-12)
    assert (i.lcl[0], i.ucl[0]) == pytest.approx((11.6 - 3 * sigma, 11.6 + 3 * sigma))
    assert math.isnan(mr.values[0]) and mr.values[1:] == (2.0, 1.0, 2.0, 1.0)
    assert mr.center[0] == pytest.approx(1.5)
    assert mr.ucl[0] == pytest.approx(3.267 * 1.5, abs=1e-3)  # D4(2) = 3.267


def test_phase2_uses_frozen_limits() -> None:
    """A jump to 20 after four phase I points is flagged and leaves the limits unchanged."""
    base = analyze_chart(ChartSpec(ChartKind.IMR, (10, 11, 10, 11)))
    both = analyze_chart(ChartSpec(ChartKind.IMR, (10, 11, 10, 11, 20), phase1=4))
    assert both.panels[0].ucl[4] == base.panels[0].ucl[0]
    assert Violation(4, "WE1") in both.panels[0].violations
    assert both.phase1 == 4


def test_known_parameters_replace_estimates() -> None:
    """target 3.5 and σ 1 give Xbar limits 3.5 ± 3/√3 whatever the data say."""
    r = analyze_chart(ChartSpec(ChartKind.XBAR_R, VALUES, GROUPS, target=3.5, sigma=1.0))
    assert (r.mean, r.sigma) == (3.5, 1.0)
    assert r.panels[0].ucl[0] == pytest.approx(3.5 + math.sqrt(3))
    assert r.panels[1].center[0] == pytest.approx(d2(3))


def test_p_chart_variable_size() -> None:
    """p̄ = 6/40; n = 10 → UCL 0.15 + 3√(0.1275/10); n = 20 → 0.15 + 3√(0.1275/20); LCL 0."""
    p = analyze_chart(ChartSpec(ChartKind.P, (1, 2, 3), sizes=(10, 10, 20))).panels[0]
    assert p.values == pytest.approx((0.1, 0.2, 0.15))
    assert p.ucl == pytest.approx(
        (
            0.15 + 3 * math.sqrt(0.01275),
            0.15 + 3 * math.sqrt(0.01275),
            0.15 + 3 * math.sqrt(0.006375),
        )
    )
    assert p.lcl == (0.0, 0.0, 0.0)


def test_np_chart() -> None:
    """n 20, p̄ 0.2: centre 4, UCL 4 + 3√3.2, LCL floored at 0."""
    p = analyze_chart(ChartSpec(ChartKind.NP, (2, 4, 6), sizes=(20, 20, 20))).panels[0]
    assert (p.lcl[0], p.center[0], p.ucl[0]) == pytest.approx((0.0, 4.0, 4 + 3 * math.sqrt(3.2)))


def test_c_chart() -> None:
    """c̄ = 6: UCL 6 + 3√6, LCL 0."""
    p = analyze_chart(ChartSpec(ChartKind.C, (4, 9, 5))).panels[0]
    assert (p.lcl[0], p.center[0], p.ucl[0]) == pytest.approx((0.0, 6.0, 6 + 3 * math.sqrt(6)))


def test_u_chart_variable_size() -> None:
    """ū = 8/6; per-point UCL ū + 3√(ū/nᵢ) for n = 2 and 4."""
    p = analyze_chart(ChartSpec(ChartKind.U, (4, 4), sizes=(2, 4))).panels[0]
    u = 8 / 6
    assert p.values == pytest.approx((2.0, 1.0))
    assert p.ucl == pytest.approx((u + 3 * math.sqrt(u / 2), u + 3 * math.sqrt(u / 4)))


def test_ewma_exact_and_asymptotic() -> None:
    """μ 0, σ 1, λ 0.5: z = 1, 0.5, −0.75; exact limit at t 1 is 3·√(0.75/3) = 1.5, asym. 3/√3."""
    spec = dict(kind=ChartKind.EWMA, values=(2, 0, -2), target=0.0, sigma=1.0, lam=0.5)
    exact = analyze_chart(ChartSpec(**spec)).panels[0]  # type: ignore[arg-type]
    assert exact.values == pytest.approx((1.0, 0.5, -0.75))
    assert exact.ucl[0] == pytest.approx(1.5)
    asym = analyze_chart(ChartSpec(**spec, exact_ewma=False)).panels[0]  # type: ignore[arg-type]
    assert asym.ucl == pytest.approx((math.sqrt(3),) * 3)


def test_ewma_signal() -> None:
    """A 4σ first value moves z to 2.0, above the exact limit 1.5 at t 1 (λ 0.5)."""
    r = analyze_chart(ChartSpec(ChartKind.EWMA, (4, 0), target=0.0, sigma=1.0, lam=0.5))
    assert r.violations == (Violation(0, "EWMA"),)


def test_cusum_two_sided() -> None:
    """k 0.5, h 2: C+ 0.5, 1, 1.5, 0 and C− 0, 0, 0, 2.5, so only the last point signals (low)."""
    r = analyze_chart(
        ChartSpec(ChartKind.CUSUM, (1, 1, 1, -3), target=0.0, sigma=1.0, k=0.5, h=2.0)
    )
    upper, lower = r.panels
    assert upper.values == (0.5, 1.0, 1.5, 0.0)
    assert lower.values == (0.0, 0.0, 0.0, -2.5)
    assert r.violations == (Violation(3, "CUSUM-"),)
    assert (upper.lcl[0], upper.ucl[0]) == (-2.0, 2.0)


def test_revise_drops_out_of_control_points() -> None:
    """Nine counts of 5 and one of 30: 30 is beyond c̄ + 3√c̄ = 7.5 + 8.2, so revision gives c̄ = 5."""
    r = analyze_chart(ChartSpec(ChartKind.C, (5,) * 9 + (30,), revise=True))
    assert r.excluded == (9,)
    assert r.mean == 5.0
    assert Violation(9, "WE1") in r.violations


def test_exclude_on_request() -> None:
    """Excluding point 0 (value 100) estimates the centre from the rest."""
    r = analyze_chart(ChartSpec(ChartKind.IMR, (100, 1, 2, 1, 2), exclude=(0,)))
    assert r.mean == 1.5
    assert r.sigma == pytest.approx(1 / d2(2))


def test_revise_with_known_parameters_drops_nothing() -> None:
    """With c known (target 5) there is nothing to re-estimate, so no point is excluded."""
    r = analyze_chart(ChartSpec(ChartKind.C, (5,) * 9 + (30,), revise=True, target=5.0))
    assert r.excluded == ()
    assert r.violations == (Violation(9, "WE1"),)
