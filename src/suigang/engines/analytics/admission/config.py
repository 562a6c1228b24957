"""The versioned indicator set: thresholds, weights and benchmarks per segment.

A set is configuration the zone office edits; every change is a new version with the date
from which it is in force, and an application is scored against the set in force on the
day it was submitted. Sets are stored as plain dicts (``set_to_dict`` / ``set_from_dict``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

from suigang.engines.analytics.admission.model import (
    IndicatorDef,
    definition_from_dict,
    load_definitions,
)
from suigang.engines.analytics.cluster.rates import money
from suigang.engines.analytics.maturity.model import Names


class Op(StrEnum):
    """Comparison of a hard threshold."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"


@dataclass(frozen=True, slots=True)
class Threshold:
    """A hard rule: the indicator value ``op`` ``value`` passes."""

    op: Op
    value: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "op", Op(self.op))
        object.__setattr__(self, "value", money(self.value, what="threshold"))

    def holds(self, x: Fraction) -> bool:
        """Whether the exact value ``x`` passes."""
        v = Fraction(self.value)
        return {Op.GE: x >= v, Op.GT: x > v, Op.LE: x <= v, Op.LT: x < v}[self.op]

    def __str__(self) -> str:
        return f"{self.op.value} {self.value}"


ANY_SEGMENT = "*"


@dataclass(frozen=True, slots=True)
class IndicatorRule:
    """How one indicator counts for one segment (``*``: every segment without its own rule).

    ``threshold`` is a hard pass/fail rule; ``weight`` (0 = not scored) and ``benchmark``
    give the weighted score: the value over the benchmark (the benchmark over the value
    where lower is better), capped by the set's cap.
    """

    indicator: str
    segment: str = ANY_SEGMENT
    threshold: Threshold | None = None
    weight: Decimal = Decimal(0)
    benchmark: Decimal | None = None

    def __post_init__(self) -> None:
        where = f"rule of {self.indicator} for {self.segment}"
        weight = money(self.weight, what=f"{where}: weight")
        if weight < 0:
            raise ValueError(f"{where}: weight must not be negative, got {weight}")
        object.__setattr__(self, "weight", weight)
        if self.benchmark is not None:
            bench = money(self.benchmark, what=f"{where}: benchmark")
            if bench <= 0:
                raise ValueError(f"{where}: benchmark must be positive, got {bench}")
            object.__setattr__(self, "benchmark", bench)
        if weight > 0 and self.benchmark is None:
            raise ValueError(f"{where}: a weighted indicator needs a benchmark")
        if self.threshold is None and weight == 0:
            raise ValueError(f"{where}: neither a threshold nor a weight: it would not count")
        if not self.segment:
            raise ValueError(f"{where}: segment is empty (use * for every segment)")


@dataclass(frozen=True)
class IndicatorSet:
    """A version of the admission rules, in force from ``effective``."""

    version: str
    effective: date
    rules: tuple[IndicatorRule, ...]
    cap: Decimal = Decimal("1.5")
    definitions: Mapping[str, IndicatorDef] = field(default_factory=load_definitions)

    def __post_init__(self) -> None:
        if not self.version.strip():
            raise ValueError("version is empty")
        if isinstance(self.effective, datetime) or not isinstance(self.effective, date):
            raise ValueError(f"effective must be a date, got {self.effective!r}")
        cap = money(self.cap, what="cap")
        if cap < 1:
            raise ValueError(f"cap must be at least 1 (meeting the benchmark), got {cap}")
        object.__setattr__(self, "cap", cap)
        seen: set[tuple[str, str]] = set()
        for r in self.rules:
            if r.indicator not in self.definitions:
                raise ValueError(f"version {self.version}: unknown indicator {r.indicator!r}")
            if (r.indicator, r.segment) in seen:
                raise ValueError(
                    f"version {self.version}: two rules for {r.indicator} in {r.segment}"
                )
            seen.add((r.indicator, r.segment))

    def rules_for(self, segment: str) -> tuple[IndicatorRule, ...]:
        """The rules that apply to ``segment``: its own, else the ``*`` rule, per indicator."""
        own = {r.indicator: r for r in self.rules if r.segment == segment}
        general = {r.indicator: r for r in self.rules if r.segment == ANY_SEGMENT}
        order = list(dict.fromkeys(r.indicator for r in self.rules))
        return tuple(own.get(i) or general[i] for i in order if i in own or i in general)


