"""``search(index, query)``: BM25 over concepts, words and bigrams; filters, boosts, reasons."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from suigang.engines.matching.analysis import CHARS, CONCEPT, WORD, Analysis, analyze
from suigang.engines.matching.index import Index, analyse_profile, label_keys
from suigang.engines.matching.model import (
    Boosts,
    Filters,
    Hit,
    Match,
    MatchKind,
    Query,
    SearchResult,
    Status,
)
from suigang.engines.matching.terms import Lexicon, lexicon


class _Understood:
    """What a query asks for: feature weights, and where each feature came from in its text."""

    def __init__(self, qa: Analysis, index: Index, lex: Lexicon) -> None:
        p = index.params
        field_weight = {CONCEPT: p.weight_concept, WORD: p.weight_word, CHARS: p.weight_chars}
        self.weights: dict[str, float] = {}
        self.surface: dict[str, str] = {}
        self.wanted: list[str] = []
        self.excluded: list[str] = []
        self.direct: set[str] = set()  # keys the query names itself (not only as broader)
        for key, start, end, negated, covered in qa.occurrences:
            surface = qa.surface(start, end)
            if negated:
                if key.startswith(CONCEPT) and key not in self.excluded:
                    self.excluded.append(key)
                continue
            weight = field_weight[key[:2]] * (p.covered if covered else 1.0)
            self._add(key, weight, surface)
            self.direct.add(key)
            if key.startswith(CONCEPT):
                if key not in self.wanted:
                    self.wanted.append(key)
                for parent, depth in lex.query_broader.get(key[2:], ()):
                    self._add(CONCEPT + parent, p.weight_concept * p.broader**depth, surface)

    def _add(self, key: str, weight: float, surface: str) -> None:
        if weight > self.weights.get(key, 0.0):
            self.weights[key] = weight
        self.surface.setdefault(key, surface)


def _filter_mask(index: Index, filters: Filters, lex: Lexicon) -> np.ndarray:
    n = len(index)
    mask = np.ones(n, dtype=bool)
    if filters.empty:
        return mask
    for label in filters.certifications:
        keys = label_keys(label, lex, broader=False)
        mask &= np.fromiter((bool(keys & c) for c in index.certifications), bool, n)
    if filters.materials:
        keys = frozenset().union(*(label_keys(m, lex, broader=False) for m in filters.materials))
        mask &= np.fromiter((bool(keys & m) for m in index.materials), bool, n)
    if filters.regions:
        keys = frozenset().union(*(label_keys(r, lex, broader=False) for r in filters.regions))
        mask &= np.fromiter((bool(keys & r) for r in index.regions), bool, n)
    with np.errstate(invalid="ignore"):
        if filters.min_capacity is not None:
            mask &= index.capacity >= filters.min_capacity  # unknown (NaN) compares False
        if filters.max_lead_time_days is not None:
            mask &= index.lead_time <= filters.max_lead_time_days
    return mask


def _boosts_met(index: Index, boosts: Boosts, lex: Lexicon, rows: np.ndarray) -> list[list[str]]:
    """For each row, the preferences it meets (each multiplies its score by the factor)."""
    met: list[list[str]] = [[] for _ in rows]
    checks: list[tuple[str, frozenset[str], tuple[frozenset[str], ...]]] = []
    for label in boosts.certifications:
        checks.append(
            (f"certified {label}", label_keys(label, lex, broader=False), index.certifications)
        )
    for label in boosts.materials:
        checks.append((f"works {label}", label_keys(label, lex, broader=False), index.materials))
    for label in boosts.regions:
        checks.append((f"in {label}", label_keys(label, lex, broader=False), index.regions))
    for note, keys, have in checks:
        for k, r in enumerate(rows):
            if keys & have[r]:
                met[k].append(note)
    with np.errstate(invalid="ignore"):
        if boosts.min_capacity is not None:
            for i in np.nonzero(index.capacity[rows] >= boosts.min_capacity)[0].tolist():
                met[i].append(f"capacity {index.capacity[rows[i]]:g} >= {boosts.min_capacity:g}")
        if boosts.max_lead_time_days is not None:
            for i in np.nonzero(index.lead_time[rows] <= boosts.max_lead_time_days)[0].tolist():
                met[i].append(
                    f"lead time {index.lead_time[rows[i]]:g} <= {boosts.max_lead_time_days:g} days"
                )
    return met


def search(index: Index, query: Query) -> SearchResult:
    """Rank the index's profiles for ``query``: best first, at most ``query.top``."""
    p = index.params
    lex = lexicon(index.terms)
    qa = analyze(query.text, lex, query=True)
    understood = _Understood(qa, index, lex)
    concepts = tuple(k[2:] for k in understood.wanted)
    excluded = tuple(k[2:] for k in understood.excluded)
    if not understood.weights:
        return SearchResult(Status.NO_TERMS, (), concepts, excluded)
    keys = [k for k in understood.weights if k in index.vocab]
    if not keys or len(index) == 0:
        return SearchResult(Status.NO_MATCH, (), concepts, excluded)
    cols = [index.vocab[k] for k in keys]
    sub = index.matrix[:, cols]
    weights = np.array([understood.weights[k] for k in keys])
    is_direct = np.array([k in understood.direct for k in keys])
    direct = np.asarray(sub @ (weights * is_direct)).ravel()
    scores = direct + np.asarray(sub @ (weights * ~is_direct)).ravel()
    for key in understood.wanted:
        j = index.negated_vocab.get(key)
        if j is not None:
            # a firm that rules out what is asked keeps only a fraction of its direct matches
            # (none through broader entries: "no plating" is no reason to rank it for plating)
            ruled = index.negated[:, j].nonzero()[0]
            scores[ruled] = direct[ruled] * p.ruled_out
    for key in understood.excluded:
        j = index.vocab.get(key)
        if j is not None:
            offers = index.matrix[:, j].nonzero()[0]
            scores[offers] *= p.unwanted
    mask = _filter_mask(index, query.filters, lex) & (scores > 0)
    candidates = np.nonzero(mask)[0]
    final = scores[candidates]
    met: list[list[str]] = []
    if not query.boosts.empty:
        met = _boosts_met(index, query.boosts, lex, candidates)
        final = final * np.array([query.boosts.factor ** len(m) for m in met], dtype=np.float64)
    best = np.arange(len(final))
    if len(final) > query.top:  # sort only the best few (and all that tie with the last)
        threshold = -np.partition(-final, query.top - 1)[query.top - 1]
        best = np.nonzero(final >= threshold)[0]
    order = best[np.lexsort((candidates[best], -final[best]))][: query.top]
    if not len(order):
        return SearchResult(Status.NO_MATCH, (), concepts, excluded)
    top_rows = candidates[order]
    contrib = sub[top_rows].toarray() if query.explain else None
    hits = []
    for k, (pos, r) in enumerate(zip(order, top_rows, strict=True)):
        profile = index.profiles[r]
        matches: tuple[Match, ...] = ()
        notes = tuple(met[pos]) if met else ()
        if contrib is not None:
            ranked = [keys[c] for c in np.argsort(-contrib[k], kind="stable") if contrib[k][c] > 0]
            # the query's own concepts first, then broader ones, then words and bigrams
            matched = [key for key in ranked if key in understood.wanted]
            matched += [key for key in ranked if key.startswith(CONCEPT) and key not in matched]
            matched += [key for key in ranked if not key.startswith(CONCEPT)]
            matches, ruled = _explain(
                profile_analyses=analyse_profile(profile, lex),
                lex=lex,
                matched=matched,
                understood=understood,
            )
            notes = notes + ruled
        hits.append(Hit(profile.id, float(final[pos]), matches, notes))
    return SearchResult(Status.OK, tuple(hits), concepts, excluded)


