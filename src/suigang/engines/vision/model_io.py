"""Saving and loading fitted PatchCore models.

A model file is a NumPy ``.npz`` archive (no pickled objects): the memory banks and a JSON
header with a format tag, the file-format version, the engine version, the configuration,
the threshold, the held-out scores, each pyramid level's bank size and held-out map
statistics, and the good maps' spread per place; from format 3 also the thumbnails of the
images it was fitted on (to tell near-duplicates when it is evaluated) and, for a model fitted
with labelled defects, the segmentation head (``head_weights`` and the header's ``head``). A
file written by an engine version or a format this one does not read is refused with
:class:`ModelVersionError`, because its features would not be comparable.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from suigang.engines.vision.patchcore_model import (
    PatchCoreConfig,
    PatchCoreModel,
    SegmentationHead,
)

#: Identifies the file kind.
FORMAT_TAG = "suigang-vision-patchcore"
#: Version of the file layout.
FORMAT_VERSION = 3  # 2: a bank per pyramid level, with the levels' held-out statistics;
#   3: thumbnails of the fitted images and an optional segmentation head learned from
#   labelled defects (format 2 files still load, without either)
#: Older layouts this version still reads.
READABLE_FORMATS = (2, 3)
#: Version of the feature pipeline; changes whenever scores of an old bank would differ.
ENGINE_VERSION = "1.5"  # 1.1: ImageNet-standardised inputs; 1.2: image pyramid;
#   1.3: signed power of the patch features; 1.4: maps divided by the good parts' spread
#   at each place; 1.5: shading removed from the images


class ModelFileError(ValueError):
    """A model file is missing, unreadable or not a Suigang vision model."""


class ModelVersionError(ModelFileError):
    """A model file was written by another format or engine version."""


def save_model(model: PatchCoreModel, path: str | Path) -> Path:
    """Write ``model`` to ``path`` (a ``.npz`` archive); returns the path written."""
    p = Path(path)
    config = asdict(model.config)
    config["taps"] = list(model.config.taps)
    config["scales"] = list(model.config.scales)
    config["normalize"] = str(model.config.normalize)
    header = {
        "format": FORMAT_TAG,
        "format_version": FORMAT_VERSION,
        "engine_version": ENGINE_VERSION,
        "config": config,
        "threshold": model.threshold,
        "holdout_scores": list(model.holdout_scores),
        "n_fit": model.n_fit,
        "bank_sizes": list(model.bank_sizes),
        "level_stats": [list(pair) for pair in model.level_stats],
        "position_spread": list(model.position_spread),
    }
    if model.head is not None:
        h = model.head
        header["head"] = {
            "bias": h.bias,
            "good_mean": h.good_mean,
            "good_std": h.good_std,
            "weight": h.weight,
            "n_defect": h.n_defect,
        }
    arrays: dict[str, Any] = {
        "header": np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8),
        "bank": model.bank.astype(np.float32),
    }
    if model.thumbnails is not None:
        arrays["thumbnails"] = model.thumbnails
    if model.head is not None:
        arrays["head_weights"] = model.head.weights.astype(np.float32)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    p.write_bytes(buffer.getvalue())
    return p


def load_model(path: str | Path) -> PatchCoreModel:
    """Read a model written by :func:`save_model` of this engine version."""
    p = Path(path)
    if not p.is_file():
        raise ModelFileError(f"model file {p} does not exist")
    if not zipfile.is_zipfile(p):  # else NumPy takes it for a pickle and says how to load one
        raise ModelFileError(f"model file {p} is not a Suigang vision model (not an .npz archive)")
    try:
        with np.load(p, allow_pickle=False) as data:
            header: dict[str, Any] = json.loads(bytes(data["header"]).decode("utf-8"))
            bank = np.asarray(data["bank"], dtype=np.float32)
            thumbs = (
                np.asarray(data["thumbnails"], dtype=np.float16)
                if "thumbnails" in data.files
                else None
            )
            head_weights = (
                np.asarray(data["head_weights"], dtype=np.float32)
                if "head_weights" in data.files
                else None
            )
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise ModelFileError(f"model file {p} is not a Suigang vision model ({exc})") from exc
    if header.get("format") != FORMAT_TAG:
        raise ModelFileError(
            f"model file {p} is not a Suigang vision model (format {header.get('format')!r})"
        )
    got = (header.get("format_version"), header.get("engine_version"))
    if got[0] not in READABLE_FORMATS or got[1] != ENGINE_VERSION:
        raise ModelVersionError(
            f"model file {p} was written by format {got[0]}, engine {got[1]}; this is format "
            f"{FORMAT_VERSION}, engine {ENGINE_VERSION}: fit the model again"
        )
    try:
        cfg = dict(header["config"])
        cfg["taps"] = tuple(cfg["taps"])
        cfg["scales"] = tuple(cfg["scales"])
        config = PatchCoreConfig(**cfg)
        head = None
        if header.get("head") is not None:
            if head_weights is None:
                raise ValueError("the header names a head but the archive has no head_weights")
            h = header["head"]
            head = SegmentationHead(
                head_weights,
                float(h["bias"]),
                float(h["good_mean"]),
                float(h["good_std"]),
                float(h["weight"]),
                int(h["n_defect"]),
            )
        return PatchCoreModel(
            config,
            bank,
            float(header["threshold"]),
            tuple(float(s) for s in header["holdout_scores"]),
            int(header["n_fit"]),
            tuple(int(n) for n in header["bank_sizes"]),
            tuple((float(m), float(sd)) for m, sd in header["level_stats"]),
            tuple(float(v) for v in header["position_spread"]),
            thumbs,
            head,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelFileError(f"model file {p} has an invalid header ({exc})") from exc
