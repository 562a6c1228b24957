"""Scoring rules (answer scale, gate, level bands) and the weight table, both as data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import cache
from typing import Any

from suigang.engines.analytics.maturity.model import (
    MaturityModel,
    Names,
    normalise,
    read_data,
)


class Answer(StrEnum):
    """How far a requirement is met; ``NOT_APPLICABLE`` drops the requirement."""

    FULLY = "fully"
    MOSTLY = "mostly"
    PARTIALLY = "partially"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"


def exact(value: object, *, what: str) -> Fraction:
    """An exact number from an int, Decimal, Fraction or decimal text (never a binary float)."""
    if isinstance(value, bool | float):
        raise ValueError(f"{what} must be exact (int, Decimal or text), got float {value!r}")
    if isinstance(value, Fraction | int):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{what} must be a finite number, got {value}")
        return Fraction(value)
    if isinstance(value, str):
        try:
            d = Decimal(value.strip())
        except ArithmeticError:
            raise ValueError(f"{what} {value!r} is not a number") from None
        if not d.is_finite():
            raise ValueError(f"{what} must be a finite number, got {value!r}")
        return Fraction(d)
    raise ValueError(f"{what} must be a number, got {value!r}")


@dataclass(frozen=True, slots=True)
class Band:
    """Maturity level ``level`` is reached from a total of ``lower`` upwards."""

    level: int
    lower: Fraction
    name: Names


@dataclass(frozen=True)
class ScoringRules:
    """The answer scale, the words accepted for each answer, the gate and the level bands."""

    scores: Mapping[Answer, Fraction]
    words: Mapping[str, Answer]
    labels: Mapping[Answer, Names]
    gate: Fraction
    bands: tuple[Band, ...]

    def __post_init__(self) -> None:
        for answer in Answer:
            if answer is Answer.NOT_APPLICABLE:
                if answer in self.scores:
                    raise ValueError("not_applicable has no score: it drops the requirement")
                continue
            value = self.scores.get(answer)
            if value is None or not 0 <= value <= 1:
                raise ValueError(f"score of {answer.value} must be in [0, 1], got {value}")
        if not 0 < self.gate <= 1:
            raise ValueError(f"gate must be in (0, 1], got {self.gate}")
        if not self.bands or self.bands[0].lower != 0:
            raise ValueError("bands must start at 0")
        for a, b in zip(self.bands, self.bands[1:], strict=False):
            if not (b.lower > a.lower and b.level == a.level + 1):
                raise ValueError(f"band of level {b.level} must follow level {a.level} upwards")

    def score_of(self, answer: Answer) -> Fraction | None:
        """The score of an answer; None for not applicable."""
        return self.scores.get(answer)

    def parse_answer(self, text: str) -> Answer | None:
        """The answer ``text`` names (any accepted word, any case or spacing), else None."""
        return self.words.get(normalise(text))

    def level_for(self, total: Fraction) -> int:
        """The maturity level of a total score: the highest band whose lower bound it reaches."""
        return max(b.level for b in self.bands if total >= b.lower)

    def accepted_words(self) -> tuple[str, ...]:
        """The answer words, one per line of the data file's order (for messages)."""
        return tuple(self.words)


def rules_from_dict(data: Mapping[str, Any]) -> ScoringRules:
    """Rules from their data form (the structure of ``data/cmmm_scoring.yaml``)."""
    scores: dict[Answer, Fraction] = {}
    words: dict[str, Answer] = {}
    labels: dict[Answer, Names] = {}
    try:
        for item in data["answers"]:
            answer = Answer(item["answer"])
            if item.get("score") is not None:
                scores[answer] = exact(str(item["score"]), what=f"score of {answer.value}")
            labels[answer] = Names.from_dict(item["label"], where=f"answer {answer.value}")
            for word in (answer.value, *item.get("words", ())):
                key = normalise(str(word))
                if words.get(key, answer) is not answer:
                    raise ValueError(f"answer word {word!r} names two answers")
                words[key] = answer
        bands = tuple(
            Band(
                int(b["level"]),
                exact(str(b["from"]), what=f"band {b['level']}"),
                Names.from_dict(b["name"], where=f"band {b['level']}"),
            )
            for b in data["bands"]
        )
        gate = exact(str(data["gate"]), what="gate")
    except (KeyError, TypeError) as exc:
        raise ValueError(f"scoring rules are incomplete: missing {exc}") from None
    missing = [a.value for a in Answer if a not in labels]
    if missing:
        raise ValueError(f"scoring rules name no answer {', '.join(missing)}")
    return ScoringRules(scores=scores, words=words, labels=labels, gate=gate, bands=bands)