def set_from_dict(data: Mapping[str, Any]) -> IndicatorSet:
    """An indicator set from its stored form (see ``data/demo_set.yaml``)."""
    try:
        definitions = dict(load_definitions())
        for extra in data.get("definitions", ()):
            d = definition_from_dict(extra)
            definitions[d.id] = d
        rules = []
        for r in data["rules"]:
            hard = r.get("threshold")
            rules.append(
                IndicatorRule(
                    indicator=str(r["indicator"]),
                    segment=str(r.get("segment", ANY_SEGMENT)),
                    threshold=Threshold(Op(hard["op"]), money(str(hard["value"]), what="threshold"))
                    if hard
                    else None,
                    weight=money(str(r.get("weight", "0")), what=f"{r['indicator']} weight"),
                    benchmark=None
                    if r.get("benchmark") is None
                    else money(str(r["benchmark"]), what=f"{r['indicator']} benchmark"),
                )
            )
        effective = data["effective"]
        if isinstance(effective, str):
            effective = date.fromisoformat(effective)
        return IndicatorSet(
            version=str(data["version"]),
            effective=effective,
            rules=tuple(rules),
            cap=money(str(data.get("cap", "1.5")), what="cap"),
            definitions=MappingProxyType(definitions),
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(f"indicator set is incomplete: missing {exc}") from None


def set_to_dict(indicator_set: IndicatorSet) -> dict[str, Any]:
    """The stored form of a set (JSON-ready: decimals as text); ``set_from_dict`` reads it back.

    Definitions beyond the shipped ones travel with the set.
    """
    shipped = load_definitions()
    extra = [d for i, d in indicator_set.definitions.items() if shipped.get(i) != d]
    rules = []
    for r in indicator_set.rules:
        item: dict[str, Any] = {"indicator": r.indicator, "segment": r.segment}
        if r.threshold is not None:
            item["threshold"] = {"op": r.threshold.op.value, "value": str(r.threshold.value)}
        item["weight"] = str(r.weight)
        if r.benchmark is not None:
            item["benchmark"] = str(r.benchmark)
        rules.append(item)
    out: dict[str, Any] = {
        "version": indicator_set.version,
        "effective": indicator_set.effective.isoformat(),
        "cap": str(indicator_set.cap),
        "rules": rules,
    }
    if extra:
        out["definitions"] = [_definition_to_dict(d) for d in extra]
    return out


def _definition_to_dict(d: IndicatorDef) -> dict[str, Any]:
    def names(n: Names) -> dict[str, str]:
        return {"zh-Hans": n.zh_hans, "zh-Hant": n.zh_hant, "en": n.en}

    out: dict[str, Any] = {
        "id": d.id,
        "name": names(d.name),
        "numerator": {"figure": d.numerator.figure, "unit": d.numerator.unit},
        "unit": names(d.unit),
        "better": d.better.value,
    }
    if d.denominator is not None:
        out["denominator"] = {"figure": d.denominator.figure, "unit": d.denominator.unit}
    return out


def load_demo_set() -> IndicatorSet:
    """The demo's indicator set (example values, not official thresholds)."""
    folder = resources.files("suigang.engines.analytics.admission").joinpath("data")
    return set_from_dict(yaml.safe_load(folder.joinpath("demo_set.yaml").read_text("utf-8")))


def in_force(sets: Iterable[IndicatorSet], day: date) -> IndicatorSet:
    """The set in force on ``day``: the latest effective on or before it."""
    candidates = [s for s in sets if s.effective <= day]
    if not candidates:
        raise ValueError(f"no indicator set is in force on {day}")
    latest = max(candidates, key=lambda s: s.effective)
    ties = [s.version for s in candidates if s.effective == latest.effective]
    if len(ties) > 1:
        raise ValueError(f"versions {', '.join(ties)} take effect on the same day")
    return latest
