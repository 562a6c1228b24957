"""Control-chart values published for the reference data sets (../shared/datasets/spc/EXPECTED.md).

Exact d2/c4 constants shift qcc's printed values (qcc uses d2(2) = 1.128, d2(5) = 2.326): σ̂ by
up to 3.4e-4 relative, control limits by far less. [qcc] limits are matched to 3e-4 relative
with exact constants, σ̂ to the exact-constant value EXPECTED.md states, and to 1e-6 with the
printed table constants.
"""

from __future__ import annotations

import pytest

from suigang.engines.spc import (
    ChartKind,
    ChartSpec,
    ChartStatus,
    Constants,
    SigmaMethod,
    Violation,
    analyze_chart,
)
from tests.engines.spc.spc_csv import column, rows

QCC = 3e-4


def approx(value: float, rel: float = QCC) -> object:
    return pytest.approx(value, rel=rel)


def piston(kind: ChartKind, **kw: object) -> ChartSpec:
    data = rows("pistonrings")
    return ChartSpec(
        kind, column(data, "diameter"), tuple(r["sample"] for r in data), phase1=25, **kw
    )  # type: ignore[arg-type]


def primary_points(result: object, rule: str | None = None) -> list[int]:
    panel = result.panels[0]  # type: ignore[attr-defined]
    return sorted({v.point for v in panel.violations if rule is None or v.rule == rule})


def test_pistonrings_xbar_r_phase1() -> None:
    """qcc: x̿ 74.00118, R̄ 0.02276, σ̂ 0.009785039, Xbar 73.98805/74.0143, R 0/0.04812533."""
    r = analyze_chart(piston(ChartKind.XBAR_R))
    xbar, rng = r.panels
    assert r.mean == approx(74.00118, 1e-7)
    assert r.sigma == approx(0.009785039)
    assert (xbar.lcl[0], xbar.ucl[0]) == (approx(73.98805, 1e-6), approx(74.0143, 1e-6))
    assert (rng.center[0], rng.lcl[0], rng.ucl[0]) == (
        approx(0.02276, 1e-9),
        0.0,
        approx(0.04812533),
    )


def test_pistonrings_xbar_r_table_constants_match_qcc_closely() -> None:
    """With the printed d2(5) = 2.326, σ̂ is qcc's 0.009785039 to 1e-6."""
    r = analyze_chart(piston(ChartKind.XBAR_R, constants=Constants.TABLE))
    assert r.sigma == approx(0.009785039, 1e-6)


def test_pistonrings_phase2_means_beyond_limits() -> None:
    """Samples 37, 38, 39 (points 36–38) are the phase II means beyond the Xbar limits."""
    r = analyze_chart(piston(ChartKind.XBAR_R))
    assert primary_points(r, "WE1") == [36, 37, 38]
    assert r.status is ChartStatus.OUT_OF_CONTROL


def test_pistonrings_xbar_s() -> None:
    """qcc: s̄ 0.009240037, σ̂ = s̄/c4 0.009829977, S 0/0.01930242; Xbar 73.98799/74.01436."""
    r = analyze_chart(piston(ChartKind.XBAR_S))
    xbar, s = r.panels
    assert r.sigma == approx(0.009829977, 1e-6)
    assert s.center[0] == approx(0.009240037, 1e-6)
    assert (s.lcl[0], s.ucl[0]) == (0.0, approx(0.01930242, 1e-6))
    assert (xbar.lcl[0], xbar.ucl[0]) == (approx(73.98799, 1e-7), approx(74.01436, 1e-7))


def test_pistonrings_cusum() -> None:
    """C+ for samples 35–40 and the first signal at sample 37 (h = 5, k = 0.5)."""
    r = analyze_chart(piston(ChartKind.CUSUM, k=0.5, h=5.0))
    upper = r.panels[0]
    assert upper.values[34:40] == pytest.approx(
        [4.0172, 4.1625, 7.1871, 10.8972, 15.4756, 17.6318], abs=2e-4
    )
    assert [v.point for v in r.violations] == [36, 37, 38, 39]
    assert {v.rule for v in r.violations} == {"CUSUM+"}