@cache
def load_rules() -> ScoringRules:
    """The scoring rules shipped with the product."""
    return rules_from_dict(read_data("cmmm_scoring.yaml"))


# -- weights ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class WeightRow:
    """One weight: of ``child`` within ``parent`` at ``level`` for ``enterprise_type``.

    ``parent`` None: ``child`` is an element, weighted within the level; an element code:
    ``child`` is one of its domains; a domain code: ``child`` is one of its sub-domains.
    ``enterprise_type`` None and ``level`` None apply to every type and every level.
    ``source`` says where the row came from (``weights.csv line 4``), for messages.
    """

    enterprise_type: str | None
    level: int | None
    parent: str | None
    child: str
    weight: Fraction
    source: str = ""

    def __post_init__(self) -> None:
        where = self.source or f"weight of {self.child}"
        object.__setattr__(self, "weight", exact(self.weight, what=f"{where}: weight"))
        if self.weight <= 0:
            raise ValueError(f"{where}: weight must be positive, got {self.weight}")
        if self.level is not None and (isinstance(self.level, bool) or self.level < 1):
            raise ValueError(f"{where}: level must be 1 or more, got {self.level!r}")
        if not self.child:
            raise ValueError(f"{where}: child is empty")


_Key = tuple[str | None, int | None, str | None]


@dataclass(frozen=True)
class WeightTable:
    """Weights keyed by enterprise type, level, parent and child; equal where none is given.

    For a parent at a level, the most specific group of rows is used whole: (type, level),
    then (type, any level), (any type, level), (any type, any level). A group must weigh
    every child of its parent; missing groups mean equal weights.
    """

    rows: tuple[WeightRow, ...] = ()
    _groups: dict[_Key, dict[str, WeightRow]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        groups: dict[_Key, dict[str, WeightRow]] = {}
        for row in self.rows:
            group = groups.setdefault((row.enterprise_type, row.level, row.parent), {})
            if row.child in group:
                first = group[row.child].source or "an earlier row"
                raise ValueError(
                    f"{row.source or 'a weight row'}: repeats the weight of {row.child} "
                    f"within {row.parent or 'the level'} given by {first}"
                )
            group[row.child] = row
        object.__setattr__(self, "_groups", groups)

    def types(self) -> frozenset[str]:
        """The enterprise types the table names explicitly."""
        return frozenset(r.enterprise_type for r in self.rows if r.enterprise_type is not None)

    def check(self, model: MaturityModel) -> None:
        """Every row names a real parent and child, and every group weighs all children."""
        for (etype, level, parent), group in self._groups.items():
            if level is not None and level > len(model.levels):
                row = next(iter(group.values()))
                raise ValueError(f"{row.source or 'a weight row'}: no level {level} in the model")
            expected = _children(model, parent, next(iter(group.values())))
            for child, row in group.items():
                if child not in expected:
                    raise ValueError(
                        f"{row.source or 'a weight row'}: {child} is not a child of "
                        f"{parent or 'the level'} (children: {', '.join(expected)})"
                    )
            missing = [c for c in expected if c not in group]
            if missing:
                where = next(iter(group.values())).source or "a weight row"
                raise ValueError(
                    f"{where}: the weights within {parent or 'the level'} for type "
                    f"{etype or 'any'} at level {level or 'any'} leave out {', '.join(missing)}: "
                    "weigh every child or none"
                )

    def weights(
        self, enterprise_type: str | None, level: int, parent: str | None, children: Iterable[str]
    ) -> dict[str, Fraction]:
        """The raw weight of each child (not yet renormalised); 1 each when none is given."""
        keys: list[_Key] = []
        if enterprise_type is not None:
            keys += [(enterprise_type, level, parent), (enterprise_type, None, parent)]
        keys += [(None, level, parent), (None, None, parent)]
        for key in keys:
            group = self._groups.get(key)
            if group is not None:
                return {c: group[c].weight for c in children}
        return {c: Fraction(1) for c in children}


def _children(model: MaturityModel, parent: str | None, row: WeightRow) -> tuple[str, ...]:
    if parent is None:
        return tuple(e.code for e in model.elements)
    for e in model.elements:
        if e.code == parent:
            return tuple(d.code for d in e.domains)
    for d in model.domains():
        if d.code == parent:
            return tuple(s.code for s in d.subdomains)
    raise ValueError(f"{row.source or 'a weight row'}: unknown parent {parent!r}")
