"""Evaluation of golden-template comparison on data laid out like DeepPCB.

A list file names one pair per line: ``<dir>/<stem>.jpg <annotation dir>/<stem>.txt``, both
relative to the data root. The tested image is ``<dir>/<stem>_test.jpg``, its template
``<dir>/<stem>_temp.jpg``; each annotation line is ``x1 y1 x2 y2 type``. A predicted box hits
a ground-truth box when their IoU exceeds 0.33 (one-to-one matching). Defect types are not
predicted (comparison finds where parts differ, not why), so the matching ignores them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from suigang.engines.vision.images import ImageError, read_image
from suigang.engines.vision.metrics import Box, MatchCounts, match_boxes
from suigang.engines.vision.template import CompareConfig, compare

#: IoU a predicted box must exceed to hit a ground-truth box (the DeepPCB protocol).
PCB_MIN_IOU = 0.33


@dataclass(frozen=True, slots=True)
class PcbPair:
    """A template, the tested image and its annotated defect boxes."""

    template: Path
    test: Path
    boxes: tuple[Box, ...]


@dataclass(frozen=True, slots=True)
class PcbEvaluation:
    """Detection quality over pairs: precision, recall and F-score at IoU > 0.33."""

    n_pairs: int
    true_positives: int
    n_predicted: int
    n_truth: int
    precision: float | None
    recall: float | None
    f_score: float | None


def read_annotations(path: Path) -> tuple[Box, ...]:
    """Boxes of one annotation file (``x1 y1 x2 y2 type`` per line, commas also accepted)."""
    boxes = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        parts = line.replace(",", " ").split()
        if not parts:
            continue
        try:
            x1, y1, x2, y2 = (int(float(v)) for v in parts[:4])
        except ValueError as exc:
            raise ValueError(f"{path} line {n}: expected 'x1 y1 x2 y2 type', got {line!r}") from exc
        boxes.append((x1, y1, x2, y2))
    return tuple(boxes)


def read_pair_list(root: str | Path, list_file: str | Path) -> list[PcbPair]:
    """Pairs named by a DeepPCB-style list file, checking that every file exists."""
    r, lf = Path(root), Path(list_file)
    if not r.is_dir():
        raise ImageError(f"data root {r} does not exist")
    if not lf.is_file():
        raise ImageError(f"list file {lf} does not exist")
    pairs = []
    for n, line in enumerate(lf.read_text(encoding="utf-8").splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 2:
            raise ValueError(f"{lf} line {n}: expected '<image> <annotation>', got {line!r}")
        image, annotation = r / parts[0], r / parts[1]
        test = image.with_name(f"{image.stem}_test{image.suffix}")
        template = image.with_name(f"{image.stem}_temp{image.suffix}")
        for p in (test, template, annotation):
            if not p.is_file():
                raise ImageError(f"{lf} line {n}: {p} does not exist")
        pairs.append(PcbPair(template, test, read_annotations(annotation)))
    if not pairs:
        raise ValueError(f"list file {lf} names no pairs")
    return pairs


def evaluate_pcb(
    pairs: Sequence[PcbPair],
    config: CompareConfig | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> PcbEvaluation:
    """Compare every pair and match the boxes against the annotations."""
    total = MatchCounts(0, 0, 0)
    for k, pair in enumerate(pairs):
        result = compare(
            read_image(pair.template, gray=True), read_image(pair.test, gray=True), config
        )
        total = total + match_boxes([b.box for b in result.boxes], pair.boxes, min_iou=PCB_MIN_IOU)
        if progress is not None:
            progress(k + 1, len(pairs))
    return PcbEvaluation(
        len(pairs),
        total.true_positives,
        total.n_predicted,
        total.n_truth,
        total.precision,
        total.recall,
        total.f_score,
    )
