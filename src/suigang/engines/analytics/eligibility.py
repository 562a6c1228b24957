"""Support schemes matched against a firm's profile, an application or a project.

A scheme's eligibility is configuration: criteria ``(field, operator, value)``, all of which
must hold. ``match(schemes, subject)`` says for each scheme whether the subject may qualify,
which criterion it misses (with the value it has) and which cannot be judged because the
subject lacks the field. The subject is a mapping (nested mappings or objects reached by a
dotted field path, e.g. ``figures.jobs``), so a domain can pass a row's columns as they are.

Comparisons: numbers exactly (ints, Decimals, and floats by their shortest decimal form, as
YAML or JSON configuration gives them); dates as dates (ISO text in the configuration is
read as a date when the subject holds one); text and booleans by equality. A comparison
between kinds that do not compare (text against a number) cannot be judged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any


class CriterionOp(StrEnum):
    """Operators of a criterion; ``contains``: the subject's collection holds the value,
    ``contains_any``: it holds one of the values; ``in``/``not_in``: the subject's value is
    (not) one of the values."""

    EQ = "eq"
    NE = "ne"
    LT = "lt"
    LE = "le"
    GT = "gt"
    GE = "ge"
    IN = "in"
    NOT_IN = "not_in"
    CONTAINS = "contains"
    CONTAINS_ANY = "contains_any"


_SYMBOLS = {"==": "eq", "=": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}
_LISTS = {CriterionOp.IN, CriterionOp.NOT_IN, CriterionOp.CONTAINS_ANY}
_ORDER = {CriterionOp.LT, CriterionOp.LE, CriterionOp.GT, CriterionOp.GE}


def _op(value: object) -> CriterionOp:
    text = str(value).strip().lower()
    try:
        return CriterionOp(_SYMBOLS.get(text, text))
    except ValueError:
        known = ", ".join([*(o.value for o in CriterionOp), *_SYMBOLS])
        raise ValueError(f"operator {value!r} is not one of {known}") from None


@dataclass(frozen=True, slots=True)
class Criterion:
    """``field`` ``op`` ``value``: e.g. ``("hk_invested", "eq", True)``, ``("jobs", ">=", 10)``."""

    field: str
    op: CriterionOp
    value: Any

    def __post_init__(self) -> None:
        if not isinstance(self.field, str) or not self.field.strip():
            raise ValueError(f"criterion field must be a field name, got {self.field!r}")
        op = _op(self.op)
        object.__setattr__(self, "op", op)
        if op in _LISTS:
            if isinstance(self.value, str | bytes) or not isinstance(self.value, Iterable):
                raise ValueError(f"{self.field} {op.value}: the value must be a list")
            object.__setattr__(self, "value", tuple(self.value))
        elif op in _ORDER and isinstance(self.value, str) and _day(self.value) is None:
            try:  # numbers written as text in a form: "10", "0.03"
                object.__setattr__(self, "value", Decimal(self.value.strip()))
            except ArithmeticError:
                raise ValueError(
                    f"{self.field} {op.value}: compares a number or a date, got {self.value!r}"
                ) from None
        elif op in _ORDER and _number(self.value) is None and _day(self.value) is None:
            raise ValueError(
                f"{self.field} {op.value}: compares a number or a date, got {self.value!r}"
            )

    def __str__(self) -> str:
        return f"{self.field} {self.op.value} {self.value!r}"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Criterion:
        """A criterion from ``{"field": ..., "op": ..., "value": ...}``."""
        try:
            return cls(str(data["field"]), data["op"], data["value"])
        except KeyError as exc:
            raise ValueError(f"criterion {dict(data)!r} lacks {exc}") from None


@dataclass(frozen=True, slots=True)
class Scheme:
    """A support scheme: its id and the criteria that must all hold."""

    id: str
    criteria: tuple[Criterion, ...]

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("scheme id is empty")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scheme:
        """A scheme from ``{"id": ..., "criteria": [{"field", "op", "value"}, ...]}``."""
        try:
            criteria = tuple(Criterion.from_dict(c) for c in data.get("criteria", ()))
            return cls(str(data["id"]), criteria)
        except ValueError as exc:
            raise ValueError(f"scheme {data.get('id')!r}: {exc}") from None
        except KeyError:
            raise ValueError("a scheme needs an id") from None


class Outcome(StrEnum):
    """A criterion holds, does not hold, or cannot be judged from what the subject holds."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


class Eligibility(StrEnum):
    """Every criterion met; one missed; or none missed but one could not be judged."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """A criterion, the subject's value for it and the outcome (with why, when not met)."""

    criterion: Criterion
    actual: Any
    outcome: Outcome
    reason: str


@dataclass(frozen=True, slots=True)
class SchemeMatch:
    """A scheme's verdict on the subject and every criterion's outcome."""

    scheme: str
    eligibility: Eligibility
    results: tuple[CriterionResult, ...]

    @property
    def missed(self) -> tuple[CriterionResult, ...]:
        """The criteria the subject does not meet."""
        return tuple(r for r in self.results if r.outcome is Outcome.NOT_MET)

    @property
    def unknown(self) -> tuple[CriterionResult, ...]:
        """The criteria that need a field the subject lacks (or cannot compare)."""
        return tuple(r for r in self.results if r.outcome is Outcome.UNKNOWN)


