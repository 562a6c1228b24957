"""``suigang inspect``: the commands end to end on tiny generated images, and bad input."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engines" / "vision"))
from suigang.cli import app
from tests.engines.vision.vision_synth import board, shifted, texture, with_blob

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, ["inspect", *args])


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """good/ (6 textures), test/good (2), test/defect (2 with masks beside), and a model."""
    root = tmp_path_factory.mktemp("inspect")
    for name in ("good", "test_good", "test_defect"):
        (root / name).mkdir()
    for k in range(6):
        cv2.imwrite(str(root / "good" / f"g{k}.png"), texture(k))
    for k in range(2):
        cv2.imwrite(str(root / "test_good" / f"t{k}.png"), texture(50 + k))
        img, mask = with_blob(texture(60 + k), (20 + 20 * k, 30), 6)
        cv2.imwrite(str(root / "test_defect" / f"d{k}.jpg"), img, [cv2.IMWRITE_JPEG_QUALITY, 98])
        cv2.imwrite(str(root / "test_defect" / f"d{k}.png"), mask.astype(np.uint8) * 255)
    result = invoke(
        "fit",
        "--good",
        str(root / "good"),
        "--out",
        str(root / "m.npz"),
        "--short-side",
        "128",
        "--threads",
        "1",
    )
    assert result.exit_code == 0, result.output
    return root


def test_fit_reports_bank_and_holdout(data: Path) -> None:
    """6 good images: 1 held out (10 % rounded, at least one), 5 in the bank."""
    assert (data / "m.npz").is_file()
    result = invoke(
        "fit", "--good", str(data / "good"), "--out", str(data / "m2.npz"), "--short-side", "128"
    )
    assert "from 5 images" in result.output
    assert "from 1 held-out images" in result.output


def test_fit_notes_near_duplicate_shots(data: Path, tmp_path: Path) -> None:
    """good/ plus a brighter, higher-contrast copy of g0.png: one pair of shots of one part, so
    2 of 7 images are near-duplicates (a gain and an offset do not hide a copy); none in good/."""
    shots = tmp_path / "shots"
    shots.mkdir()
    for path in (data / "good").iterdir():
        (shots / path.name).write_bytes(path.read_bytes())
    again = np.clip(texture(0).astype(np.float32) * 1.2 + 10, 0, 255).astype(np.uint8)
    cv2.imwrite(str(shots / "g0_exposure2.png"), again)
    args = ("--out", str(tmp_path / "m.npz"), "--short-side", "128", "--threads", "1")
    result = invoke("fit", "--good", str(shots), *args)
    assert result.exit_code == 0, result.output
    assert "note: 2 of 7 good images are near-duplicates" in result.stderr
    assert "note:" not in invoke("fit", "--good", str(data / "good"), *args).stderr


def test_score_json_and_heatmaps(data: Path) -> None:
    """The defective image scores above the good one and each gets a heatmap PNG."""
    heat = data / "heat"
    result = invoke(
        "score",
        "--model",
        str(data / "m.npz"),
        str(data / "test_good" / "t0.png"),
        str(data / "test_defect" / "d0.jpg"),
        "--json",
        "--heatmap",
        str(heat),
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [Path(r["image"]).name for r in rows] == ["t0.png", "d0.jpg"]
    assert rows[1]["score"] > rows[0]["score"]
    assert rows[1]["is_defect"] is True
    assert sorted(p.name for p in heat.iterdir()) == ["d0_heatmap.png", "t0_heatmap.png"]


def test_evaluate_prints_the_four_keys(data: Path) -> None:
    """Masks beside the JPEGs are found; blobs on unseen textures are perfectly separated."""
    result = invoke(
        "evaluate",
        "--model",
        str(data / "m.npz"),
        "--good",
        str(data / "test_good"),
        "--defect",
        str(data / "test_defect"),
        "--json",
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert list(out) == [
        "image_auroc", "pixel_auroc", "n_good", "n_defect", "near_duplicates_of_fit"
    ]  # fmt: skip
    assert (out["image_auroc"], out["n_good"], out["n_defect"]) == (1.0, 2, 2)
    assert out["pixel_auroc"] > 0.9
    # the tested textures (seeds 50, 51, 60, 61) are not shots of the fitted ones (0-5)
    assert out["near_duplicates_of_fit"] == 0
    assert "warning" not in result.stderr


def test_evaluate_warns_of_near_duplicates_of_fitted_images(data: Path, tmp_path: Path) -> None:
    """Tested good images: t0 plus g1 and a re-exposed g2 from the fit set: 2 of the 4 tested
    images (2 good shots of fitted parts, 2 unseen defects) are near-duplicates."""
    good = tmp_path / "good"
    good.mkdir()
    (good / "t0.png").write_bytes((data / "test_good" / "t0.png").read_bytes())
    (good / "g1.png").write_bytes((data / "good" / "g1.png").read_bytes())
    again = np.clip(texture(2).astype(np.float32) * 0.8 + 30, 0, 255).astype(np.uint8)
    cv2.imwrite(str(good / "g2_exposure2.png"), again)
    result = invoke(
        "evaluate", "--model", str(data / "m.npz"), "--good", str(good),
        "--defect", str(data / "test_defect"), "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["near_duplicates_of_fit"] == 2
    assert "warning: 2 of 5 tested images are near-duplicates" in result.stderr


def test_threshold_from_target_rates(data: Path, tmp_path: Path) -> None:
    """Escape rate 0 on 2 unseen good and 2 blob images: the threshold is the highest score
    below the lower defect score, so neither blob escapes; written into a new model file. A
    1% false-alarm rate on the fit's 1 held-out score is its score, with a warning (100 good
    scores are needed to show 1%)."""
    from suigang.engines.vision import Scorer, list_images, load_model, read_image

    model = load_model(data / "m.npz")
    scorer = Scorer(model)
    good = [scorer.score(read_image(f.path)).score for f in list_images(data / "test_good")]
    bad = [scorer.score(read_image(f.path)).score for f in list_images(data / "test_defect")]
    out = tmp_path / "tuned.npz"
    result = invoke(
        "threshold", "--model", str(data / "m.npz"), "--good", str(data / "test_good"),
        "--defect", str(data / "test_defect"), "--escape-rate", "0", "--out", str(out), "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    below = max(v for v in good + bad if v < min(bad))
    assert doc["threshold"] == pytest.approx(below, rel=1e-6)
    assert (doc["escapes"], doc["n_good"], doc["n_defect"]) == (0, 2, 2)
    assert load_model(out).threshold == pytest.approx(below, rel=1e-6)
    assert doc["current"]["threshold"] == model.threshold
    result = invoke("threshold", "--model", str(data / "m.npz"), "--false-alarm-rate", "0.01")
    assert result.exit_code == 0, result.output
    assert f"threshold {model.holdout_scores[0]:.4g} for false alarm rate 1.00%" in result.stdout
    assert "warning: 1 good scores cannot show a false-alarm rate of 1.00%" in result.stderr
    both = invoke(
        "threshold", "--model", str(data / "m.npz"), "--false-alarm-rate", "0.01",
        "--escape-rate", "0.1",
    )  # fmt: skip
    assert both.exit_code == 2 and "give one of --false-alarm-rate" in both.stderr


def test_promote_compares_side_by_side(data: Path) -> None:
    """A model against itself: the same figures on both sides, so it may be promoted."""
    result = invoke(
        "promote", "--current", str(data / "m.npz"), "--candidate", str(data / "m.npz"),
        "--good", str(data / "test_good"), "--defect", str(data / "test_defect"), "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["current"] == doc["candidate"] and doc["promote"] is True
    assert (doc["current"]["image_auroc"], doc["current"]["n_defect"]) == (1.0, 2)


def test_compare_and_evaluate_pcb(tmp_path: Path) -> None:
    """A shifted board with one cut trace: one box; the DeepPCB layout scores F = 1."""
    group = tmp_path / "g1" / "g1"
    notes = tmp_path / "g1" / "g1_not"
    group.mkdir(parents=True)
    notes.mkdir()
    test = board()
    cv2.rectangle(test, (100, 30), (107, 40), 0, -1)
    cv2.imwrite(str(group / "0001_temp.jpg"), board())
    cv2.imwrite(str(group / "0001_test.jpg"), shifted(test, 3, 2))
    (notes / "0001.txt").write_text("92 25 116 48 1\n")
    (tmp_path / "list.txt").write_text("g1/g1/0001.jpg g1/g1_not/0001.txt\n")
    result = invoke(
        "compare",
        "--template",
        str(group / "0001_temp.jpg"),
        "--test",
        str(group / "0001_test.jpg"),
        "--json",
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["registration"] == "ecc"
    assert [b["polarity"] for b in out["boxes"]] == ["darker"]
    result = invoke(
        "evaluate-pcb", "--root", str(tmp_path), "--list", str(tmp_path / "list.txt"), "--json"
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["precision"], out["recall"], out["f_score"]) == (1.0, 1.0, 1.0)
    # learned on this one labelled pair, the classifier keeps the open and names its type
    args = ("--root", str(tmp_path), "--list", str(tmp_path / "list.txt"))
    result = invoke("fit-pcb", *args, "--out", str(tmp_path / "clf.npz"))
    assert result.exit_code == 0, result.output
    assert "1 candidate regions from 1 pairs" in result.stdout
    result = invoke("evaluate-pcb", *args, "--classifier", str(tmp_path / "clf.npz"), "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["f_score"] == 1.0
    assert out["by_type"]["open"] == {"precision": 1.0, "recall": 1.0, "f_score": 1.0, "n_truth": 1}


def test_bad_input_exits_2_with_a_message(data: Path, tmp_path: Path) -> None:
    """Empty directory, unreadable image, model of another version: a message and exit 2."""
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke("fit", "--good", str(empty), "--out", str(tmp_path / "x.npz"))
    assert result.exit_code == 2
    assert "holds no images" in result.stderr
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG but not really")
    result = invoke("score", "--model", str(data / "m.npz"), str(broken))
    assert result.exit_code == 2
    assert "broken.png cannot be decoded" in result.stderr
    with np.load(data / "m.npz") as f:
        header = json.loads(bytes(f["header"]).decode())
        bank = f["bank"]
    header["format_version"] = 99
    old = tmp_path / "old.npz"
    np.savez(old, header=np.frombuffer(json.dumps(header).encode(), np.uint8), bank=bank)
    result = invoke("score", "--model", str(old), str(data / "test_good" / "t0.png"))
    assert result.exit_code == 2
    assert "written by format 99" in result.stderr
    assert "Traceback" not in result.output
    # 64 px with three levels would make the coarsest 16 px: refused before reading images
    result = invoke(
        "fit", "--good", str(data / "good"), "--out", str(tmp_path / "y.npz"), "--short-side", "64"
    )
    assert result.exit_code == 2
    assert "short side >= 32 px, got (64, 32, 16)" in result.stderr
    assert not (tmp_path / "y.npz").exists()
