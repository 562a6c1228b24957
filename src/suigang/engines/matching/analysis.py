"""One text analysed: dictionary concepts, words and Chinese bigrams, each marked negated or not."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from suigang.engines.matching.terms import Lexicon
from suigang.engines.matching.text import (
    CHINESE_STOP,
    ENGLISH_STOP,
    HAN_WORD,
    LATIN,
    NUMBER,
    han_runs,
    in_spans,
    negated_spans,
    normalize,
    tokenize,
    units,
)

# Feature keys carry their field: c: concept, w: word, g: two Chinese characters.
CONCEPT, WORD, CHARS = "c:", "w:", "g:"


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A feature found in the text, at [start, end) of the normalised text."""

    key: str
    start: int
    end: int
    negated: bool
    covered: bool = False  # a word or bigram inside a dictionary form


@dataclass(slots=True)
class Analysis:
    original: str
    norm: str
    occurrences: list[Occurrence] = field(default_factory=list)

    def surface(self, start: int, end: int) -> str:
        """The words as written (the normalised ones if normalising changed the length)."""
        source = self.original if len(self.original) == len(self.norm) else self.norm
        return source[start:end].strip()

    def counts(self, lex: Lexicon) -> tuple[Counter[str], set[str]]:
        """Positive feature counts (concepts with their broader entries) and negated concepts."""
        positive: Counter[str] = Counter()
        negated: set[str] = set()
        for occ in self.occurrences:
            if occ.negated:
                if occ.key.startswith(CONCEPT):
                    negated.add(occ.key)
                continue
            positive[occ.key] += 1
            if occ.key.startswith(CONCEPT):
                for parent in lex.ancestors.get(occ.key[2:], ()):
                    positive[CONCEPT + parent] += 1
        return positive, negated


def analyze(text: str, lex: Lexicon, *, query: bool = False) -> Analysis:
    """Concepts (longest dictionary forms), words and bigrams of ``text``, negation marked.

    For a query, words and bigrams inside a dictionary form are marked ``covered`` (the
    concept carries them; they add only a small same-language bonus).
    """
    norm = normalize(text)
    result = Analysis(text, norm)
    if not norm.strip():
        return result
    tokens = tokenize(norm, lex.cut)
    spans = negated_spans(tokens)
    out = result.occurrences
    forms = lex.find(units(tokens))
    for ids, start, end in forms:
        neg = in_spans(start, spans)
        out.extend(Occurrence(CONCEPT + cid, start, end, neg) for cid in ids)

    def covered(start: int, end: int) -> bool:
        return query and any(a <= start and end <= b for _ids, a, b in forms)

    for tok in tokens:
        if tok.kind == HAN_WORD:
            if tok.text in CHINESE_STOP:
                continue
        elif tok.kind == LATIN:
            if tok.text in ENGLISH_STOP or len(tok.text) < 2:
                continue
        elif tok.kind != NUMBER:
            continue
        out.append(
            Occurrence(
                WORD + tok.key,
                tok.start,
                tok.end,
                in_spans(tok.start, spans),
                covered(tok.start, tok.end),
            )
        )
    for run, start in han_runs(tokens):
        if len(run) == 1:
            if run not in CHINESE_STOP:
                out.append(
                    Occurrence(
                        CHARS + run,
                        start,
                        start + 1,
                        in_spans(start, spans),
                        covered(start, start + 1),
                    )
                )
            continue
        for k in range(len(run) - 1):
            pos = start + k
            out.append(
                Occurrence(
                    CHARS + run[k : k + 2],
                    pos,
                    pos + 2,
                    in_spans(pos, spans),
                    covered(pos, pos + 2),
                )
            )
    return result
