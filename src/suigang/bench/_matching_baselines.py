"""The baselines the matching engine is compared with: plain BM25 over three kinds of tokens.

- ``words``: BM25 over words as written (lower case; a run of Chinese characters is one word);
- ``chars``: BM25 over Latin words plus Chinese characters and character bigrams;
- ``chars+fold``: the same after folding Traditional to Simplified (OpenCC hk2s).

None of them uses the term dictionary, stemming or negation, so none crosses between English
and Chinese.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

_WORD = re.compile(r"\w+")
_PIECE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\W_]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


def chars(text: str) -> list[str]:
    out: list[str] = []
    for piece in _PIECE.findall(unicodedata.normalize("NFKC", text).lower()):
        if _HAN.fullmatch(piece):
            out.extend(piece)
            out.extend(piece[i : i + 2] for i in range(len(piece) - 1))
        else:
            out.append(piece)
    return out


def chars_folded(text: str) -> list[str]:
    from suigang.engines.matching.text import normalize

    return chars(normalize(text))


TOKENIZERS: dict[str, Callable[[str], list[str]]] = {
    "bm25 words": words,
    "bm25 chars+bigrams": chars,
    "bm25 chars+bigrams, folded": chars_folded,
}


class Bm25:
    """Okapi BM25 (k1 1.2, b 0.75, Lucene's idf) over one tokenizer's tokens."""

    def __init__(self, docs: Sequence[str], tokenize: Callable[[str], list[str]]) -> None:
        from scipy import sparse

        self.tokenize = tokenize
        self.vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[int] = []
        lengths = np.zeros(len(docs))
        for r, doc in enumerate(docs):
            counts = Counter(tokenize(doc))
            lengths[r] = sum(counts.values())
            for tok, tf in counts.items():
                rows.append(r)
                cols.append(self.vocab.setdefault(tok, len(self.vocab)))
                tfs.append(tf)
        n = len(docs)
        rr, cc, tf_ = np.array(rows), np.array(cols), np.array(tfs, dtype=float)
        df = np.bincount(cc, minlength=len(self.vocab))
        idf = np.log1p((n - df + 0.5) / (df + 0.5))
        avg = max(lengths.mean(), 1e-9) if n else 1.0
        k1, b = 1.2, 0.75
        w = idf[cc] * tf_ * (k1 + 1) / (tf_ + k1 * (1 - b + b * lengths[rr] / avg))
        self.matrix = sparse.csc_matrix((w, (rr, cc)), shape=(n, len(self.vocab)))

    def rank(self, query: str, top: int) -> list[int]:
        counts = Counter(t for t in self.tokenize(query) if t in self.vocab)
        if not counts:
            return []
        cols = [self.vocab[t] for t in counts]
        scores = np.asarray(self.matrix[:, cols] @ np.array(list(counts.values()), dtype=float))
        scores = scores.ravel()
        hits = np.nonzero(scores > 0)[0]
        order = np.lexsort((hits, -scores[hits]))[:top]
        return [int(i) for i in hits[order]]