def test_pistonrings_ewma_exact_limits() -> None:
    """qcc ewma(λ 0.2, 3σ): limits at t = 1, 2 and 25 vary with time."""
    p = analyze_chart(piston(ChartKind.EWMA, lam=0.2, width=3.0)).panels[0]
    for t, lcl, ucl in ((1, 73.99855, 74.00380), (2, 73.99781, 74.00454), (25, 73.99680, 74.00555)):
        assert (p.lcl[t - 1], p.ucl[t - 1]) == (approx(lcl, 1e-7), approx(ucl, 1e-7))


def test_pistonrings_ewma_width_2_7_signals() -> None:
    """λ 0.2, L 2.7 over 40 samples: limits at t = 1 and 40, signals at samples 35, 37–40."""
    r = analyze_chart(piston(ChartKind.EWMA, lam=0.2, width=2.7))
    p = r.panels[0]
    assert (p.lcl[0], p.ucl[0]) == (approx(73.99881, 1e-7), approx(74.00354, 1e-7))
    assert (p.lcl[39], p.ucl[39]) == (approx(73.99724, 1e-7), approx(74.00511, 1e-7))
    assert r.violations == tuple(Violation(i, "EWMA") for i in (34, 36, 37, 38, 39))


def juice(name: str, **kw: object) -> ChartSpec:
    data = rows(name)
    kind = kw.pop("kind", ChartKind.P)
    return ChartSpec(kind, column(data, "D"), sizes=column(data, "size"), **kw)  # type: ignore[arg-type]


def test_orangejuice_p_chart_phase1() -> None:
    """qcc p chart on samples 1–30: 0.2313333 / 0.05242755 / 0.4102391; 15 and 23 beyond."""
    r = analyze_chart(juice("orangejuice", phase1=30))
    p = r.panels[0]
    assert (p.center[0], p.lcl[0], p.ucl[0]) == (
        approx(0.2313333, 1e-6),
        approx(0.05242755, 1e-6),
        approx(0.4102391, 1e-6),
    )
    assert [i for i in primary_points(r, "WE1") if i < 30] == [14, 22]


def test_orangejuice_np_chart() -> None:
    """qcc np chart on samples 1–30: 11.56667 / 2.621377 / 20.51196."""
    p = analyze_chart(juice("orangejuice", phase1=30, kind=ChartKind.NP)).panels[0]
    assert (p.center[0], p.lcl[0], p.ucl[0]) == (
        approx(11.56667, 1e-6),
        approx(2.621377, 1e-6),
        approx(20.51196, 1e-6),
    )


def test_orangejuice_revised_and_new_data() -> None:
    """Excluding 15 and 23: 0.215 / 0.04070284 / 0.3892972; sample 41 falls below the LCL."""
    r = analyze_chart(juice("orangejuice", phase1=30, exclude=(14, 22)))
    p = r.panels[0]
    assert (p.center[0], p.lcl[0], p.ucl[0]) == (
        approx(0.215, 1e-9),
        approx(0.04070284, 1e-6),
        approx(0.3892972, 1e-6),
    )
    below = [v.point for v in p.violations if v.rule == "WE1" and v.point >= 30]
    assert below == [40] and p.values[40] < p.lcl[40]
    new = juice("orangejuice")
    assert sum(new.values[30:54]) / sum(new.sizes[30:54]) == approx(0.1108333, 1e-6)  # type: ignore[index]


def test_orangejuice_revise_drops_until_none_beyond() -> None:
    """Montgomery's loop: after 15 and 23 go, sample 21 falls outside and is dropped too."""
    r = analyze_chart(juice("orangejuice", phase1=30, revise=True))
    assert r.excluded == (14, 20, 22)


