"""Properties that hold for any data: location/scale equivariance and phase II independence."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suigang.engines.spc import (
    CapabilitySpec,
    ChartKind,
    ChartSpec,
    analyze_capability,
    analyze_chart,
)

values = st.lists(
    st.floats(min_value=-100, max_value=100, allow_nan=False, allow_infinity=False),
    min_size=12,
    max_size=40,
).filter(lambda xs: max(xs) - min(xs) > 1e-3)


def groups(n: int, size: int = 3) -> tuple[str, ...]:
    return tuple(str(i // size) for i in range(n))


@settings(max_examples=40, deadline=None)
@given(values, st.floats(min_value=-50, max_value=50), st.floats(min_value=0.1, max_value=10))
def test_xbar_r_is_location_scale_equivariant(xs: list[float], shift: float, scale: float) -> None:
    """x → a + b·x moves the centre and limits alike and keeps each point's distance in σ."""
    n = len(xs) - len(xs) % 3
    xs = xs[:n]
    base = ChartSpec(ChartKind.XBAR_R, tuple(xs), groups(n))
    moved = ChartSpec(ChartKind.XBAR_R, tuple(shift + scale * x for x in xs), groups(n))
    try:
        a = analyze_chart(base)
    except ValueError:
        return  # every subgroup constant: σ̂ = 0 is refused for both
    b = analyze_chart(moved)
    assert b.sigma == pytest.approx(scale * a.sigma, rel=1e-9)  # type: ignore[operator]
    assert b.panels[0].ucl[0] == pytest.approx(shift + scale * a.panels[0].ucl[0], abs=1e-7)
    assert b.panels[1].ucl[0] == pytest.approx(scale * a.panels[1].ucl[0], rel=1e-9)
    # the rules see only standardised distances, which the transformation leaves unchanged
    pa, pb = a.panels[0], b.panels[0]
    za = [(x - c) / (u - c) for x, c, u in zip(pa.values, pa.center, pa.ucl, strict=True)]
    zb = [(x - c) / (u - c) for x, c, u in zip(pb.values, pb.center, pb.ucl, strict=True)]
    assert zb == pytest.approx(za, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(values, st.lists(st.floats(min_value=-1e3, max_value=1e3), min_size=1, max_size=10))
def test_phase2_points_do_not_move_the_limits(xs: list[float], extra: list[float]) -> None:
    """Appending phase II points leaves the individuals chart's limits where phase I put them."""
    phase1 = analyze_chart(ChartSpec(ChartKind.IMR, tuple(xs)))
    both = analyze_chart(ChartSpec(ChartKind.IMR, tuple(xs) + tuple(extra), phase1=len(xs)))
    assert both.panels[0].ucl[-1] == phase1.panels[0].ucl[0]
    assert both.panels[0].lcl[-1] == phase1.panels[0].lcl[0]


@settings(max_examples=40, deadline=None)
@given(values)
def test_capability_index_relations(xs: list[float]) -> None:
    """Cpk = min(Cpl, Cpu) ≤ Cp, Cpm ≤ Cp, and Cp/Pp = σ_overall/σ_within."""
    lo, hi = min(xs) - 1, max(xs) + 1
    r = analyze_capability(CapabilitySpec(tuple(xs), lsl=lo, usl=hi))
    assert r.cp is not None and r.cpm is not None and r.pp is not None
    assert r.cpk == min(r.cpl, r.cpu)  # type: ignore[type-var]
    assert r.cpk <= r.cp + 1e-12 and r.cpm <= r.cp + 1e-12
    assert math.isclose(r.cp / r.pp, r.sigma_overall / r.sigma_within, rel_tol=1e-9)
