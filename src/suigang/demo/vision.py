"""The demo product's vision model: version 1 fitted at build time, a lot's images scored by it.

For the first product :func:`suigang.demo.quality.seed_quality` records, the demo factory
fits version 1 of the product's vision model on good brushed-metal textures (a small
configuration: a few seconds on one CPU core) and uploads it, so the platform scores the images
posted afterwards itself. The lot then gets parts of two defect kinds (a dark scratch, a dark
or bright spot) among good ones, and the factory user has reviewed most of them: good parts
confirmed (false alarms overruled), defects confirmed (misses overruled) with their kind and
the region where the defect was drawn. That is enough to retrain the model from the lot's
quality page; one defect of each kind is left for a person to review. Without the ``vision``
extra (torch and the backbone's weights) the caller keeps its station verdicts.
"""

from __future__ import annotations

import math
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from suigang.domains.identity.permissions import Actor
from suigang.domains.orders.models import Lot
from suigang.domains.quality.models import InspectionPlan, ReviewDecision, Verdict
from suigang.domains.quality.vision_models import attach_vision_model
from suigang.domains.quality.visual import (
    decode_image,
    post_visual_inspection,
    review_visual_inspection,
)

SIDE = 96  # pixels of a demo image's side
FIT_IMAGES = 16  # good textures version 1 is fitted on
PARTS = 28  # images of the lot scored by version 1
KINDS = ("scratch", "spot")
DEFECTS_PER_KIND = 4  # of which the last of each kind is left unreviewed


def brushed(rng: np.random.Generator) -> NDArray[np.float32]:
    """A brushed-metal patch (grey levels as float32): noise blurred along the brushing."""
    base = rng.normal(150, 12, (SIDE, SIDE)).astype(np.float32)
    return np.asarray(cv2.GaussianBlur(base, (0, 0), sigmaX=3.0, sigmaY=0.8), dtype=np.float32)


def png(pixels: NDArray[np.float32] | NDArray[np.uint8]) -> bytes:
    """Grey levels as an 8-bit PNG."""
    ok, data = cv2.imencode(".png", np.clip(pixels, 0, 255).astype(np.uint8))
    assert ok
    return bytes(data.tobytes())


def _scratch(image: NDArray[np.float32], mask: NDArray[np.uint8], rng: np.random.Generator) -> None:
    """A dark line of random place, angle and length, drawn on the image and its mask alike."""
    angle, length = rng.uniform(0, math.pi), rng.uniform(30, 60)
    cx, cy = rng.uniform(24, SIDE - 24, 2)
    dx, dy = math.cos(angle) * length / 2, math.sin(angle) * length / 2
    ends = (round(cx - dx), round(cy - dy)), (round(cx + dx), round(cy + dy))
    cv2.line(image, *ends, float(rng.uniform(55, 85)), 2)
    cv2.line(mask, *ends, 255, 2)


def _spot(image: NDArray[np.float32], mask: NDArray[np.uint8], rng: np.random.Generator) -> None:
    """A dark or bright disc of random place, radius and contrast, drawn on the image and its
    mask alike."""
    centre = (int(rng.integers(16, SIDE - 16)), int(rng.integers(16, SIDE - 16)))
    radius = int(rng.integers(4, 8))
    sign = 1.0 if rng.random() < 0.5 else -1.0
    shade = 150.0 + sign * rng.uniform(40, 90)
    cv2.circle(image, centre, radius, shade, -1)
    cv2.circle(mask, centre, radius, 255, -1)


@dataclass(frozen=True, slots=True)
class Part:
    image: bytes
    kind: str  # "" for a good part
    region: bytes | None  # the defect's mask (255 where it was drawn)
    reviewed: bool


