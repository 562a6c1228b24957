"""Learning from labelled DeepPCB-style pairs what a real defect looks like.

Template comparison (:func:`~suigang.engines.vision.template.compare`) marks every place where
the tested board differs from its template: real defects, and registration noise (edge jitter,
a slightly wider trace after etching, dust). A small classifier over these candidate regions,
trained on pairs whose defects are labelled, tells the two apart and names the defect type.

Each candidate box gets 20 features from the template crop, the aligned tested crop and the
difference (size and shape of the box and of its differing pixels, polarity and contrast,
copper share of each crop, how many copper pieces and holes each crop holds and how that
changes — an open splits a trace, a short joins two, a pin-hole adds a hole — and where the
difference sits against the template's copper). A candidate is labelled with the type of the
annotated box it overlaps at IoU > 0.33, or as noise (0). The classifier is a small
multi-layer perceptron (standardised features, one hidden layer) trained with Adam on the
class-balanced cross-entropy; it is kept as plain arrays (no pickles).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from suigang.engines.vision.images import opencv, read_image
from suigang.engines.vision.metrics import Box, MatchCounts, iou, match_boxes
from suigang.engines.vision.template import CompareConfig, CompareResult, Polarity, compare

#: DeepPCB's defect types, by their number in the annotation files.
PCB_TYPES: dict[int, str] = {
    1: "open",
    2: "short",
    3: "mousebite",
    4: "spur",
    5: "spurious_copper",
    6: "pin_hole",
}
N_FEATURES = 20
FORMAT_TAG = "suigang-vision-pcb-classifier"
FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class TypedBox:
    """An annotated defect: its box and type (1–6)."""

    box: Box
    kind: int


def read_typed_annotations(path: Path) -> tuple[TypedBox, ...]:
    """Boxes and types of one annotation file (``x1 y1 x2 y2 type`` per line)."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        parts = line.replace(",", " ").split()
        if not parts:
            continue
        try:
            x1, y1, x2, y2, kind = (int(float(v)) for v in parts[:5])
        except ValueError as exc:
            raise ValueError(f"{path} line {n}: expected 'x1 y1 x2 y2 type', got {line!r}") from exc
        if kind not in PCB_TYPES:
            raise ValueError(f"{path} line {n}: type must be 1–6, got {kind}")
        out.append(TypedBox((x1, y1, x2, y2), kind))
    return tuple(out)


def _pieces(binary: NDArray[np.uint8]) -> tuple[int, int]:
    """(copper pieces, holes) of a binary crop: components of copper, and of background not
    touching the crop's border."""
    cv2 = opencv()

    n_fg = cv2.connectedComponents(binary, connectivity=8)[0] - 1
    bg = (1 - binary).astype(np.uint8)
    n_bg, labels = cv2.connectedComponents(bg, connectivity=4)
    border = set(np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])))
    holes = sum(1 for k in range(1, n_bg) if k not in border)
    return int(n_fg), holes


def candidate_features(
    template: NDArray[np.float32], result: CompareResult, pad: int = 6
) -> NDArray[np.float32]:
    """The :data:`N_FEATURES` features of each of ``result``'s boxes, ``(boxes, 20)``."""
    if result.aligned is None:
        raise ValueError("the comparison result holds no aligned image")
    t, a, mask = template, result.aligned, result.defect_mask
    h, w = t.shape
    rows = []
    for b in result.boxes:
        x1, y1 = max(0, b.x1 - pad), max(0, b.y1 - pad)
        x2, y2 = min(w, b.x2 + pad), min(h, b.y2 + pad)
        tc = (t[y1:y2, x1:x2] > 127).astype(np.uint8)
        ac = (a[y1:y2, x1:x2] > 127).astype(np.uint8)
        m = mask[y1:y2, x1:x2]
        n_m = max(1, int(m.sum()))
        ft, ht = _pieces(tc)
        fa, ha = _pieces(ac)
        bw, bh = b.x2 - b.x1, b.y2 - b.y1
        on_copper = float(tc[m].mean()) if m.any() else 0.0
        added = float(((ac == 1) & (tc == 0)).sum()) / tc.size
        removed = float(((ac == 0) & (tc == 1)).sum()) / tc.size
        ys, xs = np.nonzero(m)
        spread = float(max(np.ptp(ys), np.ptp(xs)) + 1) if ys.size else 0.0
        rows.append(
            [
                math.log1p(b.area),
                math.log1p(bw),
                math.log1p(bh),
                math.log(max(bw, 1) / max(bh, 1)),
                1.0 if b.polarity is Polarity.BRIGHTER else 0.0,
                b.contrast / 255.0,
                n_m / max(1, bw * bh),
                float(tc.mean()),
                float(ac.mean()),
                added,
                removed,
                float(ft),
                float(fa - ft),
                float(ht),
                float(ha - ht),
                on_copper,
                math.log1p(spread),
                float(fa != ft) + float(ha != ht),
                math.log1p(n_m),
                min(b.x1, b.y1, w - b.x2, h - b.y2) / max(w, h),
            ]
        )
    return np.asarray(rows, np.float32).reshape(-1, N_FEATURES)


