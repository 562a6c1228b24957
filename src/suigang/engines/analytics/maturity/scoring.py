"""Scoring a self-assessment: requirement answers in, level scores, total and level out.

Arithmetic is exact (:class:`fractions.Fraction`) from the answers to the total, so a level
that scores exactly the gate (0.8) passes it and a total of exactly 1.8 is level 2; results
are converted to floats only where they are written out.

Tailoring, level by level:

* a requirement answered "not applicable" is dropped;
* a sub-domain with no answered requirement left at a level (every one not applicable, or
  none in the answers) is *tailored out* at that level;
* a domain, element or level whose children are all tailored out is tailored out itself;
* a node that is tailored out has no score and no weight: it is not a zero. Its parent's
  weights are renormalised over the children that remain;
* a level with nothing to score (every element tailored out) has no score (``None``).

The total adds level scores from level 1 upwards and stops after the first level below the
gate (that level still counts). A level with nothing to score ends the sum before it: it is
not counted, and neither is any level above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from suigang.engines.analytics.maturity.model import MaturityModel, load_model
from suigang.engines.analytics.maturity.rules import (
    Answer,
    ScoringRules,
    WeightTable,
    load_rules,
)


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """The answer to one requirement of one sub-domain (by code) at one level."""

    subdomain: str
    level: int
    requirement: str
    answer: Answer

    def __post_init__(self) -> None:
        if not isinstance(self.subdomain, str) or not self.subdomain:
            raise ValueError(f"subdomain must be a sub-domain code, got {self.subdomain!r}")
        if isinstance(self.level, bool) or not isinstance(self.level, int) or self.level < 1:
            raise ValueError(f"level must be a whole number from 1, got {self.level!r}")
        if not isinstance(self.requirement, str) or not self.requirement.strip():
            raise ValueError(f"requirement must be a non-empty id, got {self.requirement!r}")
        if not isinstance(self.answer, Answer):
            raise ValueError(f"answer must be an Answer, got {self.answer!r}")


@dataclass(frozen=True, slots=True)
class MaturityInput:
    """A self-assessment: the answers, the enterprise type and the weight table."""

    answers: tuple[AnswerRow, ...]
    enterprise_type: str | None = None
    weights: WeightTable = field(default_factory=WeightTable)

    def __post_init__(self) -> None:
        seen: set[tuple[str, int, str]] = set()
        for a in self.answers:
            key = (a.subdomain, a.level, a.requirement)
            if key in seen:
                raise ValueError(
                    f"requirement {a.requirement!r} of {a.subdomain} at level {a.level} "
                    "is answered twice"
                )
            seen.add(key)
        if self.enterprise_type is not None and not self.enterprise_type.strip():
            raise ValueError("enterprise_type must be None or non-empty text")


@dataclass(frozen=True, slots=True)
class NodeScore:
    """A sub-domain, domain or element at one level.

    ``score`` and ``weight`` are None when the node is tailored out; ``weight`` is its
    renormalised weight within its parent otherwise.
    """

    code: str
    score: Fraction | None
    weight: Fraction | None


@dataclass(frozen=True, slots=True)
class LevelScore:
    """One level: its score (None: nothing to score) and whether the total counts it."""

    level: int
    score: Fraction | None
    counted: bool
    elements: tuple[NodeScore, ...]
    domains: tuple[NodeScore, ...]
    subdomains: tuple[NodeScore, ...]

    @property
    def tailored(self) -> tuple[str, ...]:
        """Codes of the sub-domains tailored out at this level."""
        return tuple(s.code for s in self.subdomains if s.score is None)


@dataclass(frozen=True, slots=True)
class RequirementScore:
    """One answered requirement: its score and its weight in its level's score.

    ``weight`` is the product of the renormalised weights on the way up divided by the
    number of scored requirements of its sub-domain, so a level's score is the sum of
    ``weight * score`` over its requirements. Both are None for "not applicable".
    """

    subdomain: str
    level: int
    requirement: str
    answer: Answer
    score: Fraction | None
    weight: Fraction | None


@dataclass(frozen=True, slots=True)
class MaturityResult:
    """Level scores, the total S, the maturity level and every requirement's part in them."""

    levels: tuple[LevelScore, ...]
    score: Fraction
    level: int
    requirements: tuple[RequirementScore, ...]
    enterprise_type: str | None

    @property
    def level_scores(self) -> dict[int, Fraction | None]:
        """Each level's own score (None where it has nothing to score), counted or not."""
        return {lv.level: lv.score for lv in self.levels}

    @property
    def counted_levels(self) -> tuple[int, ...]:
        """The levels added into the total."""
        return tuple(lv.level for lv in self.levels if lv.counted)

    @property
    def next_level(self) -> int | None:
        """The level above the one reached, or None at the top."""
        return self.level + 1 if self.level < len(self.levels) else None


@dataclass(frozen=True, slots=True)
class Gap:
    """A requirement scored below 1.0; ``impact`` is what meeting it fully adds to its level."""

    subdomain: str
    level: int
    requirement: str
    answer: Answer
    score: Fraction
    impact: Fraction


