"""Capability of the piston-ring phase I data (EXPECTED.md §1): qcc's figures and the σ choices."""

from __future__ import annotations

import pytest

from suigang.engines.spc import CapabilitySpec, Constants, SigmaMethod, analyze_capability
from tests.engines.spc.spc_csv import column, rows


def phase1(**kw: object) -> CapabilitySpec:
    data = rows("pistonrings")[:125]
    return CapabilitySpec(
        column(data, "diameter"), subgroups=tuple(r["sample"] for r in data), **kw
    )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lsl", "usl", "target", "cp", "cpl", "cpu", "cpk", "cpm", "abs_tol"),
    [
        (73.95, 74.05, None, 1.70, 1.74, 1.66, 1.66, 1.69, 0.005),
        (73.95, 74.05, 74.02, 1.703, 1.743, 1.663, 1.663, 0.786, 0.0005),
        (73.99, 74.01, None, 0.341, 0.381, 0.301, 0.301, 0.338, 0.0005),
        (73.99, 74.1, 74.045, 1.874, 0.381, 3.367, 0.381, 0.408, 0.0005),
    ],
)
def test_qcc_indices(
    lsl: float,
    usl: float,
    target: float | None,
    cp: float,
    cpl: float,
    cpu: float,
    cpk: float,
    cpm: float,
    abs_tol: float,
) -> None:
    """qcc processCapability with σ = R̄/d2, printed to 2–3 decimals (rounding, plus 1e-4
    relative for exact d2; with the table d2 the rounding alone)."""
    expected = (cp, cpl, cpu, cpk, cpm)
    r = analyze_capability(phase1(lsl=lsl, usl=usl, target=target))
    assert r.sigma_method is SigmaMethod.RBAR
    assert r.n == 125
    got = (r.cp, r.cpl, r.cpu, r.cpk, r.cpm)
    for value, want in zip(got, expected, strict=True):
        assert value is not None
        assert abs(value - want) <= abs_tol + 1e-4 * abs(want)
    t = analyze_capability(phase1(lsl=lsl, usl=usl, target=target, constants=Constants.TABLE))
    assert (t.cp, t.cpl, t.cpu, t.cpk, t.cpm) == pytest.approx(expected, abs=abs_tol)


def test_qcc_confidence_intervals() -> None:
    """qcc 95% CI: Cp [1.49, 1.91] (χ²), Cpk [1.45, 1.88] (normal approximation)."""
    r = analyze_capability(phase1(lsl=73.95, usl=74.05))
    assert r.cp_ci is not None
    assert (r.cp_ci.lower, r.cp_ci.upper) == pytest.approx((1.49, 1.91), abs=0.005)
    assert (r.cpk_ci.lower, r.cpk_ci.upper) == pytest.approx((1.45, 1.88), abs=0.005)


def test_qcc_fractions_out_of_spec() -> None:
    """qcc for 73.99/74.01: Exp<LSL 13%, Obs<LSL 12%, Exp>USL 18%, Obs>USL 16%."""
    r = analyze_capability(phase1(lsl=73.99, usl=74.01))
    assert round(100 * r.expected_below) == 13  # type: ignore[operator]
    assert r.observed_below == pytest.approx(0.12, abs=1e-12)
    assert round(100 * r.expected_above) == 18  # type: ignore[operator]
    assert r.observed_above == pytest.approx(0.16, abs=1e-12)


def test_sigma_choices_pin_cp() -> None:
    """R̄/d2 1.703/1.663, pooled/c4(101) 1.6856/1.6460, moving range 1.7416 — each pinned."""
    rbar = analyze_capability(phase1(lsl=73.95, usl=74.05))
    assert rbar.sigma_within == pytest.approx(0.0097853, rel=1e-5)
    assert (rbar.cp, rbar.cpk) == pytest.approx((1.703, 1.663), abs=5e-4)
    pooled = analyze_capability(phase1(lsl=73.95, usl=74.05, sigma_method=SigmaMethod.POOLED))
    assert pooled.sigma_within == pytest.approx(0.0098629 / 0.997503, rel=1e-5)
    assert (pooled.cp, pooled.cpk) == pytest.approx((1.6856, 1.6460), abs=5e-5)
    mr = analyze_capability(phase1(lsl=73.95, usl=74.05, sigma_method=SigmaMethod.MOVING_RANGE))
    assert mr.sigma_within == pytest.approx(0.0095698, rel=1e-5)
    assert mr.cp == pytest.approx(1.7416, abs=5e-5)


def test_moving_range_on_subgroups_is_not_the_default() -> None:
    """Given subgroups, the default is R̄/d2, so Cp is not the moving-range 1.7416."""
    r = analyze_capability(phase1(lsl=73.95, usl=74.05))
    assert r.cp != pytest.approx(1.7416, abs=5e-3)


def test_overall_performance() -> None:
    """Overall sd 0.01006997 gives Pp 1.6551 and Ppk 1.6162."""
    r = analyze_capability(phase1(lsl=73.95, usl=74.05))
    assert r.sigma_overall == pytest.approx(0.01006997, rel=1e-6)
    assert (r.pp, r.ppk) == pytest.approx((1.6551, 1.6162), abs=5e-5)
