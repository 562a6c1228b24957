"""Reading answer, weight and requirement tables (CSV text) and writing results as dicts.

Readers read everything before returning: the first bad line raises ``ValueError`` naming
the table and the line, and nothing is returned half-read. Column names are compared
without regard to case or surrounding spaces; other columns (notes, evidence) are ignored.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

from suigang.engines.analytics.maturity.model import MaturityModel, load_model
from suigang.engines.analytics.maturity.rules import (
    ScoringRules,
    WeightRow,
    WeightTable,
    exact,
    load_rules,
)
from suigang.engines.analytics.maturity.scoring import AnswerRow, Gap, MaturityResult, gaps

ANSWER_COLUMNS = ("subdomain", "level", "requirement", "answer")
WEIGHT_COLUMNS = ("enterprise_type", "level", "parent", "child", "weight")
REQUIREMENT_COLUMNS = ("subdomain", "level", "requirement")
REQUIREMENT_TEXTS = ("text_zh_hans", "text_zh_hant", "text_en")
#: Written in a weight table's enterprise_type, level or parent to mean "any" / "the level".
ANY = ("", "*", "-")


class _Rows:
    """CSV rows as dicts keyed by normalised column name, with the line each one ends on."""

    def __init__(self, lines: Iterable[str], *, name: str, required: tuple[str, ...]) -> None:
        self.name = name
        self._reader = csv.reader(lines)
        try:
            header = next(self._reader)
        except StopIteration:
            header = []
        self.columns = [h.strip().lower() for h in header]
        missing = [c for c in required if c not in self.columns]
        if missing:
            raise ValueError(f"{name} line 1: missing column(s) {', '.join(missing)}")

    def __iter__(self) -> Iterator[tuple[str, dict[str, str]]]:
        for fields in self._reader:
            if not any(f.strip() for f in fields):
                continue
            row = {
                c: (fields[i].strip() if i < len(fields) else "")
                for i, c in enumerate(self.columns)
            }
            yield f"{self.name} line {self._reader.line_num}", row


def read_answers(
    lines: Iterable[str],
    *,
    name: str = "answers",
    model: MaturityModel | None = None,
    rules: ScoringRules | None = None,
) -> tuple[AnswerRow, ...]:
    """Answer rows from CSV text with columns ``subdomain,level,requirement,answer``."""
    model = model or load_model()
    rules = rules or load_rules()
    out: list[AnswerRow] = []
    first_seen: dict[tuple[str, int, str], str] = {}
    for where, row in _Rows(lines, name=name, required=ANSWER_COLUMNS):
        code = model.find_subdomain(row["subdomain"])
        if code is None:
            raise ValueError(f"{where}: {model.why_not_subdomain(row['subdomain'])}")
        level = model.find_level(row["level"])
        if level is None:
            raise ValueError(
                f"{where}: level {row['level']!r} is not a level of the model "
                f"(1 to {len(model.levels)})"
            )
        requirement = row["requirement"]
        if not requirement:
            raise ValueError(f"{where}: requirement is empty")
        answer = rules.parse_answer(row["answer"])
        if answer is None:
            raise ValueError(
                f"{where}: unknown answer {row['answer']!r}: give fully, mostly, partially, "
                "not met or not applicable (na), or 全部满足, 大部分满足, 部分满足, 不满足, 不适用"
            )
        key = (code, level, requirement)
        if key in first_seen:
            raise ValueError(
                f"{where}: requirement {requirement!r} of {code} at level {level} is already "
                f"answered on line {first_seen[key]}"
            )
        first_seen[key] = where.rsplit(" ", 1)[-1]
        out.append(AnswerRow(code, level, requirement, answer))
    return tuple(out)


def read_weights(
    lines: Iterable[str], *, name: str = "weights", model: MaturityModel | None = None
) -> WeightTable:
    """A weight table from CSV text ``enterprise_type,level,parent,child,weight``.

    ``enterprise_type`` and ``level`` empty or ``*`` mean any; ``parent`` empty or ``-`` means
    the level itself (the child is an element). Codes or names are accepted throughout.
    """
    model = model or load_model()
    rows: list[WeightRow] = []
    for where, row in _Rows(lines, name=name, required=WEIGHT_COLUMNS):
        etype = None if row["enterprise_type"] in ANY else row["enterprise_type"]
        level: int | None = None
        if row["level"] not in ANY:
            level = model.find_level(row["level"])
            if level is None:
                raise ValueError(f"{where}: level {row['level']!r} is not a level of the model")
        parent: str | None = None
        if row["parent"] not in ANY:
            parent = model.find_element(row["parent"]) or model.find_domain(row["parent"])
            if parent is None:
                raise ValueError(f"{where}: parent {row['parent']!r} is no element or domain")
        if parent is None:
            child = model.find_element(row["child"])
        elif parent in {e.code for e in model.elements}:
            child = model.find_domain(row["child"])
        else:
            child = model.find_subdomain(row["child"])
        if child is None:
            raise ValueError(
                f"{where}: child {row['child']!r} is not a child of {parent or 'the level'}"
            )
        weight = exact(row["weight"], what=f"{where}: weight")
        rows.append(WeightRow(etype, level, parent, child, weight, source=where))
    table = WeightTable(tuple(rows))
    table.check(model)
    return table


@dataclass(frozen=True, slots=True)
class Requirement:
    """One requirement of a sub-domain at a level, with its text in up to three languages.

    ``kind`` is ``summary`` for the short summaries the product ships (written by the team,
    not the standard's text) and ``standard`` for text loaded from a licensed copy.
    """

    subdomain: str
    level: int
    requirement: str
    kind: str
    text_zh_hans: str
    text_zh_hant: str
    text_en: str

    def __post_init__(self) -> None:
        if self.kind not in ("summary", "standard"):
            raise ValueError(f"kind must be summary or standard, got {self.kind!r}")
        if not (self.text_zh_hans or self.text_zh_hant or self.text_en):
            raise ValueError(f"requirement {self.requirement!r} has no text in any language")


def read_requirements(
    lines: Iterable[str],
    *,
    name: str = "requirements",
    model: MaturityModel | None = None,
    kind: str = "standard",
) -> tuple[Requirement, ...]:
    """Requirements from CSV text ``subdomain,level,requirement[,kind],text_zh_hans,...``.

    At least one text column must be present; ``kind`` defaults to ``kind`` when the table
    has no such column (a licensed import is ``standard``).
    """
    model = model or load_model()
    table = _Rows(lines, name=name, required=REQUIREMENT_COLUMNS)
    if not any(c in table.columns for c in REQUIREMENT_TEXTS):
        raise ValueError(f"{name} line 1: missing column(s): one of {', '.join(REQUIREMENT_TEXTS)}")
    out: list[Requirement] = []
    seen: set[tuple[str, int, str]] = set()
    for where, row in table:
        code = model.find_subdomain(row["subdomain"])
        if code is None:
            raise ValueError(f"{where}: {model.why_not_subdomain(row['subdomain'])}")
        level = model.find_level(row["level"])
        if level is None:
            raise ValueError(f"{where}: level {row['level']!r} is not a level of the model")
        if not row["requirement"]:
            raise ValueError(f"{where}: requirement is empty")
        if (code, level, row["requirement"]) in seen:
            raise ValueError(f"{where}: requirement {row['requirement']!r} of {code} repeated")
        seen.add((code, level, row["requirement"]))
        try:
            texts = [row.get(c, "") for c in REQUIREMENT_TEXTS]
            out.append(
                Requirement(code, level, row["requirement"], row.get("kind") or kind, *texts)
            )
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
    return tuple(out)


def _num(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def gap_to_dict(gap: Gap) -> dict[str, Any]:
    """A JSON-ready gap."""
    return {
        "subdomain": gap.subdomain,
        "level": gap.level,
        "requirement": gap.requirement,
        "answer": gap.answer.value,
        "score": float(gap.score),
        "impact": float(gap.impact),
    }


def result_to_dict(result: MaturityResult, *, detail: bool = False) -> dict[str, Any]:
    """``{"level_scores": {"1": x, ... "5": x or null}, "score": S, "level": L}``.

    ``detail`` adds the counted levels, every node's score per level, the tailored-out
    sub-domains and the gaps at the next level.
    """
    out: dict[str, Any] = {
        "level_scores": {str(k): _num(v) for k, v in result.level_scores.items()},
        "score": float(result.score),
        "level": result.level,
    }
    if detail:
        out["enterprise_type"] = result.enterprise_type
        out["counted_levels"] = list(result.counted_levels)
        out["levels"] = [_level_dict(lv) for lv in result.levels]
        out["next_level"] = result.next_level
        out["gaps"] = [gap_to_dict(g) for g in gaps(result)]
    return out


def _level_dict(lv: Any) -> dict[str, Any]:
    def nodes(items: Iterable[Any]) -> Mapping[str, float | None]:
        return {n.code: _num(n.score) for n in items}

    return {
        "level": lv.level,
        "score": _num(lv.score),
        "counted": lv.counted,
        "elements": nodes(lv.elements),
        "domains": nodes(lv.domains),
        "subdomains": nodes(lv.subdomains),
        "tailored": list(lv.tailored),
    }


@cache
def load_demo_requirements() -> tuple[Requirement, ...]:
    """The short requirement summaries the product ships for its demo (kind ``summary``)."""
    text = (
        resources.files("suigang.engines.analytics.maturity")
        .joinpath("data", "requirements_summaries.csv")
        .read_text(encoding="utf-8")
    )
    return read_requirements(
        io.StringIO(text, newline=""), name="requirements_summaries.csv", kind="summary"
    )