def _combine(
    scores: dict[str, Fraction | None], raw: dict[str, Fraction]
) -> tuple[Fraction | None, dict[str, Fraction]]:
    """Weighted mean over the children that remain, with weights renormalised over them."""
    remaining = [c for c, s in scores.items() if s is not None]
    if not remaining:
        return None, {}
    total = sum((raw[c] for c in remaining), Fraction(0))
    norm = {c: raw[c] / total for c in remaining}
    value = sum((norm[c] * s for c, s in scores.items() if s is not None), Fraction(0))
    return value, norm


def _check(data: MaturityInput, model: MaturityModel) -> None:
    codes = set(model.codes())
    top = len(model.levels)
    for a in data.answers:
        if a.subdomain not in codes:
            raise ValueError(f"unknown sub-domain code {a.subdomain!r}")
        if a.level > top:
            raise ValueError(f"level must be 1 to {top}, got {a.level} for {a.subdomain}")
    data.weights.check(model)
    etype = data.enterprise_type
    known = data.weights.types()
    if etype is not None and known and etype not in known:
        raise ValueError(
            f"enterprise type {etype!r} has no weights (the table has {', '.join(sorted(known))})"
        )


def score(
    data: MaturityInput,
    *,
    model: MaturityModel | None = None,
    rules: ScoringRules | None = None,
) -> MaturityResult:
    """Score a self-assessment level by level and add the levels up to the total."""
    model = model or load_model()
    rules = rules or load_rules()
    _check(data, model)
    cells: dict[tuple[str, int], list[AnswerRow]] = {}
    for a in data.answers:
        cells.setdefault((a.subdomain, a.level), []).append(a)
    etype = data.enterprise_type
    levels: list[LevelScore] = []
    req_weight: dict[tuple[str, int, str], Fraction] = {}
    for lv in model.levels:
        n = lv.number
        sub_scores: dict[str, Fraction | None] = {}
        for s in model.subdomains():
            scored = [
                v for a in cells.get((s.code, n), ()) if (v := rules.score_of(a.answer)) is not None
            ]
            sub_scores[s.code] = sum(scored, Fraction(0)) / len(scored) if scored else None
        sub_w: dict[str, Fraction] = {}
        dom_scores: dict[str, Fraction | None] = {}
        dom_w: dict[str, Fraction] = {}
        el_scores: dict[str, Fraction | None] = {}
        for e in model.elements:
            for d in e.domains:
                mine = {s.code: sub_scores[s.code] for s in d.subdomains}
                raw = data.weights.weights(etype, n, d.code, mine)
                dom_scores[d.code], norm = _combine(mine, raw)
                sub_w.update(norm)
            mine = {d.code: dom_scores[d.code] for d in e.domains}
            el_scores[e.code], norm = _combine(mine, data.weights.weights(etype, n, e.code, mine))
            dom_w.update(norm)
        raw = data.weights.weights(etype, n, None, el_scores)
        level_score, el_w = _combine(el_scores, raw)
        for e in model.elements:
            for d in e.domains:
                for s in d.subdomains:
                    if sub_scores[s.code] is None:
                        continue
                    path = el_w[e.code] * dom_w[d.code] * sub_w[s.code]
                    rows = [a for a in cells[(s.code, n)] if rules.score_of(a.answer) is not None]
                    for a in rows:
                        req_weight[(s.code, n, a.requirement)] = path / len(rows)
        levels.append(
            LevelScore(
                level=n,
                score=level_score,
                counted=False,
                elements=tuple(NodeScore(c, v, el_w.get(c)) for c, v in el_scores.items()),
                domains=tuple(NodeScore(c, v, dom_w.get(c)) for c, v in dom_scores.items()),
                subdomains=tuple(NodeScore(c, v, sub_w.get(c)) for c, v in sub_scores.items()),
            )
        )
    total = Fraction(0)
    counted: set[int] = set()
    for ls in levels:
        if ls.score is None:
            break
        total += ls.score
        counted.add(ls.level)
        if ls.score < rules.gate:
            break
    final = tuple(
        LevelScore(ls.level, ls.score, ls.level in counted, ls.elements, ls.domains, ls.subdomains)
        for ls in levels
    )
    order = {code: i for i, code in enumerate(model.codes())}
    requirements = tuple(
        RequirementScore(
            a.subdomain,
            a.level,
            a.requirement,
            a.answer,
            rules.score_of(a.answer),
            req_weight.get((a.subdomain, a.level, a.requirement)),
        )
        for a in sorted(data.answers, key=lambda a: (a.level, order[a.subdomain], a.requirement))
    )
    return MaturityResult(final, total, rules.level_for(total), requirements, etype)


def gaps(result: MaturityResult, *, level: int | None = None) -> tuple[Gap, ...]:
    """Requirements scored below 1.0 at ``level`` (default: the next level), largest impact first.

    At the top level there is no next level and the default gives no gaps. Requirements that
    were not answered are not gaps here (they are tailored out); a caller holding the list of
    requirements can name them separately.
    """
    target = result.next_level if level is None else level
    if target is None:
        return ()
    if not 1 <= target <= len(result.levels):
        raise ValueError(f"level must be 1 to {len(result.levels)}, got {target!r}")
    found = [
        Gap(r.subdomain, r.level, r.requirement, r.answer, r.score, (1 - r.score) * r.weight)
        for r in result.requirements
        if r.level == target and r.score is not None and r.weight is not None and r.score < 1
    ]
    position = {id(g): i for i, g in enumerate(found)}
    return tuple(sorted(found, key=lambda g: (-g.impact, position[id(g)])))
