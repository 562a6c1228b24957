"""The bilingual term dictionary: one concept per entry, its words in English, 简体 and 繁體.

The shipped dictionary is ``data/terms.tsv`` (see its header and docs/matching.md for where
each group of terms comes from). A line is one entry, tab-separated::

    id  parent  kind  english  simplified  traditional  hong_kong

where the word columns hold variants separated by ``|`` (British and American spellings,
abbreviations, Hong Kong trade words). ``parent`` names broader entries, ``|``-separated
("tig_welding" → "welding"; "cnc_turning" → "turning|cnc_machining"): a profile that names
the narrow one also counts for the broad ones. A form listed under two entries means both
("zinc die casting" is zinc alloy and die casting). A line
``## group: source`` starts a group; ``#`` lines are comments.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from suigang.engines.matching.negation import NEGATION_ZH
from suigang.engines.matching.text import HAN, form_units, normalize

KINDS = frozenset(
    {
        "process",
        "material",
        "certification",
        "product",
        "industry",
        "equipment",
        "service",
        "place",
        "business",
    }
)
_TERMINAL = ""  # key of a trie node that ends a form
# Entries too broad to search for when the query names a narrower one: "plating" should not
# bring every painter and polisher (surface treatment), "Dongguan" not every mainland firm.
CATEGORIES = frozenset(
    {
        "surface_treatment",
        "coating",
        "machining",
        "forming",
        "plastics",
        "joining",
        "cutting",
        "printing",
        "metal",
        "plastic_material",
        "component",
        "industry_any",
        "certification_any",
        "testing",
        "quality",
        "inspection",
        "automation",
        "guangdong",
        "gba",
        "contract_manufacturing",
        "electronics_manufacturing",
        "digital_factory",
    }
)
_HAN_RUN = re.compile(f"[{HAN}]{{2,}}")


def _variants(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in cell.split("|") if v.strip())


@dataclass(frozen=True, slots=True)
class Term:
    """One concept and the words that name it."""

    id: str
    parents: tuple[str, ...]
    kind: str
    english: tuple[str, ...]
    simplified: tuple[str, ...]
    traditional: tuple[str, ...]
    hong_kong: tuple[str, ...] = ()
    group: str = ""

    def __post_init__(self) -> None:
        if not self.id or not self.id.replace("_", "").isalnum() or self.id != self.id.lower():
            raise ValueError(f"term id must be lower-case letters, digits and _, got {self.id!r}")
        if self.kind not in KINDS:
            raise ValueError(
                f"term {self.id}: kind must be one of {sorted(KINDS)}, got {self.kind!r}"
            )
        for label in ("english", "simplified", "traditional"):
            if not getattr(self, label):
                raise ValueError(f"term {self.id}: no {label} form")

    @property
    def forms(self) -> tuple[str, ...]:
        return self.english + self.simplified + self.traditional + self.hong_kong


@dataclass(frozen=True, slots=True)
class TermDictionary:
    """Entries with unique ids whose parents exist and form no cycle."""

    terms: tuple[Term, ...]

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for t in self.terms:
            if t.id in seen:
                raise ValueError(f"term id {t.id!r} appears twice")
            seen.add(t.id)
        for t in self.terms:
            for parent in t.parents:
                if parent not in seen:
                    raise ValueError(f"term {t.id}: parent {parent!r} is not an entry")
        parents = {t.id: t.parents for t in self.terms}
        for t in self.terms:
            _ancestors(t.id, parents)  # raises on a cycle

    @classmethod
    def parse(cls, text: str, *, name: str = "terms") -> TermDictionary:
        """Read the TSV format; a bad line is an error naming ``name`` and the line number."""
        terms: list[Term] = []
        group = ""
        for number, line in enumerate(text.splitlines(), start=1):
            if line.startswith("## "):
                group = line[3:].split(":", 1)[0].strip()
                continue
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) not in (6, 7):
                raise ValueError(
                    f"{name}:{number}: expected 6 or 7 tab-separated cells, got {len(cells)}"
                )
            cells += [""] * (7 - len(cells))
            try:
                terms.append(
                    Term(
                        id=cells[0].strip(),
                        parents=_variants(cells[1]),
                        kind=cells[2].strip(),
                        english=_variants(cells[3]),
                        simplified=_variants(cells[4]),
                        traditional=_variants(cells[5]),
                        hong_kong=_variants(cells[6]),
                        group=group,
                    )
                )
            except ValueError as exc:
                raise ValueError(f"{name}:{number}: {exc}") from None
        try:
            return cls(tuple(terms))
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None

    def get(self, term_id: str) -> Term | None:
        for t in self.terms:
            if t.id == term_id:
                return t
        return None


def _ancestors(term_id: str, parents: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Every broader entry of ``term_id``, nearest first; a cycle is an error."""
    out: list[str] = []
    stack: list[tuple[str, tuple[str, ...]]] = [(p, (term_id,)) for p in reversed(parents[term_id])]
    while stack:
        node, path = stack.pop()
        if node in path:
            raise ValueError(f"term {term_id}: its parents form a cycle through {node!r}")
        if node not in out:
            out.append(node)
        stack.extend((p, (*path, node)) for p in reversed(parents[node]))
    return tuple(out)


@cache
def shipped_terms() -> TermDictionary:
    """The dictionary shipped with the package (``data/terms.tsv``)."""
    text = resources.files("suigang.engines.matching").joinpath("data/terms.tsv").read_text("utf-8")
    return TermDictionary.parse(text, name="terms.tsv")