_MISSING = object()


def _lookup(subject: Any, path: str) -> Any:
    value = subject
    for part in path.split("."):
        if isinstance(value, Mapping):
            value = value.get(part, _MISSING)
        else:
            value = getattr(value, part, _MISSING)
        if value is _MISSING or value is None:
            return _MISSING
    return value


def _number(value: Any) -> Fraction | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Fraction):
        return Fraction(value)
    if isinstance(value, Decimal) and value.is_finite():
        return Fraction(value)
    if isinstance(value, float) and value - value == 0:  # finite
        return Fraction(Decimal(repr(value)))
    return None


def _day(value: Any) -> date | None:
    """A date from a date, a datetime (its date) or ISO text; None otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _same(a: Any, b: Any) -> bool | None:
    """Equality across kinds that compare; None when they do not."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b if isinstance(a, bool) and isinstance(b, bool) else None
    na, nb = _number(a), _number(b)
    if na is not None and nb is not None:
        return na == nb
    if na is not None or nb is not None:
        return None
    if isinstance(a, date) or isinstance(b, date):
        da, db = _day(a), _day(b)
        return None if da is None or db is None else da == db
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    return None


def _order(a: Any, b: Any) -> int | None:
    """-1, 0 or 1 comparing a to b; None when they do not compare."""
    na, nb = _number(a), _number(b)
    if na is not None and nb is not None:
        return (na > nb) - (na < nb)
    if isinstance(a, date) or isinstance(b, date):
        da, db = _day(a), _day(b)
        if da is not None and db is not None:
            return (da > db) - (da < db)
    return None


def _judge(criterion: Criterion, actual: Any) -> tuple[Outcome, str]:
    op, want = criterion.op, criterion.value
    if op in (CriterionOp.CONTAINS, CriterionOp.CONTAINS_ANY):
        if isinstance(actual, str | bytes) or not isinstance(actual, Iterable):
            return Outcome.UNKNOWN, f"{criterion.field} is not a list"
        held = list(actual)
        wanted = list(want) if op is CriterionOp.CONTAINS_ANY else [want]
        hit = any(_same(h, w) for h in held for w in wanted)
        return (Outcome.MET, "") if hit else (Outcome.NOT_MET, f"{criterion.field} lacks it")
    if op in (CriterionOp.IN, CriterionOp.NOT_IN):
        answers = [_same(actual, w) for w in want]
        if any(a is None for a in answers) and not any(answers):
            return Outcome.UNKNOWN, f"{criterion.field} does not compare with the values"
        inside = any(answers)
        ok = inside if op is CriterionOp.IN else not inside
        return (Outcome.MET, "") if ok else (Outcome.NOT_MET, f"{criterion.field} is {actual!r}")
    if op in (CriterionOp.EQ, CriterionOp.NE):
        same = _same(actual, want)
        if same is None:
            return Outcome.UNKNOWN, f"{criterion.field} ({actual!r}) does not compare with {want!r}"
        ok = same if op is CriterionOp.EQ else not same
        return (Outcome.MET, "") if ok else (Outcome.NOT_MET, f"{criterion.field} is {actual!r}")
    cmp = _order(actual, want)
    if cmp is None:
        return Outcome.UNKNOWN, f"{criterion.field} ({actual!r}) does not compare with {want!r}"
    ok = {
        CriterionOp.LT: cmp < 0,
        CriterionOp.LE: cmp <= 0,
        CriterionOp.GT: cmp > 0,
        CriterionOp.GE: cmp >= 0,
    }[op]
    return (Outcome.MET, "") if ok else (Outcome.NOT_MET, f"{criterion.field} is {actual!r}")


def match(
    schemes: Iterable[Scheme], subject: Mapping[str, Any] | object
) -> tuple[SchemeMatch, ...]:
    """Each scheme's eligibility for ``subject``, in the order given."""
    out: list[SchemeMatch] = []
    for scheme in schemes:
        results: list[CriterionResult] = []
        for c in scheme.criteria:
            actual = _lookup(subject, c.field)
            if actual is _MISSING:
                results.append(CriterionResult(c, None, Outcome.UNKNOWN, f"{c.field} is not known"))
                continue
            outcome, reason = _judge(c, actual)
            results.append(CriterionResult(c, actual, outcome, reason))
        if any(r.outcome is Outcome.NOT_MET for r in results):
            verdict = Eligibility.NOT_ELIGIBLE
        elif any(r.outcome is Outcome.UNKNOWN for r in results):
            verdict = Eligibility.UNKNOWN
        else:
            verdict = Eligibility.ELIGIBLE
        out.append(SchemeMatch(scheme.id, verdict, tuple(results)))
    return tuple(out)
