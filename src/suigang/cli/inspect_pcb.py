"""``suigang inspect compare|evaluate-pcb|fit-pcb|promote``: golden-template comparison, the
PCB candidate classifier and promoting a retrained model (on the ``inspect`` group)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from suigang.cli._common import JsonFlag
from suigang.cli._inspect_common import (
    _clear_errors,
    _print_json,
    _progress,
    _test_images,
    _threads,
    inspect_app,
)


def _box_json(box: Any) -> dict[str, Any]:
    return {
        "x1": box.x1,
        "y1": box.y1,
        "x2": box.x2,
        "y2": box.y2,
        "area": box.area,
        "polarity": str(box.polarity),
        "contrast": round(box.contrast, 3),
    }


@inspect_app.command("compare")
def compare_cmd(
    template: Path = typer.Option(..., "--template", help="Defect-free template image."),
    test: Path = typer.Option(..., "--test", help="Image of the part to inspect."),
    as_json: JsonFlag = False,
    motion: str = typer.Option("affine", help="none|translation|euclidean|affine|homography."),
    box_margin: int = typer.Option(2, help="Pixels added around each defect box."),
) -> None:
    """Register a part to its golden template and list the defect boxes."""
    from suigang.engines.vision import CompareConfig, compare, read_image

    with _clear_errors():
        config = CompareConfig(motion=motion, box_margin=box_margin)  # type: ignore[arg-type]
        result = compare(read_image(template, gray=True), read_image(test, gray=True), config)
    data = {
        "template": str(template),
        "test": str(test),
        "registration": str(result.registration),
        "transform": [list(row) for row in result.transform],
        "is_defect": result.is_defect,
        "boxes": [_box_json(b) for b in result.boxes],
    }
    if as_json:
        _print_json(data)
        return
    typer.echo(f"registration {data['registration']}: {len(result.boxes)} defect box(es)")
    for b in result.boxes:
        typer.echo(f"  ({b.x1}, {b.y1})-({b.x2}, {b.y2}) area {b.area} {b.polarity}")


@inspect_app.command("evaluate-pcb")
def evaluate_pcb_cmd(
    root: Path = typer.Option(..., "--root", help="Data root (DeepPCB: the PCBData folder)."),
    list_file: Path = typer.Option(..., "--list", help="Pair list, e.g. PCBData/trainval.txt."),
    as_json: JsonFlag = False,
    box_margin: int = typer.Option(
        10, help="Pixels added around each box (DeepPCB boxes enclose defects by about 10 px)."
    ),
    limit: int = typer.Option(0, help="Use only the first N pairs (0: all)."),
    classifier: Path | None = typer.Option(
        None, "--classifier", help="Candidate classifier written by 'fit-pcb'."
    ),
) -> None:
    """Precision, recall and F-score of template comparison at IoU > 0.33; with
    --classifier, of the candidates it keeps, overall and per defect type."""
    from suigang.engines.vision import CompareConfig, evaluate_pcb, read_pair_list

    if classifier is not None:
        from suigang.engines.vision.pcb_learn import (
            collect_candidates,
            evaluate_typed,
            load_classifier,
            read_typed_pairs,
        )

        with _clear_errors():
            clf = load_classifier(classifier)
            typed = read_typed_pairs(root, list_file)
            if limit > 0:
                typed = typed[:limit]
            with _progress("comparing pairs") as update:
                cands = collect_candidates(typed, CompareConfig(box_margin=box_margin), update)
        ev = evaluate_typed(cands, clf)
        doc: dict[str, Any] = {
            "precision": ev.overall.precision,
            "recall": ev.overall.recall,
            "f_score": ev.overall.f_score,
            "min_iou": 0.33,
            "n_pairs": ev.n_pairs,
            "by_type": {
                name: {"precision": m.precision, "recall": m.recall, "f_score": m.f_score,
                       "n_truth": m.n_truth}
                for name, m in ev.by_type.items()
            },
        }  # fmt: skip
        if as_json:
            _print_json(doc)
            return
        for key, value in doc.items():
            if key == "by_type":
                for name, m in value.items():
                    typer.echo(f"{name}: " + ", ".join(f"{k} {v}" for k, v in m.items()))
                continue
            typer.echo(f"{key}: {value}")
        return

    with _clear_errors():
        pairs = read_pair_list(root, list_file)
        if limit > 0:
            pairs = pairs[:limit]
        with _progress("comparing pairs") as update:
            result = evaluate_pcb(pairs, CompareConfig(box_margin=box_margin), progress=update)
    data = {
        "precision": result.precision,
        "recall": result.recall,
        "f_score": result.f_score,
        "min_iou": 0.33,
        "n_pairs": result.n_pairs,
        "true_positives": result.true_positives,
        "n_predicted": result.n_predicted,
        "n_truth": result.n_truth,
    }
    if as_json:
        _print_json(data)
        return
    for key, value in data.items():
        typer.echo(f"{key}: {value}")


@inspect_app.command("promote")
def promote_cmd(
    current_path: Path = typer.Option(..., "--current", help="The model in use."),
    candidate_path: Path = typer.Option(..., "--candidate", help="The retrained model."),
    good: Path = typer.Option(..., "--good", help="Held-out good images (neither fitted on)."),
    defect: Path = typer.Option(..., "--defect", help="Held-out defective images."),
    masks: Path | None = typer.Option(None, "--masks", help="Their masks (default: beside)."),
    tolerance: float = typer.Option(
        0.0, help="AUROC the candidate may lose and still count as no worse."
    ),
    as_json: JsonFlag = False,
    threads: int = typer.Option(0, help="Torch threads (0: library default)."),
) -> None:
    """Both models side by side on the same held-out images (image and pixel AUROC, false
    alarms and detections at each one's threshold), and whether the candidate may replace
    the current one (no worse on every figure). Exits 1 when it may not."""
    from dataclasses import asdict

    from suigang.engines.vision import load_model
    from suigang.engines.vision.promotion import compare_versions

    _threads(threads)
    with _clear_errors():
        current, candidate = load_model(current_path), load_model(candidate_path)
        good_imgs, defect_imgs, defect_masks = _test_images(good, defect, masks)
        c = compare_versions(
            current, candidate, good_imgs, defect_imgs, defect_masks, tolerance=tolerance
        )
    doc: dict[str, Any] = {
        "current": asdict(c.current),
        "candidate": asdict(c.candidate),
        "promote": c.promote,
        "reasons": list(c.reasons),
    }
    if as_json:
        _print_json(doc)
    else:
        for key in ("image_auroc", "pixel_auroc", "false_alarms", "detected"):
            typer.echo(f"{key}: current {doc['current'][key]}, candidate {doc['candidate'][key]}")
        typer.echo("promote: yes" if c.promote else "promote: no (" + "; ".join(c.reasons) + ")")
    if not c.promote:
        raise typer.Exit(1)


@inspect_app.command("fit-pcb")
def fit_pcb_cmd(
    root: Path = typer.Option(..., "--root", help="Data root (DeepPCB: the PCBData folder)."),
    list_file: Path = typer.Option(..., "--list", help="Pairs with typed annotations to learn."),
    out: Path = typer.Option(..., "--out", help="Classifier file to write (.npz)."),
    box_margin: int = typer.Option(10, help="Pixels added around each candidate box."),
    seed: int = typer.Option(0, help="Seed of the classifier's initial weights."),
) -> None:
    """Learn from labelled pairs which template-comparison regions are real defects (and of
    which type) and which are registration noise."""
    from suigang.engines.vision import CompareConfig
    from suigang.engines.vision.pcb_learn import (
        collect_candidates,
        read_typed_pairs,
        save_classifier,
        train_classifier,
    )

    with _clear_errors():
        typed = read_typed_pairs(root, list_file)
        with _progress("comparing pairs") as update:
            cands = collect_candidates(typed, CompareConfig(box_margin=box_margin), update)
        clf = train_classifier(cands, seed=seed)
        save_classifier(clf, out)
    typer.echo(f"classifier {out}: {clf.n_train} candidate regions from {len(typed)} pairs")