def demo_parts(rng: np.random.Generator) -> list[Part]:
    """The lot's parts in the order they pass the camera; defective ones at seeded places."""
    count = len(KINDS) * DEFECTS_PER_KIND
    defective = sorted(int(i) for i in rng.choice(PARTS, size=count, replace=False))
    kind_of = {i: KINDS[k % len(KINDS)] for k, i in enumerate(defective)}
    last = {kind: max(i for i in defective if kind_of[i] == kind) for kind in KINDS}
    parts = []
    for i in range(PARTS):
        image = brushed(rng)
        kind = kind_of.get(i, "")
        if not kind:
            parts.append(Part(png(image), "", None, reviewed=True))
            continue
        mask = np.zeros((SIDE, SIDE), np.uint8)
        if kind == "scratch":
            _scratch(image, mask, rng)
        else:
            _spot(image, mask, rng)
        parts.append(Part(png(image), kind, png(mask), reviewed=i != last[kind]))
    return parts


def vision_missing() -> str | None:
    """Why a model cannot be fitted here (torch or the backbone's weights missing), or None."""
    try:
        import torch  # noqa: F401

        from suigang.engines.vision.backbone import weights_path

        weights_path()
    except (ImportError, RuntimeError) as exc:
        return str(exc)
    return None


@contextmanager
def one_thread() -> Iterator[None]:
    """Torch on one thread meanwhile: the same figures on any machine, and no slowdown from
    threads waiting on each other on a busy one (the images are small)."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def fit_first_version(seed: int) -> bytes:
    """Version 1's model file, fitted on good demo textures with a small configuration."""
    from suigang.engines import vision

    rng = np.random.default_rng(seed)
    good = [decode_image("good", png(brushed(rng))).pixels for _ in range(FIT_IMAGES)]
    config = vision.PatchCoreConfig(
        short_side=SIDE, scales=(1.0, 0.5), max_side=SIDE, tile_overlap=0, holdout_fraction=0.25
    )
    with one_thread(), tempfile.TemporaryDirectory() as tmp:
        path = vision.save_model(vision.fit(good, config), Path(tmp) / "v1.npz")
        return path.read_bytes()


def _reason(kind: str) -> str:
    """Why the reviewer overruled version 1's verdict of a part with ``kind`` ("": good)."""
    return f"missed: a {kind} on the part" if kind else "brushing marks, no defect"


@dataclass(frozen=True, slots=True)
class VisionDemo:
    fit_seconds: float
    inspections: int
    flagged: int  # failed by version 1
    reviewed: int


def seed_vision(
    session: Session,
    *,
    actor: Actor,
    plan: InspectionPlan,
    lot: Lot,
    seed: int,
    models_dir: Path,
    say: Callable[[str], None],
) -> VisionDemo | None:
    """Fit and upload version 1 of the plan's product's model, post the lot's parts (scored by
    it) and review most of them; ``None`` (and a word through ``say``) without the vision
    extra."""
    missing = vision_missing()
    if missing is not None:
        say(f"no vision model in the demo (the lots keep their stations' verdicts): {missing}")
        return None
    say(f"vision model version 1: fitting on {FIT_IMAGES} good images")
    started = time.perf_counter()
    content = fit_first_version(seed)
    fit_seconds = time.perf_counter() - started
    attach_vision_model(
        session,
        actor=actor,
        plan_id=plan.id,
        filename="demo-v1.npz",
        content=content,
        models_dir=models_dir,
    )
    say(f"{PARTS} images of lot {lot.number} scored by version 1")
    flagged = reviewed = 0
    with one_thread():
        for i, part in enumerate(demo_parts(np.random.default_rng(seed + 1))):
            record = post_visual_inspection(
                session,
                actor=actor,
                lot_id=lot.id,
                image=part.image,
                filename=f"aoi-{i + 1:02d}.png",
                part_ref=f"{lot.number}-{i + 1:03d}",
                models_dir=models_dir,
            )
            flagged += record.verdict is Verdict.FAIL
            if not part.reviewed:
                continue
            want = Verdict.FAIL if part.kind else Verdict.PASS
            agree = record.verdict is want
            review_visual_inspection(
                session,
                actor=actor,
                inspection_id=record.id,
                decision=ReviewDecision.CONFIRM if agree else ReviewDecision.OVERRULE,
                verdict=want,
                reason="" if agree else _reason(part.kind),
                defect_kind=part.kind,
                region=part.region,
            )
            reviewed += 1
    return VisionDemo(round(fit_seconds, 2), PARTS, flagged, reviewed)
