"""Thresholds from a target false-alarm or escape rate, on scores worked by hand."""

from __future__ import annotations

import pytest

from suigang.engines.vision.thresholds import ThresholdTarget, choose_threshold, outcome

GOOD = [float(v) for v in range(1, 101)]  # 1 … 100
DEFECT = [50.5, 95.5, 101.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0]


def test_false_alarm_rate_one_percent() -> None:
    """100 good scores, 1%: one may be flagged, so the threshold is the 2nd highest (99):
    only 100 is above it; defects 50.5 and 95.5 escape (2 of 10)."""
    c = choose_threshold(GOOD, DEFECT, target="false_alarm_rate", rate=0.01)
    assert (c.threshold, c.false_alarms, c.escapes) == (99.0, 1, 2)
    assert (c.false_alarm_rate, c.escape_rate, c.enough_good) == (0.01, 0.2, True)


def test_zero_false_alarms_is_the_highest_good_score() -> None:
    """Rate 0: the conservative rule, the highest good score (100); nothing good flagged."""
    c = choose_threshold(GOOD, DEFECT, target=ThresholdTarget.FALSE_ALARM_RATE, rate=0.0)
    assert (c.threshold, c.false_alarms, c.escapes) == (100.0, 0, 2)


def test_escape_rate_ten_percent() -> None:
    """10 defects, 10%: one may escape (50.5), so the threshold stays below the 2nd lowest
    defect (95.5): the highest score under it is good 95; good 96…100 are flagged (5)."""
    c = choose_threshold(GOOD, DEFECT, target="escape_rate", rate=0.1)
    assert (c.threshold, c.escapes, c.false_alarms) == (95.0, 1, 5)
    assert c.escape_rate == 0.1 and c.false_alarm_rate == 0.05


def test_escape_rate_zero_below_every_defect() -> None:
    """No escape allowed: below the lowest defect 50.5, i.e. good 50; 50 good flagged."""
    c = choose_threshold(GOOD, DEFECT, target="escape_rate", rate=0.0)
    assert (c.threshold, c.escapes, c.false_alarms) == (50.0, 0, 50)


def test_too_few_good_scores_for_the_rate() -> None:
    """20 good scores cannot show a 1% rate (fewer than 1/0.01 = 100): flagged as such."""
    c = choose_threshold(GOOD[:20], target="false_alarm_rate", rate=0.01)
    assert (c.threshold, c.escapes, c.enough_good) == (20.0, None, False)


def test_outcome_counts_above_as_flagged() -> None:
    """At 3: good 4 and 5 flagged; defect 3 (equal) escapes, 6 does not."""
    assert outcome(3.0, [1, 4, 5], [3, 6]) == (2, 1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"target": "false_alarm_rate", "rate": 1.0}, "rate must be in"),
        ({"target": "false_alarm_rate", "rate": -0.1}, "rate must be in"),
        ({"target": "escape_rate", "rate": 0.1, "defect": []}, "needs defective scores"),
        ({"target": "sometimes", "rate": 0.1}, "sometimes"),
    ],
)
def test_bad_targets_are_named(kwargs: dict, message: str) -> None:  # type: ignore[type-arg]
    args = {"defect": DEFECT, **kwargs}
    with pytest.raises(ValueError, match=message):
        choose_threshold(GOOD, **args)