def test_orangejuice2_after_adjustment() -> None:
    """qcc: CL 0.1108333, LCL 0, UCL 0.2440207; no phase II point outside."""
    r = analyze_chart(juice("orangejuice2", phase1=24))
    p = r.panels[0]
    assert (p.center[0], p.lcl[0], p.ucl[0]) == (
        approx(0.1108333, 1e-6),
        0.0,
        approx(0.2440207, 1e-6),
    )
    assert (p.ucl[0] - p.center[0]) / 3 == approx(0.04439579, 1e-6)
    assert primary_points(r, "WE1") == []


def test_circuit_c_chart_and_revision() -> None:
    """qcc c chart 19.84615/6.481447/33.21086, 6 and 20 out; revised 19.66667/6.362532/32.9708."""
    data = rows("circuit")
    x = column(data, "x")
    r = analyze_chart(ChartSpec(ChartKind.C, x, phase1=26))
    p = r.panels[0]
    assert (p.center[0], p.lcl[0], p.ucl[0]) == (
        approx(19.84615, 1e-6),
        approx(6.481447, 1e-6),
        approx(33.21086, 1e-6),
    )
    assert [i for i in primary_points(r, "WE1") if i < 26] == [5, 19]
    revised = analyze_chart(ChartSpec(ChartKind.C, x, phase1=26, revise=True))
    p = revised.panels[0]
    assert revised.excluded == (5, 19)
    assert (p.center[0], p.lcl[0], p.ucl[0]) == (
        approx(19.66667, 1e-6),
        approx(6.362532, 1e-6),
        approx(32.9708, 1e-6),
    )


def test_circuit_u_chart_flags_only_sample_30() -> None:
    """qcc 3.0 test: u chart without 6 and 20, WE rules, exactly one point: sample 30, rule 4."""
    data = [r for r in rows("circuit") if r["sample"] not in ("6", "20")]
    spec = ChartSpec(
        ChartKind.U,
        column(data, "x"),
        sizes=column(data, "size"),
        phase1=sum(r["trial"] == "TRUE" for r in data),
    )
    r = analyze_chart(spec)
    p = r.panels[0]
    assert (p.center[0], p.lcl[0], p.ucl[0]) == (
        approx(0.1966667, 1e-6),
        approx(0.06362532, 1e-6),
        approx(0.329708, 1e-6),
    )
    assert [(data[v.point]["sample"], v.rule) for v in r.violations] == [("30", "WE4")]


def viscosity(**kw: object) -> ChartSpec:
    return ChartSpec(ChartKind.IMR, column(rows("viscosity"), "viscosity"), **kw)  # type: ignore[arg-type]


def test_viscosity_individuals_mr_sigma() -> None:
    """qcc I chart: 34.088 / σ 0.5076521 / 32.56504 / 35.61096; MR̄ 0.5726316; MR UCL ≈ 1.8708."""
    r = analyze_chart(viscosity(phase1=20))
    i, mr = r.panels
    assert r.mean == approx(34.088, 1e-9)
    assert r.sigma == approx(0.5074815, 1e-6)  # exact d2(2); qcc's 0.5076521 uses 1.128
    assert (i.lcl[0], i.ucl[0]) == (approx(32.56504), approx(35.61096))
    assert mr.center[0] == approx(0.5726316, 1e-6)
    assert mr.ucl[0] == pytest.approx(1.8708, abs=1e-3)
    assert [v for v in i.violations if v.point < 20] == [Violation(3, "WE1")]


def test_viscosity_individuals_table_constant() -> None:
    """With d2(2) = 1.128 as printed, σ̂ is qcc's 0.5076521 to 1e-6."""
    assert analyze_chart(viscosity(phase1=20, constants=Constants.TABLE)).sigma == approx(
        0.5076521, 1e-6
    )


