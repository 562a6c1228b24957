"""Admission scoring: indicators from figures, hard rules with their figures, weighted score."""

from __future__ import annotations

import csv
import dataclasses
from datetime import date
from decimal import Decimal as D
from fractions import Fraction

import pytest

from suigang.engines.analytics.admission import (
    Application,
    Area,
    AreaUnit,
    IndicatorRule,
    IndicatorSet,
    ProjectFigures,
    Status,
    Threshold,
    Verdict,
    in_force,
    load_definitions,
    load_demo_set,
    rank,
    score,
    set_from_dict,
    set_to_dict,
)
from tests.conftest import shared_path

DEMO = load_demo_set()

# A robot-cell project on 30 mu (= 20 000 m² = 2 ha) meeting every demo benchmark exactly:
#   investment 152 351 600 CNY = 15 235.16 万元 / 2 ha = 7617.58 万元/ha (the benchmark)
#   plot ratio 26 000 / 20 000 = 1.3; building coefficient 9 000 / 20 000 = 0.45
#   admin share 1 400 / 20 000 = 0.07 (exactly the ceiling); green 3 000 / 20 000 = 0.15
#   tax 19 323 000 CNY = 1932.3 万元 / 30 mu = 64.41; output 18 000 万元 / 30 mu = 600
#   R&D 9 M / revenue 180 M = 0.05 (the robots benchmark); VA 5400 万元 / 1800 tce = 3;
#   VA 5400 万元 / 180 jobs = 30; chain fit 1
FIGURES = ProjectFigures(
    land_area=Area(D(30), AreaUnit.MU),
    floor_area=Area(D(26000)),
    building_footprint_area=Area(D(9000)),
    admin_land_area=Area(D(1400)),
    green_area=Area(D(3000)),
    fixed_asset_investment=D(152_351_600),
    output=D(180_000_000),
    revenue=D(180_000_000),
    tax=D(19_323_000),
    value_added=D(54_000_000),
    rd_spending=D(9_000_000),
    energy=D(1800),
    jobs=180,
    chain_fit=D(1),
)


def app(app_id: str = "A1", segment: str = "industrial_robots", **changes: object) -> Application:
    return Application(app_id, segment, dataclasses.replace(FIGURES, **changes))


def test_every_benchmark_met_scores_100_and_passes() -> None:
    """All ratios are exactly 1, so the weighted score is 100.00; every hard rule passes."""
    result = score(app(), DEMO)
    assert result.verdict is Verdict.PASSED
    assert result.score == D("100.00")
    values = {r.indicator: r.value for r in result.indicators}
    assert values["investment_intensity"] == D("7617.580000")
    assert values["admin_share"] == D("0.070000")
    assert values["tax_per_mu"] == D("64.410000")
    # robots use their own R&D rule: a hard floor of 3 % and weight 20 instead of 15
    rd = next(r for r in result.indicators if r.indicator == "rd_intensity")
    assert (rd.status, rd.weight, str(rd.threshold)) == (Status.PASS, D(20), ">= 0.03")


def test_land_in_mu_or_square_metres_or_hectares_is_the_same() -> None:
    """30 mu = 20 000 m² = 2 ha exactly: identical indicators, so the 0.07 ceiling holds."""
    in_m2 = score(app(land_area=Area(D(20000))), DEMO)
    in_ha = score(app(land_area=Area(D(2), AreaUnit.HA)), DEMO)
    in_mu = score(app(), DEMO)
    assert in_m2.indicators == in_mu.indicators == in_ha.indicators


def test_hard_rule_fails_with_the_figure_and_the_rule() -> None:
    """1 401 m² of administrative land is 0.07005 of 20 000: above the 0.07 ceiling."""
    result = score(app(admin_land_area=Area(D(1401))), DEMO)
    assert result.verdict is Verdict.FAILED
    [failed] = result.failed
    assert (failed.indicator, failed.value, str(failed.threshold)) == (
        "admin_share",
        D("0.070050"),
        "<= 0.07",
    )
    # the figures behind it, in the indicator's units: 1 401 m² of 20 000 m² (30 mu)
    assert failed.inputs == (
        ("admin_land_area", "m2", D("1401.000000")),
        ("land_area", "m2", D("20000.000000")),
    )


def test_missing_figure_makes_a_hard_rule_incomplete() -> None:
    """Without revenue the robots' R&D floor cannot be checked; its 20 points earn 0:
    score 100 * 85 / 105 = 80.95."""
    result = score(app(revenue=None), DEMO)
    assert result.verdict is Verdict.INCOMPLETE
    assert result.missing == ("revenue",)
    assert result.score == D("80.95")


def test_chain_fit_and_the_cap() -> None:
    """No chain fit loses its 10 of 105 weight (90.48); tax three times the benchmark earns
    at most 1.5 x 30: (105 + 15) / 105 = 114.29."""
    assert score(app(chain_fit=D(0)), DEMO).score == D("90.48")
    assert score(app(tax=D(19_323_000) * 3), DEMO).score == D("114.29")