def label_candidates(
    boxes: Sequence[Box], truth: Sequence[TypedBox], min_iou: float = 0.33
) -> list[int]:
    """Each candidate's label: the type of the annotated box it overlaps most at IoU above
    ``min_iou``, or 0 (noise)."""
    out = []
    for b in boxes:
        best, kind = min_iou, 0
        for tb in truth:
            v = iou(b, tb.box)
            if v > best:
                best, kind = v, tb.kind
        out.append(kind)
    return out


@dataclass(frozen=True, slots=True)
class PairCandidates:
    """The candidates of one pair: boxes, features and (when annotated) labels."""

    boxes: tuple[Box, ...]
    features: NDArray[np.float32] = field(repr=False)
    truth: tuple[TypedBox, ...] = ()


def pair_candidates(
    template_path: Path,
    test_path: Path,
    truth: tuple[TypedBox, ...] = (),
    config: CompareConfig | None = None,
) -> PairCandidates:
    """Compare a pair and describe each candidate box."""
    template = read_image(template_path, gray=True)
    result = compare(template, read_image(test_path, gray=True), config)
    feats = candidate_features(template.astype(np.float32), result)
    return PairCandidates(tuple(b.box for b in result.boxes), feats, truth)


@dataclass(frozen=True, slots=True, eq=False)
class PcbClassifier:
    """A fitted candidate classifier: feature standardisation and a one-hidden-layer MLP over
    7 classes (0 noise, 1–6 the defect types)."""

    mean: NDArray[np.float32] = field(repr=False)
    std: NDArray[np.float32] = field(repr=False)
    w1: NDArray[np.float32] = field(repr=False)
    b1: NDArray[np.float32] = field(repr=False)
    w2: NDArray[np.float32] = field(repr=False)
    b2: NDArray[np.float32] = field(repr=False)
    n_train: int = 0

    def probabilities(self, features: NDArray[np.float32]) -> NDArray[np.float32]:
        """Class probabilities ``(n, 7)`` of each candidate."""
        z = (features - self.mean) / self.std
        hidden = np.maximum(z @ self.w1 + self.b1, 0)
        logits = hidden @ self.w2 + self.b2
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        out: NDArray[np.float32] = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
        return out

    def predict(self, features: NDArray[np.float32]) -> list[int]:
        """Each candidate's class: 0 (noise) or its defect type."""
        if features.shape[0] == 0:
            return []
        return [int(k) for k in self.probabilities(features).argmax(axis=1)]


def train_classifier(
    candidates: Sequence[PairCandidates],
    *,
    hidden: int = 64,
    epochs: int = 300,
    seed: int = 0,
) -> PcbClassifier:
    """Fit the candidate classifier on annotated pairs (labels from :func:`label_candidates`)."""
    import torch

    feats = [c.features for c in candidates if c.features.shape[0]]
    labels = [label_candidates(c.boxes, c.truth) for c in candidates if c.features.shape[0]]
    if not feats:
        raise ValueError("no candidate regions to learn from")
    x = np.concatenate(feats)
    y = np.concatenate([np.asarray(v, np.int64) for v in labels])
    mean = x.mean(0)
    std = np.maximum(x.std(0), 1e-6)
    gen = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    xt = torch.from_numpy((x - mean) / std)
    yt = torch.from_numpy(y)
    counts = np.bincount(y, minlength=7).astype(np.float64)
    weights = torch.tensor(
        np.where(counts > 0, counts.sum() / (7 * np.maximum(counts, 1)), 0.0), dtype=torch.float32
    )
    l1 = torch.nn.Linear(N_FEATURES, hidden)
    l2 = torch.nn.Linear(hidden, 7)
    with torch.no_grad():
        for layer in (l1, l2):
            layer.weight.copy_(torch.randn(layer.weight.shape, generator=gen) * 0.1)
            layer.bias.zero_()
    params = [*l1.parameters(), *l2.parameters()]
    opt = torch.optim.Adam(params, lr=0.01, weight_decay=1e-4)
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights)
    for _ in range(epochs):  # full batch: a few thousand candidates
        opt.zero_grad()
        loss = loss_fn(l2(torch.relu(l1(xt))), yt)
        loss.backward()
        opt.step()

    def arr(t: Any) -> NDArray[np.float32]:
        return np.ascontiguousarray(t.detach().numpy(), dtype=np.float32)

    return PcbClassifier(
        mean.astype(np.float32),
        std.astype(np.float32),
        arr(l1.weight.T),
        arr(l1.bias),
        arr(l2.weight.T),
        arr(l2.bias),
        int(x.shape[0]),
    )


