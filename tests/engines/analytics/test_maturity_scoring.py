"""Maturity scoring: tailoring, weights, the 0.8 gate, the bands and the gap list, exactly."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suigang.engines.analytics.maturity import (
    Answer,
    AnswerRow,
    MaturityInput,
    WeightRow,
    WeightTable,
    gaps,
    load_rules,
    score,
)

A = Answer
FULLY, MOSTLY, PARTIALLY, NOT_MET, NA = (
    A.FULLY,
    A.MOSTLY,
    A.PARTIALLY,
    A.NOT_MET,
    A.NOT_APPLICABLE,
)


def rows(*items: tuple[str, int, str, Answer]) -> tuple[AnswerRow, ...]:
    return tuple(AnswerRow(*item) for item in items)


# Level 1 of a firm that tailors much out:
#   P1: fully, mostly -> 0.9; P2: every requirement n/a -> tailored; element P = 0.9
#   T1: partially -> 0.5; T2, T3 absent -> tailored; element T = 0.5
#   R1, R2 absent -> element R tailored out (it drops, it is not a zero)
#   M2.2: fully, not met -> 0.5; M2.3: mostly -> 0.8; domain M2 = 0.65; M1, M3-M5 absent
#   level 1 = (0.9 + 0.5 + 0.65) / 3 = 41/60 (a flat mean over the four sub-domains left
#   would give 0.675: the weights are renormalised at each parent, not over the whole level)
TAILORED = rows(
    ("P1", 1, "a", FULLY),
    ("P1", 1, "b", MOSTLY),
    ("P2", 1, "a", NA),
    ("P2", 1, "b", NA),
    ("T1", 1, "a", PARTIALLY),
    ("M2.2", 1, "a", FULLY),
    ("M2.2", 1, "b", NOT_MET),
    ("M2.3", 1, "a", MOSTLY),
)


def test_tailored_case_renormalises_at_each_parent() -> None:
    """41/60 as computed above; level 1 is below 0.8, so S = 41/60 and the level is 0."""
    result = score(MaturityInput(TAILORED))
    assert result.level_scores == {1: F(41, 60), 2: None, 3: None, 4: None, 5: None}
    assert result.score == F(41, 60)
    assert result.level == 0
    level1 = result.levels[0]
    assert {e.code: e.score for e in level1.elements} == {
        "P": F(9, 10),
        "T": F(1, 2),
        "R": None,
        "M": F(13, 20),
    }
    # the three elements left share the level equally; R has no weight at all
    assert {e.code: e.weight for e in level1.elements} == {
        "P": F(1, 3),
        "T": F(1, 3),
        "R": None,
        "M": F(1, 3),
    }
    assert "P2" in level1.tailored and "R1" in level1.tailored and "P1" not in level1.tailored


def test_requirement_weights_add_up_to_the_level_score() -> None:
    """Each requirement's weight times its score sums to the level score (41/60 here)."""
    result = score(MaturityInput(TAILORED))
    weights = {(r.subdomain, r.requirement): r.weight for r in result.requirements}
    # P1's two requirements: 1/3 (element P) * 1 (P1 alone) / 2 = 1/6 each;
    # M2.2's: 1/3 * 1/2 (M2.2 beside M2.3 in M2) / 2 = 1/12 each; n/a rows have none
    assert weights[("P1", "a")] == F(1, 6)
    assert weights[("M2.2", "b")] == F(1, 12)
    assert weights[("P2", "a")] is None
    total = sum(r.weight * r.score for r in result.requirements if r.weight is not None)
    assert total == F(41, 60)


def test_gap_list_is_the_next_level_ordered_by_impact() -> None:
    """Level 0 reached, so gaps are at level 1: T1 partially (0.5 * 1/3 = 1/6), M2.2 not met
    (1 * 1/12), then P1 and M2.3 mostly (0.2 * 1/6 = 1/30 each, in model order)."""
    result = score(MaturityInput(TAILORED))
    found = [(g.subdomain, g.requirement, g.impact) for g in gaps(result)]
    assert found == [
        ("T1", "a", F(1, 6)),
        ("M2.2", "b", F(1, 12)),
        ("P1", "b", F(1, 30)),
        ("M2.3", "a", F(1, 30)),
    ]


