"""The fit/test split of ``suigang bench inspection`` (the run itself needs the shared data)."""

import pytest

from suigang.bench.inspection import split_good


def test_interleaved_split_tests_every_third_image() -> None:
    # indices 2 and 5 are the ones with index % 3 == 2: tested; the rest fit
    assert split_good(7, split="interleaved", seed=0, fit_fraction=0.5) == ([0, 1, 3, 4, 6], [2, 5])


def test_random_split_is_seeded_and_covers_every_image_once() -> None:
    fit, test = split_good(10, split="random", seed=3, fit_fraction=0.3)
    # round(0.3 * 10) = 3 images fit, the other 7 are tested, none twice
    assert (len(fit), len(test), sorted(fit + test)) == (3, 7, list(range(10)))
    # the same seed gives the same split
    assert split_good(10, split="random", seed=3, fit_fraction=0.3) == (fit, test)


def test_grouped_split_keeps_each_group_on_one_side() -> None:
    groups = [0, 1, 0, 2, 2, 3, 4, 5, 5]
    # groups 2 and 5 (number % 3 == 2) are tested whole: images 3, 4, 7 and 8
    assert split_good(9, split="grouped", seed=0, fit_fraction=0.5, groups=groups) == (
        [0, 1, 2, 5, 6],
        [3, 4, 7, 8],
    )


@pytest.mark.parametrize(
    ("split", "fraction", "groups", "message"),
    [
        ("halves", 0.5, None, "split must be one of interleaved, random, grouped"),
        ("random", 1.0, None, "fit_fraction must be in"),
        ("grouped", 0.5, None, "needs a group for each of the 10 images"),
        ("grouped", 0.5, [0, 1], "needs a group for each of the 10 images"),
    ],
)
def test_bad_split_is_named(
    split: str, fraction: float, groups: list[int] | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        split_good(10, split=split, seed=0, fit_fraction=fraction, groups=groups)


def _tiny_magnetic_tile(root):  # type: ignore[no-untyped-def]
    """MT_Free with 6 tiles, tiles 0 and 1 shot twice (8 images); one blob per defect class."""
    import cv2
    import numpy as np

    from suigang.bench.inspection import MT_DEFECT_CLASSES
    from tests.engines.vision.vision_synth import texture, with_blob

    free = root / "MT_Free" / "Imgs"
    free.mkdir(parents=True)
    for k in range(6):
        cv2.imwrite(str(free / f"t{k}_a.png"), texture(k, 48, 48))
        if k < 2:
            again = np.clip(texture(k, 48, 48).astype(np.float32) * 1.2 + 5, 0, 255)
            cv2.imwrite(str(free / f"t{k}_b.png"), again.astype(np.uint8))
    for j, name in enumerate(MT_DEFECT_CLASSES):
        d = root / name / "Imgs"
        d.mkdir(parents=True)
        img, mask = with_blob(texture(90 + j, 48, 48), (24, 24), 6)
        cv2.imwrite(str(d / "d.jpg"), img, [cv2.IMWRITE_JPEG_QUALITY, 98])
        cv2.imwrite(str(d / "d.png"), mask.astype(np.uint8) * 255)


def test_command_splits_by_group_and_reports_interleaved_beside(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The default is the grouped split (no tile on both sides); the interleaved figure comes
    beside it, labelled, and it has fitted images that are shots of tested tiles."""
    import json

    from typer.testing import CliRunner

    from suigang.bench.inspection import INTERLEAVED_KEY
    from suigang.cli import app

    _tiny_magnetic_tile(tmp_path)
    result = CliRunner().invoke(
        app,
        ["bench", "inspection", "--mt-root", str(tmp_path), "--skip-pcb", "--threads", "1",
         "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    main, beside = report["magnetic_tile"], report[INTERLEAVED_KEY]
    # 8 good images in 6 groups: groups 2 and 5 (t1's two shots are group 1, so t2 is group 2,
    # t5 group 5) tested: 2 images; none of the fitted 6 is a shot of a tested tile
    assert (main["split"], main["n_good_groups"], main["n_good"]) == ("grouped", 6, 2)
    assert main["n_fit_near_duplicate_of_test"] == 0
    assert beside["label"].startswith("interleaved split, for comparison only")
    # name order t0_a t0_b t1_a t1_b t2_a ...: every third tested is t0_b, t2_a: t0_a is fitted
    assert beside["n_fit_near_duplicate_of_test"] == 1
