"""``suigang bench matching``: NDCG@10 of the matching engine and its baselines, and its speed.

Quality: the evaluation set shipped in ``bench/data/matching`` (80 profiles, 58 queries graded
0–3; see docs/matching.md) or any pair of files in the same format (``--corpus``,
``--queries`` with a ``relevance`` object and a ``lang`` per query). NDCG@10 uses linear
gains (the grade) and the ideal ranking of all graded profiles, as trec_eval's ``ndcg_cut``.

Speed (``--profiles N``): N synthetic profiles are indexed once (build time), then the set's
queries are searched ``--rounds`` times; per-query latency percentiles are reported with and
without the explanations.
"""

from __future__ import annotations

import json
import math
import statistics
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer

LANGS = ("en", "zh-Hans", "zh-Hant", "mixed")


def load_set(
    corpus: Path | None, queries: Path | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    data = resources.files("suigang.bench").joinpath("data/matching")
    c_text = (
        corpus.read_text("utf-8") if corpus else data.joinpath("corpus.jsonl").read_text("utf-8")
    )
    q_text = (
        queries.read_text("utf-8") if queries else data.joinpath("queries.jsonl").read_text("utf-8")
    )
    docs = [json.loads(line) for line in c_text.splitlines() if line.strip()]
    qs = [json.loads(line) for line in q_text.splitlines() if line.strip()]
    for n, q in enumerate(qs, start=1):
        if not isinstance(q.get("relevance"), dict):
            raise ValueError(f"queries line {n}: no 'relevance' object of graded ids")
    return docs, qs


def ndcg(ranked: list[str], relevance: dict[str, int], k: int = 10) -> float:
    """NDCG@k with linear gains; 0 when nothing is relevant."""
    dcg = sum(relevance.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(relevance.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def engine_ranker(docs: list[dict[str, Any]]) -> Callable[[str], list[str]]:
    from suigang.engines.matching import Profile, Query, build_index, search

    index = build_index(
        [Profile(id=str(d["id"]), text=d["text"], name=d.get("name") or "") for d in docs]
    )
    return lambda q: [h.profile_id for h in search(index, Query(q, top=10, explain=False)).hits]


def baseline_ranker(docs: list[dict[str, Any]], name: str) -> Callable[[str], list[str]]:
    from suigang.bench._matching_baselines import TOKENIZERS, Bm25

    texts = [f"{d.get('name') or ''}\n{d['text']}" for d in docs]
    ids = [str(d["id"]) for d in docs]
    bm25 = Bm25(texts, TOKENIZERS[name])
    return lambda q: [ids[i] for i in bm25.rank(q, 10)]


def quality_table(docs: list[dict[str, Any]], qs: list[dict[str, Any]]) -> list[str]:
    from suigang.bench._matching_baselines import TOKENIZERS

    rankers = {name: baseline_ranker(docs, name) for name in TOKENIZERS}
    rankers["engine"] = engine_ranker(docs)
    langs = [lang for lang in LANGS if any(q.get("lang") == lang for q in qs)]
    counts = {lang: sum(q.get("lang") == lang for q in qs) for lang in langs}
    head = "".join(f"{lang} ({counts[lang]}):".rjust(15) for lang in langs)
    lines = [f"{'NDCG@10':<30}{head}{f'all ({len(qs)}):'.rjust(12)}"]
    for name, ranker in rankers.items():
        per: dict[str, list[float]] = {lang: [] for lang in langs}
        every: list[float] = []
        for q in qs:
            value = ndcg(ranker(q["query"]), {str(k): int(v) for k, v in q["relevance"].items()})
            every.append(value)
            if q.get("lang") in per:
                per[q["lang"]].append(value)
        cells = "".join(f"{statistics.fmean(per[lang]):15.3f}" for lang in langs)
        lines.append(f"{name:<30}{cells}{statistics.fmean(every):12.3f}")
    return lines


def speed_lines(n_profiles: int, qs: list[dict[str, Any]], rounds: int, load_s: float) -> list[str]:
    from suigang.bench._matching_synth import profiles
    from suigang.engines.matching import Query, build_index, search
    from suigang.engines.matching.terms import lexicon

    cut = lexicon().cut
    before = cut.cache_info()
    synthetic = profiles(n_profiles)
    chars = statistics.fmean(len(p.text) for p in synthetic)
    start, cpu = time.perf_counter(), time.process_time()
    index = build_index(synthetic)
    build_s, build_cpu = time.perf_counter() - start, time.process_time() - cpu
    after = cut.cache_info()
    runs = (after.hits - before.hits) + (after.misses - before.misses)
    lines = [
        f"{n_profiles} synthetic profiles, mean {chars:.0f} chars, {len(index.vocab)} features",
        f"  dictionary and segmenter load {load_s:6.2f} s (once per process)",
        f"  index build                   {build_s:6.2f} s (CPU time {build_cpu:.2f} s)",
        f"    Chinese runs segmented {runs}, of which cached {after.hits - before.hits}",
    ]
    for explain in (True, False):
        times: list[float] = []
        for _ in range(rounds):
            for q in qs:
                t0 = time.perf_counter()
                search(index, Query(q["query"], top=10, explain=explain))
                times.append((time.perf_counter() - t0) * 1e3)
        times.sort()
        p95 = times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)]
        label = "with explanations" if explain else "ids only"
        lines.append(
            f"  query {label:<18} p50 {statistics.median(times):6.2f} ms  p95 {p95:6.2f} ms"
            f"  max {times[-1]:6.2f} ms  ({len(times)} queries)"
        )
    return lines


def register(bench_app: typer.Typer) -> None:
    @bench_app.command("matching")
    def bench_matching(
        profiles: Annotated[
            int, typer.Option(help="also time indexing and search over N synthetic profiles")
        ] = 0,
        rounds: Annotated[int, typer.Option(help="passes over the queries when timing")] = 3,
        corpus: Annotated[Path | None, typer.Option(help="another corpus (JSON Lines)")] = None,
        queries: Annotated[
            Path | None, typer.Option(help="its graded queries (qid, query, lang, relevance)")
        ] = None,
    ) -> None:
        """NDCG@10 per language for the engine and three BM25 baselines; speed with --profiles."""
        from suigang.bench._machine import machine_line

        if profiles < 0 or rounds < 1:
            typer.echo("--profiles must be >= 0 and --rounds >= 1", err=True)
            raise typer.Exit(2)
        try:
            docs, qs = load_set(corpus, queries)
        except (OSError, ValueError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        from suigang.engines.matching.terms import lexicon

        start = time.perf_counter()
        lexicon()  # the dictionary compiled and jieba loaded: once per process
        load_s = time.perf_counter() - start
        typer.echo(machine_line())
        typer.echo(f"evaluation set: {len(docs)} profiles, {len(qs)} graded queries")
        for line in quality_table(docs, qs):
            typer.echo(line)
        if profiles:
            for line in speed_lines(profiles, qs, rounds, load_s):
                typer.echo(line)
