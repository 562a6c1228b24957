"""DeepPCB for ``suigang bench inspection``: template comparison on every trainval pair, and a
candidate classifier learned on some boards and evaluated on boards held back whole."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from suigang.bench._inspection_common import _every, _log


def run_deeppcb(root: Path) -> dict[str, Any]:
    """Template comparison on every pair of DeepPCB's trainval list."""
    from suigang.engines.vision import CompareConfig, evaluate_pcb, read_pair_list

    data = root / "PCBData" if (root / "PCBData").is_dir() else root
    pairs = read_pair_list(data, data / "trainval.txt")
    _log(f"DeepPCB: {len(pairs)} pairs")
    start = time.perf_counter()
    result = evaluate_pcb(
        pairs,
        CompareConfig(box_margin=10),
        progress=_every(200, "compared"),
    )
    seconds = time.perf_counter() - start
    return {
        "n_pairs": result.n_pairs,
        "precision": result.precision,
        "recall": result.recall,
        "pcb_f_score": result.f_score,
        "ms_per_pair": round(1000 * seconds / max(1, result.n_pairs), 1),
    }


def split_pcb_groups(groups: Sequence[str]) -> tuple[list[str], list[str]]:
    """DeepPCB groups (boards) to learn from and to hold back: in sorted order every third
    group (index % 3 == 2) is held back whole, so no board is on both sides."""
    ordered = sorted(set(groups))
    return (
        [g for i, g in enumerate(ordered) if i % 3 != 2],
        [g for i, g in enumerate(ordered) if i % 3 == 2],
    )


def run_deeppcb_learned(root: Path, *, seed: int, limit: int | None = None) -> dict[str, Any]:
    """A candidate classifier learned on DeepPCB's labelled pairs of some boards, evaluated
    on the held-back boards' pairs beside template comparison alone (same candidates)."""
    from suigang.engines.vision import CompareConfig, read_pair_list
    from suigang.engines.vision.pcb_learn import (
        PCB_TYPES,
        evaluate_typed,
        pair_candidates,
        read_typed_annotations,
        train_classifier,
    )

    data = root / "PCBData" if (root / "PCBData").is_dir() else root
    lines = (data / "trainval.txt").read_text(encoding="utf-8").split()
    annotations = [data / a for a in lines[1::2]]
    pairs = read_pair_list(data, data / "trainval.txt")
    if limit is not None:
        pairs, annotations = pairs[:limit], annotations[:limit]
    group_of = [p.test.relative_to(data).parts[0] for p in pairs]
    fit_groups, test_groups = split_pcb_groups(group_of)
    _log(f"DeepPCB, learned: fit on boards {fit_groups}, hold back {test_groups}")
    config = CompareConfig(box_margin=10)
    start = time.perf_counter()
    candidates = []
    for k, (pair, ann) in enumerate(zip(pairs, annotations, strict=True)):
        candidates.append(
            pair_candidates(pair.template, pair.test, read_typed_annotations(ann), config)
        )
        if (k + 1) % 200 == 0:
            _log(f"  compared {k + 1}/{len(pairs)}")
    compare_seconds = time.perf_counter() - start
    train = [c for c, g in zip(candidates, group_of, strict=True) if g in fit_groups]
    held = [c for c, g in zip(candidates, group_of, strict=True) if g in test_groups]
    start = time.perf_counter()
    classifier = train_classifier(train, seed=seed)
    train_seconds = time.perf_counter() - start
    plain = evaluate_typed(held, None)
    learned = evaluate_typed(held, classifier)
    out: dict[str, Any] = {
        "fit_boards": fit_groups,
        "held_back_boards": test_groups,
        "n_fit_pairs": len(train),
        "n_held_back_pairs": len(held),
        "n_train_candidates": classifier.n_train,
        "comparison_only_precision": plain.overall.precision,
        "comparison_only_recall": plain.overall.recall,
        "comparison_only_f_score": plain.overall.f_score,
        "precision": learned.overall.precision,
        "recall": learned.overall.recall,
        "pcb_f_score": learned.overall.f_score,
        "ms_per_pair": round(1000 * compare_seconds / max(1, len(pairs)), 1),
        "classifier_train_seconds": round(train_seconds, 1),
    }
    for name in PCB_TYPES.values():
        m = learned.by_type[name]
        out[f"{name}.precision"] = m.precision
        out[f"{name}.recall"] = m.recall
        out[f"{name}.f_score"] = m.f_score
        out[f"{name}.n_truth"] = m.n_truth
    return out