@dataclass(frozen=True, slots=True)
class TypedEvaluation:
    """Detection quality on held-back pairs: type-agnostic, and per defect type (a prediction
    counts for a type only when the classifier names that type)."""

    n_pairs: int
    overall: MatchCounts
    by_type: dict[str, MatchCounts]


def evaluate_typed(
    candidates: Sequence[PairCandidates],
    classifier: PcbClassifier | None,
    min_iou: float = 0.33,
) -> TypedEvaluation:
    """Match kept candidates to the annotations. Without a classifier every candidate is
    kept and, having no type, counts only in the type-agnostic figure."""
    overall = MatchCounts(0, 0, 0)
    by_type = {name: MatchCounts(0, 0, 0) for name in PCB_TYPES.values()}
    for c in candidates:
        classes = classifier.predict(c.features) if classifier is not None else [-1] * len(c.boxes)
        kept = [(b, k) for b, k in zip(c.boxes, classes, strict=True) if k != 0]
        overall = overall + match_boxes(
            [b for b, _ in kept], [t.box for t in c.truth], min_iou=min_iou
        )
        for kind, name in PCB_TYPES.items():
            by_type[name] = by_type[name] + match_boxes(
                [b for b, k in kept if k == kind],
                [t.box for t in c.truth if t.kind == kind],
                min_iou=min_iou,
            )
    return TypedEvaluation(len(candidates), overall, by_type)


def save_classifier(classifier: PcbClassifier, path: str | Path) -> Path:
    """Write the classifier as a plain ``.npz`` archive (arrays and a JSON header)."""
    p = Path(path)
    header = {"format": FORMAT_TAG, "format_version": FORMAT_VERSION, "n_train": classifier.n_train}
    np.savez_compressed(
        p,
        header=np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8),
        mean=classifier.mean,
        std=classifier.std,
        w1=classifier.w1,
        b1=classifier.b1,
        w2=classifier.w2,
        b2=classifier.b2,
    )
    return p


def load_classifier(path: str | Path) -> PcbClassifier:
    """Read a classifier written by :func:`save_classifier`."""
    p = Path(path)
    try:
        with np.load(p, allow_pickle=False) as data:
            header = json.loads(bytes(data["header"]).decode("utf-8"))
            arrays = {
                k: np.asarray(data[k], np.float32) for k in ("mean", "std", "w1", "b1", "w2", "b2")
            }
    except (OSError, ValueError, KeyError) as exc:
        raise ValueError(f"{p} is not a PCB classifier file ({exc})") from exc
    if header.get("format") != FORMAT_TAG or header.get("format_version") != FORMAT_VERSION:
        raise ValueError(
            f"{p} is not a PCB classifier of format {FORMAT_VERSION} "
            f"(format {header.get('format')!r}, version {header.get('format_version')!r})"
        )
    return PcbClassifier(**arrays, n_train=int(header.get("n_train", 0)))


Progress = Callable[[int, int], None]


def read_typed_pairs(
    root: str | Path, list_file: str | Path
) -> list[tuple[Path, Path, tuple[TypedBox, ...]]]:
    """(template, tested image, typed annotations) of every pair a DeepPCB-style list names."""
    from suigang.engines.vision.pcb import read_pair_list

    pairs = read_pair_list(root, list_file)
    lines = [ln.split() for ln in Path(list_file).read_text(encoding="utf-8").splitlines()]
    annotations = [Path(root) / parts[1] for parts in lines if parts]
    return [
        (p.template, p.test, read_typed_annotations(a))
        for p, a in zip(pairs, annotations, strict=True)
    ]


def collect_candidates(
    pairs: Sequence[tuple[Path, Path, tuple[TypedBox, ...]]],
    config: CompareConfig | None = None,
    progress: Progress | None = None,
) -> list[PairCandidates]:
    """:func:`pair_candidates` of every pair."""
    out = []
    for k, (template, test, truth) in enumerate(pairs):
        out.append(pair_candidates(template, test, truth, config))
        if progress is not None:
            progress(k + 1, len(pairs))
    return out
