"""Capability on four values worked by hand: 9, 10, 11, 10 (mean 10, moving ranges all 1)."""

from __future__ import annotations

import math

import pytest

from suigang.engines.spc import CapabilitySpec, SigmaMethod, analyze_capability, d2

VALUES = (9.0, 10.0, 11.0, 10.0)


def test_one_sided_upper_limit() -> None:
    """USL 13 only: σw = 1/d2(2), so Cpu = Cpk = d2(2); Cp, Pp and Cpm are undefined."""
    r = analyze_capability(CapabilitySpec(VALUES, usl=13.0))
    assert r.sigma_method is SigmaMethod.MOVING_RANGE
    assert r.cpk == pytest.approx(d2(2))
    assert (r.cp, r.cpl, r.cpm, r.pp) == (None, None, None, None)
    assert r.ppk == pytest.approx(1 / math.sqrt(2 / 3))  # overall sd √(2/3)
    assert r.expected_below is None and r.observed_above == 0.0


def test_known_sigma_and_target() -> None:
    """σ 0.5 known, specs 8–12, target 11: Cp 4/3, Cpm = 4/(6·√(0.25 + 1))."""
    r = analyze_capability(CapabilitySpec(VALUES, lsl=8.0, usl=12.0, target=11.0, sigma=0.5))
    assert r.sigma_within == 0.5
    assert r.cp == pytest.approx(4 / 3)
    assert r.cpm == pytest.approx(4 / (6 * math.sqrt(1.25)))


def test_confidence_level_widens_intervals() -> None:
    """A 99% interval for Cp contains the 95% one."""
    r95 = analyze_capability(CapabilitySpec(VALUES, lsl=8.0, usl=12.0))
    r99 = analyze_capability(CapabilitySpec(VALUES, lsl=8.0, usl=12.0, confidence=0.99))
    assert r95.cp_ci is not None and r99.cp_ci is not None
    assert r99.cp_ci.lower < r95.cp_ci.lower < r95.cp_ci.upper < r99.cp_ci.upper


def test_observed_fractions() -> None:
    """Specs 9.5–10.5: one value below (9) and one above (11) out of four."""
    r = analyze_capability(CapabilitySpec(VALUES, lsl=9.5, usl=10.5))
    assert (r.observed_below, r.observed_above) == (0.25, 0.25)