def test_sum_stops_after_first_level_below_gate_which_still_counts() -> None:
    """L1 = 1; L2 = mean(P 0.8, T 0.5) = 0.65 < 0.8 counts and stops; L3 = 1 is not added:
    S = 1.65, level 1. L3's own score is still reported."""
    result = score(
        MaturityInput(
            rows(
                ("P1", 1, "a", FULLY),
                ("P1", 2, "a", MOSTLY),
                ("T1", 2, "a", PARTIALLY),
                ("P1", 3, "a", FULLY),
            )
        )
    )
    assert result.level_scores == {1: F(1), 2: F(13, 20), 3: F(1), 4: None, 5: None}
    assert result.counted_levels == (1, 2)
    assert result.score == F(33, 20)
    assert result.level == 1


def test_level_with_nothing_to_score_ends_the_sum_uncounted() -> None:
    """L2 has only n/a answers: nothing to score, so S = L1 = 1 even though L3 scores 1."""
    result = score(
        MaturityInput(rows(("P1", 1, "a", FULLY), ("P1", 2, "a", NA), ("P1", 3, "a", FULLY)))
    )
    assert result.level_scores == {1: F(1), 2: None, 3: F(1), 4: None, 5: None}
    assert result.counted_levels == (1,)
    assert result.score == 1
    assert result.level == 1


def test_exact_gate_ten_mostly_answers_reach_level_two() -> None:
    """Ten 'mostly' answers average exactly 0.8 (in floats sum([0.8]*10)/10 < 0.8), which
    passes the gate; with L2 fully met S = 1.8 exactly, the lower bound of level 2."""
    answers = [("P1", 1, f"r{i}", MOSTLY) for i in range(10)]
    result = score(MaturityInput(rows(*answers, ("P1", 2, "a", FULLY))))
    assert sum([0.8] * 10) / 10 < 0.8  # why exact arithmetic is needed
    assert result.level_scores[1] == F(4, 5)
    assert result.score == F(9, 5)
    assert result.level == 2


def test_all_levels_fully_met_is_level_five() -> None:
    """Five levels at 1.0: S = 5, the top band."""
    result = score(MaturityInput(rows(*[("M4", n, "a", FULLY) for n in range(1, 6)])))
    assert result.score == 5 and result.level == 5
    assert result.next_level is None and gaps(result) == ()


@pytest.mark.parametrize(
    ("total", "level"),
    [("0", 0), ("0.79", 0), ("0.8", 1), ("1.79", 1), ("1.8", 2), ("2.8", 3), ("3.8", 4),
     ("4.79", 4), ("4.8", 5), ("5", 5)],
)  # fmt: skip
def test_bands(total: str, level: int) -> None:
    """Below 0.8 -> 0, [0.8, 1.8) -> 1, ... 4.8 and above -> 5 (bounds included upwards)."""
    assert load_rules().level_for(F(total)) == level


def test_weights_renormalise_within_their_parent() -> None:
    """M2 weights 3 for M2.2 and 1 for the others: with M2.2 = 0.5 and M2.3 = 1 left,
    M2 = (3*0.5 + 1*1) / 4 = 0.625. Elements P 2, M 4 for 'discrete': level 1 =
    (2*1 + 4*0.625) / 6 = 0.75. Without the type the equal default gives (1 + 0.625)/2."""
    m2 = [("M2.1", 1), ("M2.2", 3), ("M2.3", 1), ("M2.4", 1), ("M2.5", 1), ("M2.6", 1),
          ("M2.7", 1)]  # fmt: skip
    table = WeightTable(
        tuple(WeightRow(None, None, "M2", c, F(w)) for c, w in m2)
        + tuple(
            WeightRow("discrete", 1, None, c, F(w))
            for c, w in (("P", 2), ("T", 1), ("R", 1), ("M", 4))
        )
    )
    answers = rows(
        ("P1", 1, "a", FULLY), ("M2.2", 1, "a", PARTIALLY), ("M2.3", 1, "a", FULLY)
    )  # fmt: skip
    typed = score(MaturityInput(answers, "discrete", table))
    assert {d.code: d.score for d in typed.levels[0].domains}["M2"] == F(5, 8)
    assert typed.level_scores[1] == F(3, 4)
    untyped = score(MaturityInput(answers, None, table))
    assert untyped.level_scores[1] == F(13, 16)


def test_most_specific_weight_group_wins() -> None:
    """(type, level) rows beat (type, any level), which beat (any type, any level)."""
    els = ("P", "T", "R", "M")
    table = WeightTable(
        tuple(WeightRow(None, None, None, c, F(1 if c == "P" else 9)) for c in els)
        + tuple(WeightRow("process", None, None, c, F(3 if c == "P" else 1)) for c in els)
        + tuple(WeightRow("process", 2, None, c, F(1)) for c in els)
    )
    answers = rows(
        ("P1", 1, "a", FULLY), ("T1", 1, "a", NOT_MET), ("P1", 2, "a", FULLY),
        ("T1", 2, "a", NOT_MET),
    )  # fmt: skip
    result = score(MaturityInput(answers, "process", table))
    # level 1: (3*1 + 1*0) / 4; level 2: (1*1 + 1*0) / 2
    assert result.level_scores[1] == F(3, 4) and result.level_scores[2] is not None
    assert result.levels[1].score == F(1, 2)
    other = score(MaturityInput(answers, None, table))
    assert other.level_scores[1] == F(1, 10)  # (1*1 + 9*0) / 10


