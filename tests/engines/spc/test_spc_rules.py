"""Western Electric and Nelson rules on small series with centre 0, σ 1 and limits ±3."""

from __future__ import annotations

import numpy as np

from suigang.engines.spc import RuleSet, Violation
from suigang.engines.spc.rules import evaluate


def fired(series: list[float], rules: RuleSet, rule: str | None = None) -> list[int]:
    n = len(series)
    found = evaluate(series, np.zeros(n), np.ones(n), np.full(n, -3.0), np.full(n, 3.0), rules)
    return [v.point for v in found if rule is None or v.rule == rule]


WE, NELSON = RuleSet.WESTERN_ELECTRIC, RuleSet.NELSON


def test_rule1_beyond_limits_both_sides() -> None:
    """Points at +3.5 and −3.2 lie beyond the 3σ limits; exactly 3.0 does not."""
    assert fired([0, 0, 3.5, 3.0, -3.2], WE, "WE1") == [2, 4]
    assert fired([0, 0, 3.5, 3.0, -3.2], NELSON, "N1") == [2, 4]


def test_rule_2_of_3_beyond_2_sigma() -> None:
    """Points 1 and 3 beyond +2σ complete 2-of-3 at point 3; opposite sides do not count."""
    assert fired([0, 2.5, 0, 2.5], WE, "WE2") == [3]
    assert fired([0, 2.5, 0, -2.5], WE, "WE2") == []
    assert fired([0, 2.5, 0, 2.5], NELSON, "N5") == [3]


def test_rule_2_of_3_needs_the_last_point_in_the_zone() -> None:
    """0, 2.5, 2.5, 0: fires at point 2; the window ending at the last 0 holds two but not it."""
    assert fired([0, 2.5, 2.5, 0], WE, "WE2") == [2]


def test_rule_4_of_5_beyond_1_sigma() -> None:
    """Four of five points above +1σ, the fifth completing the pattern."""
    assert fired([1.5, 1.5, 0, 1.5, 1.5], WE, "WE3") == [4]
    assert fired([1.5, 1.5, 0, 1.5, 1.5], NELSON, "N6") == [4]
    assert fired([1.5, -1.5, 0, 1.5, 1.5], WE, "WE3") == []


def test_rule_2_of_3_needs_a_full_window() -> None:
    """The first two points beyond 2σ fire nothing until a third completes the window (as qcc)."""
    assert fired([2.5, 2.5], WE, "WE2") == []
    assert fired([2.5, 2.5, 2.5], WE, "WE2") == [2]


def test_we4_qcc_anchor() -> None:
    """qcc 3.0 test: 0.5 eight times then −0.5 flags only the 8th point (zero-based 7)."""
    assert fired([0.5] * 8 + [-0.5], WE) == [7]


def test_n2_nine_in_a_row() -> None:
    """Nine above fire at the 9th point, a tenth fires again; a value on the line breaks a run."""
    assert fired([0.5] * 10, NELSON, "N2") == [8, 9]
    assert fired([0.5] * 4 + [0.0] + [0.5] * 8, NELSON, "N2") == []


def test_n3_six_trending() -> None:
    """Six increasing points (five rises) fire; five points do not; a tie breaks the trend."""
    assert fired([0.0, 0.1, 0.2, 0.3, 0.4, 0.5], NELSON, "N3") == [5]
    assert fired([0.0, 0.1, 0.2, 0.3, 0.4], NELSON, "N3") == []
    assert fired([0.5, 0.4, 0.3, 0.2, 0.1, 0.0], NELSON, "N3") == [5]
    assert fired([0.0, 0.1, 0.2, 0.2, 0.4, 0.5], NELSON, "N3") == []


def test_n4_fourteen_alternating() -> None:
    """14 points alternating up and down fire at the 14th; 13 do not."""
    assert fired([0.1, -0.1] * 7, NELSON, "N4") == [13]
    assert fired(([0.1, -0.1] * 7)[:13], NELSON, "N4") == []


def test_n7_qcc_anchor() -> None:
    """qcc 3.0 test: 0.3 sixteen times then 1.2 flags points 15 and 16 (zero-based 14, 15)."""
    assert fired([0.3] * 16 + [1.2], NELSON, "N7") == [14, 15]


def test_n7_boundary_counts_as_within() -> None:
    """A point exactly at 1σ is within (qcc's inclusive zone), so 15 such points fire N7."""
    assert fired([1.0] * 15, NELSON, "N7") == [14]


def test_n8_eight_outside_1_sigma_on_both_sides() -> None:
    """Eight points beyond ±1σ on both sides fire N8; all on one side do not."""
    assert fired([1.5, -1.5] * 4, NELSON, "N8") == [7]
    assert fired([1.5] * 8, NELSON, "N8") == []


def test_violations_sorted_by_point_then_rule() -> None:
    """A point that breaks several rules reports each, in rule order."""
    n = 3
    found = evaluate([0, 3.5, 3.5], np.zeros(n), np.ones(n), -np.full(n, 3.0), np.full(n, 3.0), WE)
    assert found == (Violation(1, "WE1"), Violation(2, "WE1"), Violation(2, "WE2"))


def test_varying_sigma_uses_each_points_zone() -> None:
    """With σ 2 at point 1, 2.5 is within 2σ there, so 2-of-3 does not fire."""
    found = evaluate([2.5, 2.5], [0, 0], [1.0, 2.0], [-3.0, -6.0], [3.0, 6.0], WE)
    assert [v.rule for v in found] == []


def test_no_rules() -> None:
    """RuleSet.NONE reports nothing even beyond the limits."""
    assert fired([9.0, 9.0], RuleSet.NONE) == []


def test_window_counts_and_runs_by_running_sums() -> None:
    """The windows the zone rules count in: points in the last 3 holding the mask, and
    whether all of the last 3 do (run of three ends at index 4 and 5 only)."""
    from suigang.engines.spc.rules import _count_in_window, _windows

    mask = np.array([True, False, True, True, True, True, False])
    assert _count_in_window(mask, 3).tolist() == [1, 1, 2, 2, 3, 3, 2]
    assert _windows(mask, 3).tolist() == [False, False, False, False, True, True, False]
    assert _windows(mask, 9).tolist() == [False] * 7  # longer than the series: never full