class Lexicon:
    """A dictionary compiled for matching: a trie over units, ancestors, the segmenter."""

    def __init__(self, terms: TermDictionary) -> None:
        self.terms = terms
        self.kind = {t.id: t.kind for t in terms.terms}
        parents = {t.id: t.parents for t in terms.terms}
        self.ancestors: dict[str, tuple[str, ...]] = {
            t.id: _ancestors(t.id, parents) for t in terms.terms
        }
        # the broader entries a query's concept also searches for, with their depth (1: the
        # parents, 2: theirs), never through a broad category
        self.query_broader: dict[str, tuple[tuple[str, int], ...]] = {}
        for t in terms.terms:
            found: dict[str, int] = {}
            level = [p for p in t.parents if p not in CATEGORIES]
            for depth in (1, 2):
                for p in level:
                    found.setdefault(p, depth)
                level = [
                    q for p in level for q in parents[p] if q not in CATEGORIES and q not in found
                ]
            self.query_broader[t.id] = tuple(found.items())
        # feature keys ("c:tig_welding") to their broader entries' keys, for counting
        self.broader_keys = {
            "c:" + cid: tuple("c:" + a for a in chain)
            for cid, chain in self.ancestors.items()
            if chain
        }
        self.trie: dict[str, Any] = {}
        chinese_words: set[str] = set()
        for t in terms.terms:
            for form in t.forms:
                norm = normalize(form)
                key = form_units(norm)
                if not key:
                    raise ValueError(f"term {t.id}: form {form!r} has no letters or characters")
                branch: dict[str, Any] = self.trie
                for unit in key:
                    branch = branch.setdefault(unit, {})
                ids = branch.get(_TERMINAL, ())
                if t.id not in ids:
                    branch[_TERMINAL] = (*ids, t.id)
                chinese_words.update(_HAN_RUN.findall(norm))
        self.cut = _segmenter(frozenset(chinese_words))

    def _longest(
        self, stream: list[tuple[str, int, int]], i: int, stop: int
    ) -> tuple[tuple[str, ...], int] | None:
        """The longest form starting at unit ``i`` and ending by ``stop``: (ids, end unit)."""
        node = self.trie
        best: tuple[tuple[str, ...], int] | None = None
        j = i
        while j < stop:
            unit = stream[j][0]
            if not unit:
                break
            nxt = node.get(unit)
            if nxt is None:
                break
            node = nxt
            j += 1
            ids = node.get(_TERMINAL)
            if ids is not None:
                best = (ids, j)
        return best

    def find(self, stream: list[tuple[str, int, int]]) -> list[tuple[tuple[str, ...], int, int]]:
        """Longest dictionary forms left to right: (concept ids, start, end) character spans.

        A compound that is not itself a material or a place also names the materials inside
        it: 铁柜 (an iron cabinet) is a cabinet and iron, "steel frames" a frame and steel.
        """
        found: list[tuple[tuple[str, ...], int, int]] = []
        trie = self.trie
        n = len(stream)
        i = 0
        while i < n:
            # most units start no form: one lookup, no call (this loop runs once a character)
            unit = stream[i][0]
            if not unit or unit not in trie:
                i += 1
                continue
            best = self._longest(stream, i, n)
            if best is None:
                i += 1
                continue
            ids, end = best
            found.append((ids, stream[i][1], stream[end - 1][2]))
            if end - i > 1 and not any(self.kind[c] in ("material", "place") for c in ids):
                k = i
                while k < end:  # the inner forms, longest first, left to right
                    inner = self._longest(stream, k, end if k > i else end - 1)
                    if inner is None:
                        k += 1
                        continue
                    kept = tuple(c for c in inner[0] if self.kind[c] == "material")
                    if kept:
                        found.append((kept, stream[k][1], stream[inner[1] - 1][2]))
                    k = inner[1]
            i = end
        return found


_jieba_lock = threading.Lock()
_jieba: Any = None
_jieba_words: set[str] = set()


def _segmenter(words: frozenset[str]) -> Any:
    """jieba's precise mode (no HMM guessing) with the dictionary's Chinese forms as words.

    One tokenizer serves the process; every compiled dictionary adds its words to it (adding a
    word only ever keeps that word whole).
    """
    global _jieba
    with _jieba_lock:
        if _jieba is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            for cue in NEGATION_ZH:
                if len(cue) > 1:
                    tokenizer.add_word(cue, 20000)
            # questions and politeness that hold a negation character but negate nothing
            # and bounds: 不超过 is "at most", not a denial
            for phrase in (
                "有没有",
                "有冇",
                "唔该",
                "唔知",
                "不知道",
                "冇问题",
                "没问题",
                "不超过",
                "不低于",
                "不少于",
                "不高于",
                "不大于",
                "不小于",
            ):
                tokenizer.add_word(phrase, 50000)
            _jieba = tokenizer
        for word in sorted(words - _jieba_words):
            _jieba.add_word(word, 50000)
        _jieba_words.update(words)
        tokenizer = _jieba

    @lru_cache(maxsize=200_000)
    def cut(run: str) -> tuple[str, ...]:
        # runs of Chinese between punctuation repeat a lot across profiles ("不锈钢", "ISO")
        return tuple(tokenizer.cut(run, HMM=False))

    return cut


_lexicons: dict[int, tuple[TermDictionary, Lexicon]] = {}
_lexicon_lock = threading.Lock()


def lexicon(terms: TermDictionary | None = None) -> Lexicon:
    """The compiled form of ``terms`` (the shipped dictionary by default), built once."""
    terms = terms if terms is not None else shipped_terms()
    with _lexicon_lock:
        hit = _lexicons.get(id(terms))
        if hit is not None and hit[0] is terms:
            return hit[1]
    compiled = Lexicon(terms)
    with _lexicon_lock:
        _lexicons[id(terms)] = (terms, compiled)
    return compiled
