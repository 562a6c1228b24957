"""An assessment's result: level and exact score, the radar (element scores per level), the
gap list at the next level and the roadmap of platform features that close each gap.

Scoring is the engine's (``engines.analytics.maturity``); the roadmap is data
(``data/roadmap.csv``: sub-domain → platform features, with where to find them).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from importlib import resources

from suigang.domains.common import in_language
from suigang.domains.maturity.models import MaturityAnswer
from suigang.engines.analytics.maturity import (
    AnswerRow,
    MaturityInput,
    MaturityResult,
    Requirement,
    gaps,
    load_model,
    score,
)


@dataclass(frozen=True, slots=True)
class Feature:
    """A platform feature that helps meet a sub-domain's requirements."""

    key: str
    path: str
    name_zh_hans: str
    name_zh_hant: str
    name_en: str

    def name(self, lang: str) -> str:
        return in_language(lang, self.name_zh_hans, self.name_zh_hant, self.name_en)


@cache
def roadmap_table() -> dict[str, tuple[Feature, ...]]:
    """Sub-domain code → the platform features that close its gaps."""
    text = resources.files("suigang.domains.maturity").joinpath("data", "roadmap.csv")
    out: dict[str, list[Feature]] = {}
    for row in csv.DictReader(text.read_text(encoding="utf-8").splitlines()):
        out.setdefault(row["subdomain"], []).append(
            Feature(row["feature"], row["path"], row["name_zh_hans"], row["name_zh_hant"],
                    row["name_en"])
        )  # fmt: skip
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True, slots=True)
class GapItem:
    """A requirement below 1.0 at the next level (``answer`` None: not answered yet), what
    meeting it fully adds to that level, and the features that help."""

    subdomain: str
    level: int
    requirement: str
    answer: str | None
    score: Fraction | None
    impact: Fraction | None
    requirement_text: Requirement | None
    features: tuple[Feature, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an assessment's answers come to."""

    result: MaturityResult
    radar: dict[int, dict[str, float | None]]  # level → element code → score
    gaps: tuple[GapItem, ...]
    answered: int
    pending: int  # proposals not yet confirmed or overridden
    catalogue: int
    unanswered: int = 0
    roadmap: tuple[tuple[Feature, tuple[str, ...]], ...] = field(default=())


def answer_rows(answers: Sequence[MaturityAnswer]) -> tuple[AnswerRow, ...]:
    """The decided answers as the engine's rows (proposals waiting for the firm left out)."""
    return tuple(
        AnswerRow(a.subdomain, a.level, a.requirement, a.answer)
        for a in answers
        if a.answer is not None
    )


def outcome(answers: Sequence[MaturityAnswer], catalogue: Sequence[Requirement]) -> Outcome:
    """Score the decided answers; list the gaps at the next level and the roadmap."""
    rows = answer_rows(answers)
    result = score(MaturityInput(rows))
    radar = {
        lv.level: {e.code: None if e.score is None else float(e.score) for e in lv.elements}
        for lv in result.levels
    }
    texts = {(r.subdomain, r.level, r.requirement): r for r in catalogue}
    table = roadmap_table()
    items = [
        GapItem(g.subdomain, g.level, g.requirement, g.answer.value, g.score, g.impact,
                texts.get((g.subdomain, g.level, g.requirement)), table.get(g.subdomain, ()))
        for g in gaps(result)
    ]  # fmt: skip
    target = result.next_level
    answered = {(a.subdomain, a.level, a.requirement) for a in answers if a.answer is not None}
    order = {code: i for i, code in enumerate(load_model().codes())}
    if target is not None:
        missing = sorted(
            (r for r in catalogue if r.level == target and
             (r.subdomain, r.level, r.requirement) not in answered),
            key=lambda r: (order.get(r.subdomain, 99), r.requirement),
        )  # fmt: skip
        items += [
            GapItem(r.subdomain, r.level, r.requirement, None, None, None, r,
                    table.get(r.subdomain, ()))
            for r in missing
        ]  # fmt: skip
    closing: dict[str, list[str]] = {}
    features: dict[str, Feature] = {}
    for item in items:
        for f in item.features:
            features.setdefault(f.key, f)
            codes = closing.setdefault(f.key, [])
            if item.subdomain not in codes:
                codes.append(item.subdomain)
    return Outcome(
        result=result,
        radar=radar,
        gaps=tuple(items),
        answered=len(rows),
        pending=sum(1 for a in answers if a.answer is None),
        catalogue=len(catalogue),
        unanswered=sum(
            1 for r in catalogue if (r.subdomain, r.level, r.requirement) not in answered
        ),
        roadmap=tuple((features[k], tuple(v)) for k, v in closing.items()),
    )
