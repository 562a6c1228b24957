"""``suigang inspect ...``: fit, score, evaluate and tune inspection models (the template
comparison, PCB and promotion commands are in ``inspect_pcb``)."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import typer

from suigang.cli._common import JsonFlag
from suigang.cli._inspect_common import (
    _clear_errors,
    _fail,
    _print_json,
    _progress,
    _test_images,
    _threads,
    inspect_app,
)


@inspect_app.command("fit")
def fit_cmd(
    good: Path = typer.Option(..., "--good", help="Directory of good (defect-free) images."),
    out: Path = typer.Option(..., "--out", help="Model file to write (.npz)."),
    defect: Path | None = typer.Option(
        None, "--defect", help="Directory of labelled defective images (mixed supervision)."
    ),
    masks: Path | None = typer.Option(
        None,
        "--masks",
        help="Masks of the defective images: PNGs named like them, non-zero = defect "
        "(default: beside the images).",
    ),
    head_weight: float = typer.Option(
        1.0, "--head-weight", help="Weight of the learned head's map against the anomaly map."
    ),
    seed: int = typer.Option(0, help="Seed of the hold-out split and the coreset."),
    short_side: int = typer.Option(224, help="Images are scaled so their short side is this."),
    levels: int = typer.Option(
        3, min=1, max=3, help="Pyramid levels: the short side, and 1/2 and 1/4 of it."
    ),
    threads: int = typer.Option(0, help="Torch threads (0: library default)."),
) -> None:
    """Learn a model from good parts (10 % held out to set the threshold) and, with --defect,
    from labelled defects too: a segmentation head added to the anomaly map."""
    from collections import Counter

    from suigang.engines.vision import (
        HeadConfig,
        PatchCoreConfig,
        fit,
        list_images,
        near_duplicate_groups,
        read_image,
        read_mask,
        save_model,
    )

    if masks is not None and defect is None:
        _fail("--masks needs --defect")

    _threads(threads)
    with _clear_errors():
        config = PatchCoreConfig(short_side=short_side, scales=(1.0, 0.5, 0.25)[:levels], seed=seed)
        files = list_images(good)
        images = [read_image(f.path) for f in files]
        sizes = Counter(near_duplicate_groups(images))
        shots = sum(n for n in sizes.values() if n > 1)
        if shots:
            typer.echo(
                f"note: {shots} of {len(images)} good images are near-duplicates of another one "
                "(the same part shot again?): held-out images then show parts the model has "
                "seen, so the threshold set from them is likely too low for new parts; fit on "
                "one shot per part",
                err=True,
            )
        defect_imgs = []
        defect_masks = []
        if defect is not None:
            for f in list_images(defect, masks=masks):
                if f.mask is None:
                    _fail(f"defective image {f.path.name} has no mask (a PNG named like it)")
                img = read_image(f.path)
                defect_imgs.append(img)
                defect_masks.append(read_mask(f.mask, img.shape[:2]))
        label = f"fitting on {len(images)} good" + (
            f" and {len(defect_imgs)} labelled defective images" if defect_imgs else " images"
        )
        with _progress(label) as update:
            model = fit(
                images,
                config,
                defect_images=defect_imgs,
                defect_masks=defect_masks,
                head=HeadConfig(weight=head_weight),
                progress=update,
            )
        save_model(model, out)
    head = (
        f"; a segmentation head from {model.head.n_defect} labelled defective images"
        if model.head is not None
        else ""
    )
    typer.echo(
        f"model {out}: {model.bank.shape[0]} bank patches from {model.n_fit} images, "
        f"threshold {model.threshold:.4g} from {len(model.holdout_scores)} held-out images" + head
    )


def _write_heatmap(directory: Path, name: str, image: Any, amap: Any, threshold: float) -> Path:
    import cv2
    import numpy as np

    directory.mkdir(parents=True, exist_ok=True)
    scale = max(float(amap.max()), threshold * 1.5, 1e-6)
    heat = cv2.applyColorMap((np.clip(amap / scale, 0, 1) * 255).astype(np.uint8), cv2.COLORMAP_JET)
    base = image if image.ndim == 3 else np.repeat(image[:, :, None], 3, axis=2)
    overlay = cv2.addWeighted(cv2.cvtColor(base, cv2.COLOR_RGB2BGR), 0.5, heat, 0.5, 0)
    path = directory / f"{name}_heatmap.png"
    if not cv2.imwrite(str(path), overlay):
        _fail(f"cannot write heatmap {path}")
    return path


@inspect_app.command("score")
def score_cmd(
    images: list[Path] = typer.Argument(..., help="Images to score."),
    model_path: Path = typer.Option(..., "--model", help="Model file written by 'fit'."),
    as_json: JsonFlag = False,
    heatmap: Path | None = typer.Option(None, "--heatmap", help="Write heatmap PNGs here."),
    threads: int = typer.Option(0, help="Torch threads (0: library default)."),
) -> None:
    """Score images: image score, threshold and verdict (and heatmaps on request)."""
    from suigang.engines.vision import Scorer, load_model, read_image

    _threads(threads)
    rows = []
    with _clear_errors():
        model = load_model(model_path)
        loaded = [(p, read_image(p)) for p in images]
        scorer = Scorer(model)
        for path, img in loaded:
            result = scorer.score(img)
            row: dict[str, Any] = {
                "image": str(path),
                "score": round(result.score, 6),
                "threshold": round(result.threshold, 6),
                "is_defect": result.is_defect,
            }
            if heatmap is not None:
                row["heatmap"] = str(
                    _write_heatmap(heatmap, path.stem, img, result.anomaly_map, result.threshold)
                )
            rows.append(row)
    if as_json:
        _print_json(rows)
        return
    for row in rows:
        verdict = "DEFECT" if row["is_defect"] else "ok"
        typer.echo(f"{row['image']}\t{row['score']:.4f}\t{verdict}")


@inspect_app.command("evaluate")
def evaluate_cmd(
    model_path: Path = typer.Option(..., "--model", help="Model file written by 'fit'."),
    good: Path = typer.Option(..., "--good", help="Directory of good images."),
    defect: Path = typer.Option(..., "--defect", help="Directory of defective images."),
    masks: Path | None = typer.Option(
        None, "--masks", help="Mask directory (default: PNG masks beside the images)."
    ),
    as_json: JsonFlag = False,
    threads: int = typer.Option(0, help="Torch threads (0: library default)."),
) -> None:
    """Image and pixel AUROC of a model on good and defective images.

    Warns when tested images are near-duplicates of images the model was fitted on (shots of
    a part it has seen): such figures are too good for new parts."""
    from suigang.engines.vision import (
        evaluate,
        load_model,
        near_duplicates_of,
    )

    _threads(threads)
    with _clear_errors():
        model = load_model(model_path)
        good_imgs, defect_imgs, defect_masks = _test_images(good, defect, masks)
        seen: int | None = None
        if model.thumbnails is not None:
            seen = len(near_duplicates_of([*good_imgs, *defect_imgs], model.thumbnails))
        tested = len(good_imgs) + len(defect_imgs)
        if seen:
            typer.echo(
                f"warning: {seen} of {tested} tested images are near-duplicates of an image "
                "the model was fitted on (the same part shot again?): the figures below are "
                "too good for parts the model has not seen; test on other parts",
                err=True,
            )
        elif seen is None:
            typer.echo(
                "note: this model file does not keep its fitted images' thumbnails (format 2), "
                "so near-duplicates of them cannot be told",
                err=True,
            )
        with _progress("scoring") as update:
            result = evaluate(model, good_imgs, defect_imgs, defect_masks, progress=update)
    data: dict[str, Any] = {
        "image_auroc": result.image_auroc,
        "pixel_auroc": result.pixel_auroc,
        "n_good": result.n_good,
        "n_defect": result.n_defect,
        "near_duplicates_of_fit": seen,
    }
    if result.parts:  # a model with a head: each part on its own
        data["parts"] = result.parts
    if as_json:
        _print_json(data)
        return
    for key, value in data.items():
        if isinstance(value, dict):
            for part, figures in value.items():
                for k, v in figures.items():
                    typer.echo(f"{part} part only, {k}: {v if v is not None else 'undefined'}")
            continue
        typer.echo(f"{key}: {value if value is not None else 'undefined'}")


@inspect_app.command("threshold")
def threshold_cmd(
    model_path: Path = typer.Option(..., "--model", help="Model file written by 'fit'."),
    false_alarm_rate: float | None = typer.Option(
        None, "--false-alarm-rate", help="Most good parts flagged, as a share (0.01 = 1%)."
    ),
    escape_rate: float | None = typer.Option(
        None, "--escape-rate", help="Most defective parts let through, as a share (needs --defect)."
    ),
    good: Path | None = typer.Option(
        None,
        "--good",
        help="Good images the model was not fitted on (default: its held-out scores).",
    ),
    defect: Path | None = typer.Option(None, "--defect", help="Defective images."),
    out: Path | None = typer.Option(
        None, "--out", help="Write the model with the chosen threshold here."
    ),
    as_json: JsonFlag = False,
    threads: int = typer.Option(0, help="Torch threads (0: library default)."),
) -> None:
    """A threshold from a target false-alarm rate on good parts or a target escape rate,
    with what it gives beside the model's current threshold."""
    import dataclasses

    from suigang.engines.vision import (
        Scorer,
        choose_threshold,
        list_images,
        load_model,
        outcome,
        read_image,
        save_model,
    )

    if (false_alarm_rate is None) == (escape_rate is None):
        _fail("give one of --false-alarm-rate and --escape-rate")
    if escape_rate is not None and defect is None:
        _fail("--escape-rate needs --defect (defective images to measure escapes on)")
    _threads(threads)
    with _clear_errors():
        model = load_model(model_path)
        scorer = Scorer(model)
        with _progress("scoring") as update:
            good_files = list_images(good) if good is not None else []
            defect_files = list_images(defect) if defect is not None else []
            files = [*good_files, *defect_files]
            scores = []
            for k, f in enumerate(files):
                scores.append(scorer.score(read_image(f.path)).score)
                update(k + 1, len(files))
        good_scores = scores[: len(good_files)] if good is not None else list(model.holdout_scores)
        defect_scores = scores[len(good_files) :]
        target, rate = (
            ("false_alarm_rate", false_alarm_rate)
            if false_alarm_rate is not None
            else ("escape_rate", escape_rate)
        )
        assert rate is not None
        choice = choose_threshold(good_scores, defect_scores, target=target, rate=rate)
    before = outcome(model.threshold, good_scores, defect_scores)
    data = {
        "target": target,
        "rate": rate,
        "good_source": "images" if good is not None else "held-out scores of the fit",
        "n_good": choice.n_good,
        "n_defect": choice.n_defect,
        "threshold": choice.threshold,
        "false_alarms": choice.false_alarms,
        "false_alarm_rate": choice.false_alarm_rate,
        "escapes": choice.escapes,
        "escape_rate": choice.escape_rate,
        "enough_good": choice.enough_good,
        "current": {
            "threshold": model.threshold,
            "false_alarms": before[0],
            "escapes": before[1],
        },
    }
    if out is not None:
        with _clear_errors():
            save_model(dataclasses.replace(model, threshold=choice.threshold), out)
        data["written"] = str(out)
    if not choice.enough_good:
        typer.echo(
            f"warning: {choice.n_good} good scores cannot show a false-alarm rate of "
            f"{rate:.2%}: at least {math.ceil(1 / rate)} are needed",
            err=True,
        )
    if as_json:
        _print_json(data)
        return
    escapes = (
        f", escapes {choice.escapes} of {choice.n_defect} ({choice.escape_rate:.1%})"
        if choice.escapes is not None and choice.escape_rate is not None
        else ""
    )
    typer.echo(
        f"threshold {choice.threshold:.4g} for {target.replace('_', ' ')} {rate:.2%}: "
        f"false alarms {choice.false_alarms} of {choice.n_good} "
        f"({choice.false_alarm_rate:.1%}){escapes}"
    )
    was = f", escapes {before[1]}" if before[1] is not None else ""
    typer.echo(f"current threshold {model.threshold:.4g}: false alarms {before[0]}{was}")
    if out is not None:
        typer.echo(f"model with the new threshold written to {out}")


def register(app: typer.Typer) -> None:
    """Add ``suigang inspect``."""
    app.add_typer(inspect_app, name="inspect")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(inspect_app())
