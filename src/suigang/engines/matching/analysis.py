"""One text analysed: dictionary concepts, words and Chinese bigrams, each marked negated or not."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from suigang.engines.matching.negation import negated_spans, negation_mask
from suigang.engines.matching.terms import Lexicon
from suigang.engines.matching.text import (
    CHINESE_STOP,
    ENGLISH_STOP,
    HAN_WORD,
    LATIN,
    NUMBER,
    han_runs,
    normalize,
    stem,
    tokenize,
    units,
)

# Feature keys carry their field: c: concept, w: word, g: two Chinese characters.
CONCEPT, WORD, CHARS = "c:", "w:", "g:"

# A feature found in the text: (key, start, end, negated, covered) in the normalised text.
# ``covered``: a query word or bigram inside a dictionary form (the concept carries it).
Occurrence = tuple[str, int, int, bool, bool]
_CLAUSE_MARKS = frozenset(",.;:!?\n，。；：！？、")


@dataclass(slots=True)
class Analysis:
    original: str
    norm: str
    occurrences: list[Occurrence] = field(default_factory=list)

    def surface(self, start: int, end: int) -> str:
        """The words as written (the normalised ones if normalising changed the length)."""
        source = self.original if len(self.original) == len(self.norm) else self.norm
        return source[start:end].strip()

    def clause(self, start: int, end: int, *, reach: int = 20) -> str:
        """The words as written from the start of their clause (at most ``reach`` back)."""
        source = self.original if len(self.original) == len(self.norm) else self.norm
        begin = start
        while begin > 0 and start - begin < reach and source[begin - 1] not in _CLAUSE_MARKS:
            begin -= 1
        return source[begin:end].strip()

    def counts(self, lex: Lexicon) -> tuple[Counter[str], set[str]]:
        """Positive feature counts (concepts with their broader entries) and negated concepts."""
        return _count(self.occurrences, lex)


def _count(occurrences: list[Occurrence], lex: Lexicon) -> tuple[Counter[str], set[str]]:
    keys = [o[0] for o in occurrences if not o[3]]
    broader = lex.broader_keys
    for o in occurrences:
        if not o[3] and o[0] in broader:
            keys.extend(broader[o[0]])
    negated = {o[0] for o in occurrences if o[3] and o[0].startswith(CONCEPT)}
    return Counter(keys), negated


def analyze(text: str, lex: Lexicon, *, query: bool = False) -> Analysis:
    """Concepts (longest dictionary forms), words and bigrams of ``text``, negation marked.

    For a query, words and bigrams inside a dictionary form are marked ``covered``: the
    concept carries them, and they add only a small same-language bonus.
    """
    norm = normalize(text)
    result = Analysis(text, norm)
    if not norm.strip():
        return result
    tokens = tokenize(norm, lex.cut)
    mask = negation_mask(negated_spans(tokens), len(norm))
    out = result.occurrences
    append = out.append
    forms = lex.find(units(tokens))
    for ids, start, end in forms:
        neg = bool(mask and mask[start])
        for cid in ids:
            append((CONCEPT + cid, start, end, neg, False))

    # per character: 1 where a negation rules it out, 2 where a dictionary form covers it
    # (queries only); one lookup per feature instead of a search through spans
    flags = bytearray(mask) if mask else bytearray(len(norm))
    if query:
        for _ids, a, b in forms:
            for pos in range(a, b):
                flags[pos] |= 2

    def covered(start: int, end: int) -> bool:
        return all(flags[pos] & 2 for pos in range(start, end))

    for text_, start, end, kind in tokens:
        if kind == HAN_WORD:
            if text_ in CHINESE_STOP:
                continue
            key = text_
        elif kind == LATIN:
            if text_ in ENGLISH_STOP or len(text_) < 2:
                continue
            key = stem(text_)
        elif kind == NUMBER:
            key = text_
        else:
            continue
        append((WORD + key, start, end, bool(flags[start] & 1), query and covered(start, end)))
    for run, start in han_runs(tokens):
        if len(run) == 1:
            if run not in CHINESE_STOP:
                f = flags[start]
                append((CHARS + run, start, start + 1, bool(f & 1), bool(f & 2)))
            continue
        for k in range(len(run) - 1):
            pair = run[k : k + 2]
            if pair in CHINESE_STOP:
                continue
            pos = start + k
            append(
                (
                    CHARS + pair,
                    pos,
                    pos + 2,
                    bool(flags[pos] & 1),
                    bool(flags[pos] & flags[pos + 1] & 2),
                )
            )
    return result
