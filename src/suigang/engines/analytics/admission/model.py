"""Admission indicators and an application's figures.

An indicator is data: a numerator figure over a denominator figure, each in a unit
(``data/indicators.yaml``); thresholds and weights live in the indicator set (``config``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

from suigang.engines.analytics.cluster.rates import money
from suigang.engines.analytics.maturity.model import Names

#: What each unit is in base units (CNY, m², tce, kWh, t, persons, share) and its kind.
UNITS: Mapping[str, tuple[str, Fraction]] = MappingProxyType({
    "cny": ("money", Fraction(1)),
    "10k_cny": ("money", Fraction(10_000)),
    "100m_cny": ("money", Fraction(100_000_000)),
    "m2": ("area", Fraction(1)),
    "mu": ("area", Fraction(2000, 3)),  # 1 亩 = 10000/15 m²
    "ha": ("area", Fraction(10_000)),
    "tce": ("energy", Fraction(1)),
    "kwh": ("electricity", Fraction(1)),
    "t": ("mass", Fraction(1)),
    "person": ("people", Fraction(1)),
    "share": ("share", Fraction(1)),
})  # fmt: skip


class AreaUnit(StrEnum):
    """Units an applicant may give an area in."""

    M2 = "m2"
    MU = "mu"
    HA = "ha"


@dataclass(frozen=True, slots=True)
class Area:
    """An area in square metres, mu (亩) or hectares."""

    value: Decimal
    unit: AreaUnit = AreaUnit.M2

    def __post_init__(self) -> None:
        value = money(self.value, what="area")
        if value < 0:
            raise ValueError(f"area must not be negative, got {value}")
        object.__setattr__(self, "value", value)
        try:
            object.__setattr__(self, "unit", AreaUnit(self.unit))
        except ValueError:
            raise ValueError(f"area unit must be m2, mu or ha, got {self.unit!r}") from None

    @property
    def m2(self) -> Fraction:
        """The area in square metres, exactly (1 mu = 2000/3 m²)."""
        return Fraction(self.value) * UNITS[self.unit.value][1]


class ChainFitSource(StrEnum):
    """Where the chain fit came from: the applicant's declaration or the chain graph."""

    DECLARED = "declared"
    COMPUTED = "computed"


#: The figures of an application and the kind of unit each is in.
FIGURE_KINDS: Mapping[str, str] = MappingProxyType({
    "land_area": "area", "floor_area": "area", "building_footprint_area": "area",
    "admin_land_area": "area", "green_area": "area",
    "fixed_asset_investment": "money", "output": "money", "revenue": "money", "tax": "money",
    "value_added": "money", "rd_spending": "money",
    "energy": "energy", "electricity": "electricity", "emissions": "mass", "jobs": "people",
    "chain_fit": "share",
})  # fmt: skip


@dataclass(frozen=True, slots=True)
class ProjectFigures:
    """What a project declares: areas, yearly money in CNY, energy, emissions, jobs, chain fit.

    ``floor_area`` is the floor area counted for the plot ratio (storeys over 8 m counted
    twice, as the land-use rules count them); money is CNY a year at full production;
    ``energy`` is total energy use in tonnes of coal equivalent a year, ``electricity`` kWh
    a year, ``emissions`` tonnes of main pollutants a year; ``chain_fit`` is 0 to 1.
    """

    land_area: Area | None = None
    floor_area: Area | None = None
    building_footprint_area: Area | None = None
    admin_land_area: Area | None = None
    green_area: Area | None = None
    fixed_asset_investment: Decimal | None = None
    output: Decimal | None = None
    revenue: Decimal | None = None
    tax: Decimal | None = None
    value_added: Decimal | None = None
    rd_spending: Decimal | None = None
    energy: Decimal | None = None
    electricity: Decimal | None = None
    emissions: Decimal | None = None
    jobs: int | None = None
    chain_fit: Decimal | None = None
    chain_fit_source: ChainFitSource = ChainFitSource.DECLARED

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            kind = FIGURE_KINDS.get(f.name)
            if value is None or kind is None:
                continue
            if kind == "area":
                if not isinstance(value, Area):
                    raise ValueError(f"{f.name} must be an Area, got {value!r}")
                continue
            if kind == "people":
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise ValueError(f"{f.name} must be a whole number of people, got {value!r}")
                continue
            number = money(value, what=f.name)
            if number < 0:
                raise ValueError(f"{f.name} must not be negative, got {number}")
            object.__setattr__(self, f.name, number)
        if self.chain_fit is not None and not 0 <= self.chain_fit <= 1:
            raise ValueError(f"chain_fit must be between 0 and 1, got {self.chain_fit}")
        object.__setattr__(self, "chain_fit_source", ChainFitSource(self.chain_fit_source))

    def in_base_units(self) -> dict[str, Fraction]:
        """The figures given, exactly, in CNY, m², tce, kWh, t, people and share."""
        out: dict[str, Fraction] = {}
        for name in FIGURE_KINDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = value.m2 if isinstance(value, Area) else Fraction(value)
        return out


