"""Bad input is refused with a message naming the field and value."""

from __future__ import annotations

import math

import pytest

from suigang.engines.spc import (
    CapabilitySpec,
    ChartKind,
    ChartSpec,
    GaugeSpec,
    analyze_chart,
    analyze_gauge,
    c4,
    d2,
    d3,
)
from suigang.engines.spc.constants import Constants


def test_singleton_subgroup_on_xbar_r() -> None:
    """Subgroup 'b' has one value, so no range: the message names it."""
    spec = ChartSpec(ChartKind.XBAR_R, (1, 2, 3), ("a", "a", "b"))
    with pytest.raises(ValueError, match="subgroup 'b' has a single value"):
        analyze_chart(spec)


def test_nonconforming_above_size() -> None:
    """12 nonconforming in a sample of 10 is impossible."""
    with pytest.raises(ValueError, match=r"values\[1\] = 12"):
        ChartSpec(ChartKind.P, (1, 12), sizes=(10, 10))


def test_nan_value_named() -> None:
    """A NaN measurement is refused with its index."""
    with pytest.raises(ValueError, match=r"values\[2\]"):
        ChartSpec(ChartKind.IMR, (1.0, 2.0, math.nan))


def test_phase1_longer_than_data() -> None:
    """Phase I of 5 points on 3 points of data."""
    with pytest.raises(ValueError, match="phase1 is 5 points but the data have only 3"):
        analyze_chart(ChartSpec(ChartKind.C, (1, 2, 3), phase1=5))


def test_exclude_outside_phase1() -> None:
    """Only phase I points can be excluded."""
    with pytest.raises(ValueError, match="exclude point 3 is not in phase I"):
        analyze_chart(ChartSpec(ChartKind.C, (1, 2, 3, 4), phase1=2, exclude=(3,)))


def test_lsl_not_below_usl() -> None:
    """LSL 5 ≥ USL 4 is refused."""
    with pytest.raises(ValueError, match=r"lsl \(5.0\) must be below usl \(4.0\)"):
        CapabilitySpec((1.0, 2.0), lsl=5.0, usl=4.0)


def test_sizes_required_for_p() -> None:
    """A p chart without sample sizes cannot be drawn."""
    with pytest.raises(ValueError, match="sizes is required"):
        ChartSpec(ChartKind.P, (1, 2))


def test_unbalanced_gauge_study() -> None:
    """Operator B never measured part 2."""
    spec = GaugeSpec(
        ("1", "1", "2", "2", "1", "1"), ("A", "A", "A", "A", "B", "B"), (1, 2, 3, 4, 5, 6)
    )
    with pytest.raises(ValueError, match="part '2' has no measurement by operator 'B'"):
        analyze_gauge(spec)


def test_constant_data_has_no_sigma() -> None:
    """Identical values give σ̂ = 0, which is refused rather than dividing by zero."""
    with pytest.raises(ValueError, match="do not vary"):
        analyze_chart(ChartSpec(ChartKind.IMR, (1.0, 1.0, 1.0)))


def test_constants_analytic_and_table() -> None:
    """d2(2) = 2/√π and d3(2) = √(2 − 4/π) exactly; table values round to 3 (c4: 4) decimals."""
    assert d2(2) == pytest.approx(2 / math.sqrt(math.pi), rel=1e-12)
    assert d3(2) == pytest.approx(math.sqrt(2 - 4 / math.pi), rel=1e-10)
    assert d2(5) == pytest.approx(2.325929, abs=5e-7)
    assert d3(5) == pytest.approx(0.864082, abs=5e-7)
    assert c4(5) == pytest.approx(0.939986, abs=5e-7)
    assert (d2(5, Constants.TABLE), d3(5, Constants.TABLE), c4(5, Constants.TABLE)) == (
        2.326,
        0.864,
        0.94,
    )
    with pytest.raises(ValueError, match="at least 2"):
        d2(1)
