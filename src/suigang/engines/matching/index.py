"""Build once, search many times: profiles analysed into a BM25 weight matrix.

Each profile becomes three bags of features — dictionary concepts (``c:``), words (``w:``)
and Chinese character bigrams (``g:``) — taken from its name, text and structured fields.
BM25 weights are computed at build time, one length normalisation per bag, and kept as a
sparse matrix (profiles × features), so that a query costs one sparse product.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from suigang.engines.matching.analysis import CHARS, CONCEPT, WORD, Analysis, analyze
from suigang.engines.matching.model import Profile
from suigang.engines.matching.terms import Lexicon, TermDictionary, lexicon, shipped_terms
from suigang.engines.matching.text import normalize

FIELDS = (CONCEPT, WORD, CHARS)


@dataclass(frozen=True, slots=True)
class Params:
    """Ranking parameters (defaults chosen from first principles, see docs/matching.md)."""

    k1: float = 1.2
    b: float = 0.75  # length normalisation of words and bigrams
    b_concept: float = 0.3  # a profile listing many processes is not less about each one
    weight_concept: float = 1.0
    weight_word: float = 0.5
    weight_chars: float = 0.3
    covered: float = 0.3  # a query word inside a dictionary form: the concept carries it
    broader: float = 0.4  # the query's concept's broader entries ("TIG welding" → welding)
    ruled_out: float = 0.3  # score factor when a profile rules out a concept the query wants
    unwanted: float = 0.8  # score factor when a profile offers a concept the query rules out

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
                raise ValueError(f"params.{name} must be a finite number >= 0, got {value!r}")
        for name in ("b", "b_concept", "covered", "broader", "ruled_out", "unwanted"):
            if getattr(self, name) > 1:
                raise ValueError(f"params.{name} must be at most 1, got {getattr(self, name)!r}")


@dataclass(frozen=True, slots=True, eq=False)
class Index:
    """Profiles ready to search; build with :func:`build_index`."""

    profiles: tuple[Profile, ...]
    terms: TermDictionary
    params: Params
    matrix: Any  # scipy.sparse.csc_matrix, profiles × features, BM25 weights
    vocab: Mapping[str, int]
    negated: Any  # scipy.sparse.csc_matrix, profiles × concepts a profile rules out
    negated_vocab: Mapping[str, int]
    certifications: tuple[frozenset[str], ...]
    materials: tuple[frozenset[str], ...]
    regions: tuple[frozenset[str], ...]
    capacity: Any  # numpy float array, NaN where unknown
    lead_time: Any
    rows: Mapping[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.profiles)


def profile_texts(profile: Profile) -> tuple[str, str]:
    """What is analysed of a profile: its name and text, and its structured fields."""
    text = f"{profile.name}\n{profile.text}" if profile.name else profile.text
    fields = "; ".join((*profile.processes, *profile.materials, *profile.certifications))
    if profile.region:
        fields = f"{fields}; {profile.region.replace('_', ' ')}" if fields else profile.region
    return text, fields.replace("_", " ")


def label_keys(label: str, lex: Lexicon, *, broader: bool = True) -> frozenset[str]:
    """What a structured label means: its concepts (with their broader entries unless
    ``broader`` is false), else its plain words.

    A profile's labels carry the broader entries (ISO 13485 is also "a certification", the
    West Zone is also in Huangpu), a filter's do not (asking for ISO 13485 is not asking for
    any certification).
    """
    analysis = analyze(label.replace("_", " "), lex)
    if broader:
        positive, _neg = analysis.counts(lex)
        concepts = frozenset(k[2:] for k in positive if k.startswith(CONCEPT))
    else:
        concepts = frozenset(
            o[0][2:] for o in analysis.occurrences if o[0].startswith(CONCEPT) and not o[3]
        )
    if concepts:
        return concepts
    return frozenset({"=" + " ".join(normalize(label).replace("_", " ").split())})


def analyse_profile(profile: Profile, lex: Lexicon) -> tuple[Analysis, Analysis]:
    text, fields = profile_texts(profile)
    return analyze(text, lex), analyze(fields, lex)


def build_index(
    profiles: Sequence[Profile],
    *,
    terms: TermDictionary | None = None,
    params: Params | None = None,
) -> Index:
    """Analyse every profile once and compute its BM25 weights; ids must be unique."""
    from scipy import sparse

    terms = terms if terms is not None else shipped_terms()
    params = params if params is not None else Params()
    lex = lexicon(terms)
    rows: dict[str, int] = {}
    for r, p in enumerate(profiles):
        if not isinstance(p, Profile):
            raise ValueError(f"profiles[{r}] must be a Profile, got {type(p).__name__}")
        if p.id in rows:
            raise ValueError(f"profile id {p.id!r} appears twice (rows {rows[p.id]} and {r})")
        rows[p.id] = r

    vocab: dict[str, int] = {}
    neg_vocab: dict[str, int] = {}
    r_idx: list[int] = []
    c_idx: list[int] = []
    tfs: list[int] = []
    neg_r: list[int] = []
    neg_c: list[int] = []
    certs: list[frozenset[str]] = []
    mats: list[frozenset[str]] = []
    regs: list[frozenset[str]] = []
    none: frozenset[str] = frozenset()
    for r, p in enumerate(profiles):
        text, fields = analyse_profile(p, lex)
        positive, negated = text.counts(lex)
        if fields.occurrences:
            positive.update(fields.counts(lex)[0])
        c_idx.extend([vocab.setdefault(key, len(vocab)) for key in positive])
        tfs.extend(positive.values())
        r_idx.extend([r] * len(positive))
        for key in negated.difference(positive):
            neg_r.append(r)
            neg_c.append(neg_vocab.setdefault(key, len(neg_vocab)))
        certs.append(none.union(*(label_keys(c, lex) for c in p.certifications)))
        mats.append(none.union(*(label_keys(m, lex) for m in p.materials)))
        regs.append(label_keys(p.region, lex) if p.region else none)

    n = len(profiles)
    field_of = {f: k for k, f in enumerate(FIELDS)}
    field_ids = np.zeros(len(vocab), dtype=np.int64)
    for key, col in vocab.items():
        field_ids[col] = field_of[key[:2]]
    rr = np.asarray(r_idx, dtype=np.int64)
    cc = np.asarray(c_idx, dtype=np.int64)
    tf_ = np.asarray(tfs, dtype=np.float64)
    f = field_ids[cc]
    lengths = np.zeros((n, len(FIELDS)), dtype=np.float64)
    np.add.at(lengths, (rr, f), tf_)
    df = np.bincount(cc, minlength=len(vocab)).astype(np.float64)
    idf = np.log1p((n - df + 0.5) / (df + 0.5))
    avg = np.maximum(lengths.mean(axis=0), 1e-9) if n else np.ones(len(FIELDS))
    b = np.array([params.b_concept, params.b, params.b])
    saturation = params.k1 * (1 - b[f] + b[f] * lengths[rr, f] / avg[f])
    weights = idf[cc] * tf_ * (params.k1 + 1) / (tf_ + saturation)
    matrix = sparse.csc_matrix((weights, (rr, cc)), shape=(n, len(vocab)))
    neg = sparse.csc_matrix(
        (
            np.ones(len(neg_r)),
            (np.asarray(neg_r, dtype=np.int64), np.asarray(neg_c, dtype=np.int64)),
        ),
        shape=(n, len(neg_vocab)),
    )
    return Index(
        profiles=tuple(profiles),
        terms=terms,
        params=params,
        matrix=matrix,
        vocab=vocab,
        negated=neg,
        negated_vocab=neg_vocab,
        certifications=tuple(certs),
        materials=tuple(mats),
        regions=tuple(regs),
        capacity=np.array([np.nan if p.capacity is None else p.capacity for p in profiles]),
        lead_time=np.array(
            [np.nan if p.lead_time_days is None else p.lead_time_days for p in profiles]
        ),
        rows=rows,
    )