def test_other_segment_uses_the_general_rules() -> None:
    """High-end equipment has no R&D floor: R&D is scored only, weight 15, benchmark 0.03,
    so 0.05 earns the cap 1.5: (85 + 22.5) / 100 (weights 10+30+20+15+10+5+10 = 100)."""
    result = score(app(segment="high_end_equipment"), DEMO)
    rd = next(r for r in result.indicators if r.indicator == "rd_intensity")
    assert (rd.status, rd.threshold, rd.weight) == (Status.SCORED, None, D(15))
    assert result.score == D("107.50")


def test_services_override_plot_ratio_floor() -> None:
    """Services need a plot ratio of 2.0: 1.3 fails there."""
    result = score(app(segment="services"), DEMO)
    assert [(r.indicator, r.value) for r in result.failed] == [("plot_ratio", D("1.300000"))]


def test_lower_is_better_and_zero_use() -> None:
    """Energy per output, lower better: 0.05 tce/万元 against a benchmark of 0.1 is ratio 2,
    capped at 1.5; no energy at all earns the cap too."""
    rules = (IndicatorRule("energy_per_output", weight=D(1), benchmark=D("0.1")),)
    custom = IndicatorSet("t1", date(2025, 1, 1), rules)
    half = app(energy=D(900))  # 900 tce / 18 000 万元 = 0.05
    assert score(half, custom).indicators[0].ratio == Fraction(3, 2)
    assert score(app(energy=D(0)), custom).score == D("150.00")


def test_rank_passed_by_score_then_incomplete_then_failed() -> None:
    """B (no chain fit, 90.48) after A (100); C incomplete; D failed, whatever its score."""
    results = [
        score(app("D", admin_land_area=Area(D(5000))), DEMO),
        score(app("C", revenue=None), DEMO),
        score(app("B", chain_fit=D(0)), DEMO),
        score(app("A"), DEMO),
    ]
    assert [r.application for r in rank(results)] == ["A", "B", "C", "D"]


def test_set_in_force_when_submitted() -> None:
    """A change on 1 July: an application of 30 June is scored against the earlier version."""
    later = IndicatorSet("v2", date(2025, 7, 1), DEMO.rules)
    assert in_force([DEMO, later], date(2025, 6, 30)).version == "demo-2025.1"
    assert in_force([DEMO, later], date(2025, 7, 1)).version == "v2"
    with pytest.raises(ValueError, match="no indicator set is in force on 2024-12-31"):
        in_force([DEMO, later], date(2024, 12, 31))


def test_bad_configuration_is_refused() -> None:
    """An unknown indicator, a weight without benchmark, a rule that counts for nothing."""
    with pytest.raises(ValueError, match="unknown indicator 'floor_ratio'"):
        IndicatorSet("x", date(2025, 1, 1), (IndicatorRule("floor_ratio", weight=D(1),
                                                            benchmark=D(1)),))  # fmt: skip
    with pytest.raises(ValueError, match="a weighted indicator needs a benchmark"):
        IndicatorRule("plot_ratio", weight=D(5))
    with pytest.raises(ValueError, match="neither a threshold nor a weight"):
        IndicatorRule("plot_ratio")
    with pytest.raises(ValueError, match="chain_fit must be between 0 and 1"):
        ProjectFigures(chain_fit=D("1.2"))
    with pytest.raises(ValueError, match="output must be a Decimal amount, not float"):
        ProjectFigures(output=1e6)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'>=>' is not a valid Op"):
        Threshold(">=>", D(1))  # type: ignore[arg-type]


def test_definitions_cover_the_reference_indicators() -> None:
    """Every indicator of the reference list is defined, with its Chinese name, plus chain fit."""
    path = shared_path("reference", "zone", "admission_indicators.csv")
    with path.open(encoding="utf-8") as fh:
        ref = {row["indicator_id"]: row for row in csv.DictReader(fh)}
    defs = load_definitions()
    assert set(defs) == set(ref) | {"chain_fit"}
    # our short Chinese name is the reference's or one of its alternatives ("A/B")
    assert [i for i in ref if defs[i].name.zh_hans not in ref[i]["name_zh"].split("/")] == []


def test_set_round_trips_through_its_stored_form() -> None:
    """A set written to JSON-ready dicts and read back is the same set, extra definitions too."""
    stored = set_to_dict(DEMO)
    assert stored["rules"][0] == {
        "indicator": "investment_intensity",
        "segment": "*",
        "threshold": {"op": ">=", "value": "4500"},
        "weight": "10",
        "benchmark": "7617.58",
    }
    assert set_from_dict(stored) == DEMO
    custom = {
        "version": "x",
        "effective": "2025-03-01",
        "definitions": [
            {"id": "output_per_job", "name": {"zh-Hans": "人均产值", "zh-Hant": "人均產值",
             "en": "Output per job"}, "numerator": {"figure": "output", "unit": "10k_cny"},
             "denominator": {"figure": "jobs", "unit": "person"},
             "unit": {"zh-Hans": "万元/人", "zh-Hant": "萬元/人", "en": "10k CNY/person"},
             "better": "higher"},
        ],
        "rules": [{"indicator": "output_per_job", "weight": "1", "benchmark": "100"}],
    }  # fmt: skip
    read = set_from_dict(custom)
    assert set_from_dict(set_to_dict(read)) == read
    assert score(app(), read).indicators[0].value == D("100.000000")  # 18 000 万元 / 180 jobs
