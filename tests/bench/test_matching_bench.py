"""``suigang bench matching``: NDCG arithmetic and the report's shape (figures not asserted)."""

from __future__ import annotations

import math

from typer.testing import CliRunner

from suigang.bench._matching_baselines import chars, words
from suigang.bench.matching import load_set, ndcg
from suigang.cli import app


def test_ndcg_with_linear_gains() -> None:
    """Perfect order is 1; grades 3,0 ranked 0,3 give (3/log2 3) / 3; nothing relevant is 0."""
    assert ndcg(["a", "b"], {"a": 3, "b": 1}) == 1.0
    assert math.isclose(ndcg(["x", "a"], {"a": 3}), 1 / math.log2(3))
    assert ndcg(["a"], {}) == 0.0


def test_baseline_tokenizers() -> None:
    """Plain words keep a Chinese run whole; the character tokenizer adds characters and
    bigrams of each run."""
    assert words("CNC 燒焊支架") == ["cnc", "燒焊支架"]
    assert chars("CNC 燒焊支") == ["cnc", "燒", "焊", "支", "燒焊", "焊支"]


def test_shipped_set_has_the_announced_size() -> None:
    """80 profiles; 58 queries, a third or so each in English, 简体 and 繁體, and 6 mixed."""
    docs, qs = load_set(None, None)
    assert len(docs) == 80
    langs = [q["lang"] for q in qs]
    assert (langs.count("en"), langs.count("zh-Hans"), langs.count("zh-Hant")) == (18, 17, 17)
    assert langs.count("mixed") == 6


def test_bench_prints_one_row_per_method() -> None:
    """Machine line, set line, header, then the three baselines and the engine."""
    result = CliRunner().invoke(app, ["bench", "matching"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1] == "evaluation set: 80 profiles, 58 graded queries"
    assert lines[2].split() == [
        "NDCG@10",
        "en",
        "(18):",
        "zh-Hans",
        "(17):",
        "zh-Hant",
        "(17):",
        "mixed",
        "(6):",
        "all",
        "(58):",
    ]
    assert [line[:30].strip() for line in lines[3:7]] == [
        "bm25 words",
        "bm25 chars+bigrams",
        "bm25 chars+bigrams, folded",
        "engine",
    ]
