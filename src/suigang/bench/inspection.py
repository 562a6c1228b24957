"""``suigang bench inspection``: anomaly detection on magnetic tile, template comparison on DeepPCB.

Magnetic tile: a seeded share of the good images (``MT_Free``) is used to fit; the model is
evaluated on the remaining good images plus every defect class (image and pixel AUROC, fit
time, median score time per image). DeepPCB: every pair of the trainval list is compared with
its template and matched to the annotations at IoU > 0.33 (precision, recall, F-score).
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from typing import Any

import typer

MT_DEFECT_CLASSES = ("MT_Blowhole", "MT_Break", "MT_Crack", "MT_Fray", "MT_Uneven")
TARGETS = {
    "image_auroc": 0.90,
    "pixel_auroc": 0.93,
    "fit_seconds": 600.0,
    "score_ms_median": 300.0,
    "pcb_f_score": 0.90,
}


def _log(message: str) -> None:
    typer.echo(message, err=True)


def run_magnetic_tile(root: Path, *, seed: int, fit_fraction: float) -> dict[str, Any]:
    """Fit on a seeded share of MT_Free, evaluate on the rest and all defect classes."""
    import numpy as np

    from suigang.engines.vision import (
        PatchCoreConfig,
        auroc,
        evaluate,
        fit,
        list_images,
        read_image,
        read_mask,
    )

    good = list_images(root / "MT_Free" / "Imgs")
    order = np.random.default_rng(seed).permutation(len(good))
    n_fit = round(fit_fraction * len(good))
    fit_files = [good[i] for i in order[:n_fit]]
    test_good = [good[i] for i in order[n_fit:]]
    by_class = [(c, list_images(root / c / "Imgs")) for c in MT_DEFECT_CLASSES]
    defects = [f for _, files in by_class for f in files]
    _log(
        f"magnetic tile: fit on {len(fit_files)} good, test on {len(test_good)} good + "
        f"{len(defects)} defective"
    )
    fit_images = [read_image(f.path) for f in fit_files]
    start = time.perf_counter()
    model = fit(
        fit_images,
        PatchCoreConfig(seed=seed),
        progress=lambda d, t: d % 50 == 0 and _log(f"  fit {d}/{t}"),
    )
    fit_seconds = time.perf_counter() - start
    del fit_images
    good_imgs = [read_image(f.path) for f in test_good]
    defect_imgs = [read_image(f.path) for f in defects]
    masks = [
        read_mask(f.mask, img.shape[:2]) if f.mask else None
        for f, img in zip(defects, defect_imgs, strict=True)
    ]
    result = evaluate(
        model,
        good_imgs,
        defect_imgs,
        masks,
        pixel_stride=2,
        progress=lambda d, t: d % 100 == 0 and _log(f"  scored {d}/{t}"),
    )
    per_class = {}
    start_at = 0
    for name, files in by_class:  # image AUROC of the test good images against one class
        scores = result.defect_scores[start_at : start_at + len(files)]
        start_at += len(files)
        per_class[f"image_auroc_{name.removeprefix('MT_').lower()}"] = auroc(
            [*result.good_scores, *scores], [0] * len(result.good_scores) + [1] * len(scores)
        )
    return {
        "n_fit": len(fit_files),
        "n_bank_fit": model.n_fit,
        "n_good": result.n_good,
        "n_defect": result.n_defect,
        "image_auroc": result.image_auroc,
        "pixel_auroc": result.pixel_auroc,
        "fit_seconds": round(fit_seconds, 1),
        "score_ms_median": round(1000 * statistics.median(result.score_seconds), 1),
        "threshold": round(result.threshold, 4),
        "false_alarms": result.false_alarms,
        "detected": result.detected,
        "bank_size": int(model.bank.shape[0]),
        **per_class,
    }


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
        progress=lambda d, t: d % 200 == 0 and _log(f"  compared {d}/{t}"),
    )
    seconds = time.perf_counter() - start
    return {
        "n_pairs": result.n_pairs,
        "precision": result.precision,
        "recall": result.recall,
        "pcb_f_score": result.f_score,
        "ms_per_pair": round(1000 * seconds / max(1, result.n_pairs), 1),
    }


def register(bench_app: typer.Typer) -> None:
    """Add ``suigang bench inspection``."""

    @bench_app.command("inspection")
    def inspection(
        mt_root: Path = typer.Option(
            Path("../shared/datasets/magnetic_tile"), help="Magnetic-tile data set root."
        ),
        pcb_root: Path = typer.Option(
            Path("../shared/datasets/deeppcb"), help="DeepPCB root (holding PCBData)."
        ),
        seed: int = typer.Option(0, help="Seed of the fit/test split and the coreset."),
        fit_fraction: float = typer.Option(0.5, help="Share of good images used to fit."),
        threads: int = typer.Option(2, help="Torch threads."),
        skip_mt: bool = typer.Option(False, help="Skip magnetic tile."),
        skip_pcb: bool = typer.Option(False, help="Skip DeepPCB."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Magnetic tile AUROCs and timings, DeepPCB F-score; targets from issue 4."""
        import torch

        from suigang.bench._machine import machine_line

        torch.set_num_threads(threads)
        report: dict[str, Any] = {"machine": machine_line(), "seed": seed, "threads": threads}
        for name, root, skip in (
            ("magnetic_tile", mt_root, skip_mt),
            ("deeppcb", pcb_root, skip_pcb),
        ):
            if skip:
                continue
            if not root.is_dir():
                typer.echo(f"error: {name} data not found at {root}", err=True)
                raise typer.Exit(2)
            report[name] = (
                run_magnetic_tile(root, seed=seed, fit_fraction=fit_fraction)
                if name == "magnetic_tile"
                else run_deeppcb(root)
            )
        if as_json:
            typer.echo(json.dumps(report, indent=2))
            return
        typer.echo(report["machine"])
        for section in ("magnetic_tile", "deeppcb"):
            for key, value in report.get(section, {}).items():
                target = TARGETS.get(key)
                mark = ""
                if target is not None and isinstance(value, float):
                    ok = value <= target if key.endswith(("seconds", "median")) else value >= target
                    mark = f"   (target {'≤' if key.endswith(('seconds', 'median')) else '≥'} "
                    mark += f"{target}: {'met' if ok else 'NOT met'})"
                typer.echo(f"{section}.{key}: {value}{mark}")
