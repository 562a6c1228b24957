"""Gauge R&R on a 2 × 2 × 2 study small enough to work by hand.

Part 1: A measures 1, 3 and B 2, 4; part 2: A 5, 7 and B 6, 8. Every cell has range 2 and the
cell means add up exactly (no interaction).
"""

from __future__ import annotations

import math

import pytest

from suigang.engines.spc import GaugeMethod, GaugeSpec, analyze_gauge

PARTS = ("1", "1", "1", "1", "2", "2", "2", "2")
OPERATORS = ("A", "A", "B", "B", "A", "A", "B", "B")
VALUES = (1.0, 3.0, 2.0, 4.0, 5.0, 7.0, 6.0, 8.0)


def test_anova_by_hand() -> None:
    """SS part 32, operator 2, P×O 0, error 8; pooled MS 8/5 → σ²: rep 1.6, op 0.1, part 7.6."""
    g = analyze_gauge(GaugeSpec(PARTS, OPERATORS, VALUES, tolerance=10.0))
    assert [row.ss for row in g.anova] == pytest.approx([32.0, 2.0, 0.0, 8.0, 42.0], abs=1e-12)
    assert g.anova[2].p == pytest.approx(1.0)  # F = 0 for the interaction
    assert g.interaction_pooled
    var = {c.name: c.variance for c in g.components}
    assert var["repeatability"] == pytest.approx(1.6)
    assert var["operator"] == pytest.approx(0.1)
    assert var["part"] == pytest.approx(7.6)
    grr = g.component("total_grr")
    assert grr.pct_contribution == pytest.approx(100 * 1.7 / 9.3)
    assert grr.pct_tolerance == pytest.approx(100 * 6 * math.sqrt(1.7) / 10)
    assert g.ndc == 2  # ⌊√2·√(7.6/1.7)⌋ = ⌊2.99⌋


def test_study_multiplier() -> None:
    """Study variation is multiplier × SD: 5.15 instead of 6."""
    g = analyze_gauge(GaugeSpec(PARTS, OPERATORS, VALUES, multiplier=5.15))
    assert g.component("part").study_var == pytest.approx(5.15 * math.sqrt(7.6))


def test_xbar_r_method_by_hand() -> None:
    """R̄ 2 → EV = 2/d2(2) = √π; operator range 1 gives (1/√2)² − π/4 < 0 → 0; PV = 4/√2."""
    g = analyze_gauge(GaugeSpec(PARTS, OPERATORS, VALUES, method=GaugeMethod.XBAR_R))
    var = {c.name: c.variance for c in g.components}
    assert var["repeatability"] == pytest.approx(math.pi)
    assert var["operator"] == 0.0
    assert var["part"] == pytest.approx(8.0)
    assert g.component("total").variance == pytest.approx(math.pi + 8.0)
