"""processCapability expectations of R qcc 3.0's own test suite (tests/testthat/test-capability.R).

The data: three subgroups of four (an xbar chart, σ within = R̄/d2 with the tabulated d2(4)
2.059 qcc uses), specifications 9.9–10.1, target at the midpoint 10.0 or off it at 10.02, and
one-sided with only the upper or only the lower limit. Each row is (value, 2.5%, 97.5%) as
qcc prints it to six decimals; ``None`` where qcc gives NA.
"""

from __future__ import annotations

import pytest

from suigang.engines.spc import CapabilitySpec, Constants, analyze_capability

ROWS = ((10.00, 10.02, 9.98, 10.01), (10.03, 9.99, 10.01, 10.00), (9.97, 10.04, 10.02, 9.99))
VALUES = tuple(v for row in ROWS for v in row)
GROUPS = tuple(str(i) for i, row in enumerate(ROWS) for _ in row)
KEYS = ("cp", "cpl", "cpu", "cpk", "cpm", "pp", "ppl", "ppu", "ppk", "ppm")

Row = tuple[float, float, float] | None

CP = (1.372667, 0.808460, 1.937713)
CPL = (1.441300, 0.911657, 1.970943)
CPU = (1.304033, 0.820114, 1.787953)
CPK_UPPER = (1.304033, 0.727408, 1.880659)
PP = (1.612598, 0.949773, 2.276410)
PPL = (1.693228, 1.078708, 2.307749)
PPU = (1.531968, 0.971902, 2.092035)
PPK_UPPER = (1.531968, 0.864608, 2.199329)

CASES: dict[str, tuple[dict[str, float], tuple[Row, ...]]] = {
    "two-sided, target at the midpoint": (
        {"lsl": 9.9, "usl": 10.1, "target": 10.0},
        (CP, CPL, CPU, CPK_UPPER, (1.344463, 0.804207, 1.885321),
         PP, PPL, PPU, PPK_UPPER, (1.567395, 0.933327, 2.202237)),
    ),
    "two-sided, target off the midpoint": (
        {"lsl": 9.9, "usl": 10.1, "target": 10.02},
        (CP, CPL, CPU, CPK_UPPER, (1.167834, 0.650542, 1.686689),
         PP, PPL, PPU, PPK_UPPER, (1.305161, 0.712493, 1.899988)),
    ),
    "upper limit only": (
        {"usl": 10.1, "target": 10.02},
        (None, None, CPU, CPK_UPPER, None, None, None, PPU, PPK_UPPER, None),
    ),
    "lower limit only": (
        {"lsl": 9.9, "target": 10.02},
        (None, CPL, None, (1.441300, 0.810191, 2.072409), None,
         None, PPL, None, (1.693228, 0.960982, 2.425474), None),
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_every_index_and_interval_as_qcc(case: str) -> None:
    """Every index and its 95% interval equal qcc's to the six decimals its test suite uses."""
    limits, expected = CASES[case]
    r = analyze_capability(
        CapabilitySpec(VALUES, subgroups=GROUPS, constants=Constants.TABLE, **limits)  # type: ignore[arg-type]
    )
    for key, want in zip(KEYS, expected, strict=True):
        value, ci = getattr(r, key), getattr(r, f"{key}_ci")
        if want is None:
            assert (key, value, ci) == (key, None, None)  # NA in qcc: undefined on this side
            continue
        got = (value, ci.lower, ci.upper)
        assert got == pytest.approx(want, abs=1e-6), key  # qcc's tolerance is 1e-6


def test_one_sided_intervals_use_the_one_sided_quantile() -> None:
    """Cpu and Cpk have the same value upper-only, but qcc's Cpu interval uses z(0.95), Cpk's
    z(0.975): the half-widths stand in the ratio 1.6449/1.9600."""
    r = analyze_capability(
        CapabilitySpec(VALUES, subgroups=GROUPS, usl=10.1, constants=Constants.TABLE)
    )
    assert r.cpu_ci is not None
    ratio = (r.cpu_ci.upper - r.cpu) / (r.cpk_ci.upper - r.cpk)  # type: ignore[operator]
    assert ratio == pytest.approx(1.6448536 / 1.9599640, rel=1e-6)