def _explain(
    *,
    profile_analyses: tuple[Analysis, Analysis],
    lex: Lexicon,
    matched: list[str],
    understood: _Understood,
) -> tuple[tuple[Match, ...], tuple[str, ...]]:
    """Which query terms matched which profile words (concepts first), and what it rules out."""
    text, fields = profile_analyses
    needed = set(matched) | set(understood.wanted)
    said: dict[str, list[str]] = defaultdict(list)
    listed: dict[str, list[str]] = defaultdict(list)
    denied: dict[str, list[str]] = defaultdict(list)
    broader = lex.broader_keys
    for analysis, into in ((text, said), (fields, listed)):
        for key, start, end, negated, _covered in analysis.occurrences:
            if negated:
                if analysis is text and key in needed:
                    denied[key].append(analysis.clause(start, end))
                continue
            keys = [k for k in (key, *broader.get(key, ())) if k in needed]
            if not keys:
                continue
            surface = analysis.surface(start, end)
            for k in keys:
                if surface not in into[k]:
                    into[k].append(surface)
    matches: list[Match] = []
    explained: set[str] = set()
    for key in matched:
        q = understood.surface[key]
        if q in explained or (
            not key.startswith(CONCEPT) and any(q in e or e in q for e in explained)
        ):
            continue  # a dictionary match already explains this part of the query
        if key.startswith(CONCEPT):
            words, kind = (
                (said[key], MatchKind.TERM) if said[key] else (listed[key], MatchKind.FIELD)
            )
            matches.append(Match(q, tuple(words[:5]), kind, key[2:]))
        else:
            words = said[key] or listed[key]
            kind = MatchKind.WORD if key.startswith(WORD) else MatchKind.CHARS
            matches.append(Match(q, tuple(words[:5]), kind))
        explained.add(q)
    ruled = tuple(
        f"rules out {understood.surface[k]}: {'; '.join(denied[k][:3])}"
        for k in understood.wanted
        if denied.get(k) and k not in said and k not in listed
    )
    return tuple(matches), ruled