def test_incomplete_weight_group_is_refused() -> None:
    """A group that weighs M2.2 but not its siblings is ambiguous: weigh all or none."""
    table = WeightTable((WeightRow(None, None, "M2", "M2.2", F(3), source="w.csv line 2"),))
    with pytest.raises(ValueError, match=r"w.csv line 2: .*leave out M2.1, M2.3"):
        score(MaturityInput(rows(("P1", 1, "a", FULLY)), None, table))


def test_unknown_enterprise_type_is_refused() -> None:
    """A type the weight table does not know is an error, not a silent equal weighting."""
    table = WeightTable(tuple(WeightRow("discrete", None, None, c, F(1)) for c in "PTRM"))
    with pytest.raises(ValueError, match="enterprise type 'proces' has no weights"):
        score(MaturityInput(rows(("P1", 1, "a", FULLY)), "proces", table))


def test_duplicate_answer_and_bad_rows_are_refused() -> None:
    """The same requirement answered twice, a level 0 and a float weight name what is wrong."""
    with pytest.raises(ValueError, match="'a' of P1 at level 1 is answered twice"):
        MaturityInput(rows(("P1", 1, "a", FULLY), ("P1", 1, "a", NOT_MET)))
    with pytest.raises(ValueError, match="level must be a whole number from 1, got 0"):
        AnswerRow("P1", 0, "a", FULLY)
    with pytest.raises(ValueError, match="weight must be exact"):
        WeightRow(None, None, None, "P", 0.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown sub-domain code 'X9'"):
        score(MaturityInput(rows(("X9", 1, "a", FULLY))))


def test_nothing_to_score_at_all() -> None:
    """Only n/a answers: every level is None, S = 0, level 0, and no gaps to show."""
    result = score(MaturityInput(rows(("P1", 1, "a", NA))))
    assert result.level_scores == dict.fromkeys(range(1, 6))
    assert result.score == 0 and result.level == 0
    assert gaps(result) == ()


def oracle(answers: tuple[AnswerRow, ...]) -> tuple[dict[int, F | None], F]:
    """The rules of docs/maturity.md written out directly, equal weights, as a test oracle."""
    from suigang.engines.analytics.maturity import load_model

    model, values = load_model(), load_rules().scores
    level_scores: dict[int, F | None] = {}
    for n in range(1, 6):
        elements = []
        for e in model.elements:
            domains = []
            for d in e.domains:
                subs = []
                for s in d.subdomains:
                    mine = [a for a in answers if (a.subdomain, a.level) == (s.code, n)]
                    got = [values[a.answer] for a in mine if a.answer is not NA]
                    if got:
                        subs.append(sum(got, F(0)) / len(got))
                if subs:
                    domains.append(sum(subs, F(0)) / len(subs))
            if domains:
                elements.append(sum(domains, F(0)) / len(domains))
        level_scores[n] = sum(elements, F(0)) / len(elements) if elements else None
    total = F(0)
    for n in range(1, 6):
        value = level_scores[n]
        if value is None:
            break
        total += value
        if value < F(4, 5):
            break
    return level_scores, total


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_engine_agrees_with_oracle_on_random_assessments(data: st.DataObject) -> None:
    """Random answers over random cells (with n/a and missing sub-domains) score as the
    oracle says, exactly; the level follows from S by the bands."""
    from suigang.engines.analytics.maturity import load_model

    codes = load_model().codes()
    cells = data.draw(st.sets(st.tuples(st.sampled_from(codes), st.integers(1, 5)), max_size=60))
    answers = []
    for code, level in sorted(cells):
        picks = data.draw(st.lists(st.sampled_from(list(Answer)), min_size=1, max_size=4))
        answers += [AnswerRow(code, level, f"r{i}", a) for i, a in enumerate(picks)]
    rows_ = tuple(answers)
    result = score(MaturityInput(rows_))
    expected_levels, expected_total = oracle(rows_)
    assert result.level_scores == expected_levels
    assert result.score == expected_total
    assert result.level == load_rules().level_for(expected_total)