def test_viscosity_individuals_sd_sigma() -> None:
    """qcc std.dev = "SD": σ 0.5769854 = sd/c4(20), limits 32.35704 / 35.81896."""
    r = analyze_chart(viscosity(phase1=20, sigma_method=SigmaMethod.SD))
    assert r.sigma == approx(0.5769854, 1e-6)
    assert (r.panels[0].lcl[0], r.panels[0].ucl[0]) == (
        approx(32.35704, 1e-6),
        approx(35.81896, 1e-6),
    )


def test_viscosity_without_batch_4() -> None:
    """Without batch 4 (MR of the remaining sequence): 33.98947/0.4117415/32.75425/35.2247."""
    r = analyze_chart(viscosity(phase1=20, exclude=(3,)))
    assert r.mean == approx(33.98947, 1e-6)
    assert r.sigma == approx(0.4117415 * 1.128 / 1.128379, 1e-6)  # qcc's value, exact d2(2)
    assert (r.panels[0].lcl[0], r.panels[0].ucl[0]) == (approx(32.75425), approx(35.2247))
    table = analyze_chart(viscosity(phase1=20, exclude=(3,), constants=Constants.TABLE))
    assert table.sigma == approx(0.4117415, 1e-6)


def test_viscosity_ewma() -> None:
    """qcc EWMA λ 0.2, L 2.7, centre and σ from batches 1–20: limits at t = 1, 2 and 35."""
    data = column(rows("viscosity"), "viscosity")
    p = analyze_chart(ChartSpec(ChartKind.EWMA, data, phase1=20, lam=0.2, width=2.7)).panels[0]
    for t, lcl, ucl in ((1, 33.81387, 34.36213), (2, 33.73694, 34.43906), (35, 33.63111, 34.54489)):
        assert (p.lcl[t - 1], p.ucl[t - 1]) == (approx(lcl, 2e-5), approx(ucl, 2e-5))


def test_dyedcloth_u_variable_size() -> None:
    """ū = 153/107.5; roll 1 (n 10) 0.2915/2.5550, roll 2 (n 8) 0.1579/2.6886; nothing out."""
    data = rows("dyedcloth")
    r = analyze_chart(ChartSpec(ChartKind.U, column(data, "x"), sizes=column(data, "size")))
    p = r.panels[0]
    assert p.center[0] == pytest.approx(153 / 107.5, rel=1e-12)
    assert (p.lcl[0], p.ucl[0]) == (
        pytest.approx(0.2915, abs=1e-4),
        pytest.approx(2.5550, abs=1e-4),
    )
    assert (p.lcl[1], p.ucl[1]) == (
        pytest.approx(0.1579, abs=1e-4),
        pytest.approx(2.6886, abs=1e-4),
    )
    assert r.violations == ()


def test_nist_ewma_known_parameters() -> None:
    """NIST §6.3.2.4: μ 50, σ 2.0539, λ 0.3, k 3 asymptotic → 47.4115/52.5884, series as printed."""
    x = column(rows("nist_ewma_example"), "x")
    spec = ChartSpec(
        ChartKind.EWMA, x, target=50.0, sigma=2.0539, lam=0.3, width=3.0, exact_ewma=False
    )
    r = analyze_chart(spec)
    p = r.panels[0]
    assert p.lcl[0] == pytest.approx(47.41157, abs=1e-5)
    assert p.ucl[0] == pytest.approx(52.5884, abs=1e-4)
    assert p.lcl[19] == p.lcl[0]
    expected = [50.60, 49.52, 50.56, 50.18, 50.16, 49.21, 49.75, 49.85, 50.26, 50.33,
                50.11, 49.36, 49.52, 50.05, 49.38, 49.92, 50.73, 51.23, 51.94, 51.99]  # fmt: skip
    assert [round(v, 2) for v in p.values] == expected
    assert r.status is ChartStatus.IN_CONTROL