class Better(StrEnum):
    """Which way an indicator is better."""

    HIGHER = "higher"
    LOWER = "lower"


@dataclass(frozen=True, slots=True)
class Term:
    """A figure expressed in a unit, e.g. tax in 10k CNY."""

    figure: str
    unit: str

    def __post_init__(self) -> None:
        if self.figure not in FIGURE_KINDS:
            raise ValueError(f"unknown figure {self.figure!r} (known: {', '.join(FIGURE_KINDS)})")
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r} (known: {', '.join(UNITS)})")
        if UNITS[self.unit][0] != FIGURE_KINDS[self.figure]:
            raise ValueError(f"{self.figure} cannot be given in {self.unit}")


@dataclass(frozen=True, slots=True)
class IndicatorDef:
    """How an indicator is computed: numerator over denominator (or the numerator alone)."""

    id: str
    name: Names
    numerator: Term
    denominator: Term | None
    unit: Names
    better: Better

    def compute(self, figures: Mapping[str, Fraction]) -> tuple[Fraction | None, tuple[str, ...]]:
        """The exact value, or None with the figures that are missing (or zero below)."""
        terms = [self.numerator] + ([self.denominator] if self.denominator else [])
        missing = tuple(t.figure for t in terms if t.figure not in figures)
        if missing:
            return None, missing
        value = figures[self.numerator.figure] / UNITS[self.numerator.unit][1]
        if self.denominator is None:
            return value, ()
        below = figures[self.denominator.figure] / UNITS[self.denominator.unit][1]
        if below == 0:
            return None, (self.denominator.figure,)
        return value / below, ()

    def inputs(self, figures: Mapping[str, Fraction]) -> tuple[tuple[str, str, Fraction], ...]:
        """The figures the indicator uses, each in the indicator's unit: (figure, unit, value)."""
        terms = [self.numerator] + ([self.denominator] if self.denominator else [])
        return tuple(
            (t.figure, t.unit, figures[t.figure] / UNITS[t.unit][1])
            for t in terms
            if t.figure in figures
        )


def definition_from_dict(data: Mapping[str, Any]) -> IndicatorDef:
    """An indicator definition from its data form (one item of ``indicators.yaml``)."""
    where = f"indicator {data.get('id')!r}"
    try:
        den = data.get("denominator")
        return IndicatorDef(
            id=str(data["id"]),
            name=Names.from_dict(data["name"], where=where),
            numerator=Term(str(data["numerator"]["figure"]), str(data["numerator"]["unit"])),
            denominator=Term(str(den["figure"]), str(den["unit"])) if den else None,
            unit=Names.from_dict(data["unit"], where=f"{where} unit"),
            better=Better(data["better"]),
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{where} is incomplete: missing {exc}") from None


@cache
def load_definitions() -> Mapping[str, IndicatorDef]:
    """The indicator definitions shipped with the product, by id."""
    folder = resources.files("suigang.engines.analytics.admission").joinpath("data")
    data = yaml.safe_load(folder.joinpath("indicators.yaml").read_text(encoding="utf-8"))
    defs = [definition_from_dict(d) for d in data["indicators"]]
    return MappingProxyType({d.id: d for d in defs})
