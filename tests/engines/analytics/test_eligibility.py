"""Scheme eligibility: criteria as configuration, the criterion missed and the value held."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D

import pytest
import yaml

from suigang.engines.analytics.admission import Application, ProjectFigures
from suigang.engines.analytics.eligibility import (
    Criterion,
    CriterionOp,
    Eligibility,
    Outcome,
    Scheme,
    match,
)

CATALOGUE = yaml.safe_load("""
- id: hk-invested-upgrade
  criteria:
    - {field: hk_invested, op: eq, value: true}
    - {field: segment, op: in, value: [industrial_robots, high_end_equipment]}
    - {field: maturity.level, op: ">=", value: 1}
    - {field: employees, op: ">=", value: 10}
- id: rd-grant
  criteria:
    - {field: rd_intensity, op: ge, value: 0.03}
    - {field: certifications, op: contains, value: ISO 9001}
- id: young-firm
  criteria:
    - {field: founded, op: ge, value: "2022-01-01"}
- id: land-scheme
  criteria:
    - {field: land_area_mu, op: ge, value: 10}
""")
SCHEMES = [Scheme.from_dict(s) for s in CATALOGUE]
PROFILE = {
    "hk_invested": True,
    "segment": "industrial_robots",
    "maturity": {"level": 2},
    "employees": 8,
    "rd_intensity": D("0.03"),
    "certifications": ["ISO 9001", "IATF 16949"],
    "founded": date(2019, 5, 1),
}


def test_which_schemes_and_which_criterion_is_missed() -> None:
    """8 employees miss the upgrade scheme's 10; R&D of exactly 0.03 meets the YAML float
    0.03 (compared as the decimal 0.03); 2019 is before 2022; land area is not known."""
    found = {m.scheme: m for m in match(SCHEMES, PROFILE)}
    assert {k: m.eligibility for k, m in found.items()} == {
        "hk-invested-upgrade": Eligibility.NOT_ELIGIBLE,
        "rd-grant": Eligibility.ELIGIBLE,
        "young-firm": Eligibility.NOT_ELIGIBLE,
        "land-scheme": Eligibility.UNKNOWN,
    }
    [missed] = found["hk-invested-upgrade"].missed
    assert (str(missed.criterion), missed.actual, missed.reason) == (
        "employees ge 10",
        8,
        "employees is 8",
    )
    [unknown] = found["land-scheme"].unknown
    assert unknown.reason == "land_area_mu is not known"


def test_dotted_fields_reach_into_objects() -> None:
    """An admission application (a dataclass) is a subject too: figures.jobs >= 50."""
    application = Application("A1", "services", ProjectFigures(jobs=60))
    scheme = Scheme("jobs", (Criterion("figures.jobs", CriterionOp.GE, 50),))
    assert match([scheme], application)[0].eligibility is Eligibility.ELIGIBLE


def test_kinds_that_do_not_compare_cannot_be_judged() -> None:
    """Text against a number, a scalar for a list operator: unknown, not a silent miss."""
    scheme = Scheme(
        "odd",
        (
            Criterion("segment", ">", 5),
            Criterion("segment", "contains", "robots"),
            Criterion("hk_invested", "eq", 1),
        ),
    )
    [result] = match([scheme], PROFILE)
    assert [r.outcome for r in result.results] == [Outcome.UNKNOWN] * 3
    assert result.eligibility is Eligibility.UNKNOWN


def test_not_in_contains_any_and_datetimes() -> None:
    """not_in and contains_any; a datetime subject compares by its date."""
    scheme = Scheme(
        "mixed",
        (
            Criterion("segment", "not_in", ["services"]),
            Criterion("certifications", "contains_any", ["ISO 14001", "IATF 16949"]),
            Criterion("registered", "<", "2024-01-01"),
        ),
    )
    subject = {**PROFILE, "registered": datetime(2023, 12, 31, 23, 0)}
    assert match([scheme], subject)[0].eligibility is Eligibility.ELIGIBLE


def test_bad_criteria_are_refused() -> None:
    """An unknown operator, a list operator without a list, a number compared with text."""
    with pytest.raises(ValueError, match="operator '~' is not one of"):
        Criterion("x", "~", 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="segment in: the value must be a list"):
        Criterion("segment", "in", "robots")
    with pytest.raises(ValueError, match="compares a number or a date, got 'many'"):
        Criterion("employees", ">=", "many")
    assert Criterion("employees", ">=", "10").value == D(10)  # numbers typed as text
    with pytest.raises(ValueError, match="scheme 'x': criterion"):
        Scheme.from_dict({"id": "x", "criteria": [{"field": "a", "op": "eq"}]})
