"""Golden-template comparison for aligned parts (printed circuit boards and the like).

The tested image is registered to a defect-free template (phase correlation for the coarse
shift, then ECC refinement; ORB features with a RANSAC homography when ECC fails), the two are
compared with a small spatial tolerance in both directions (a pixel only differs if no pixel
of the other image within ``tolerance`` pixels has a similar value, which absorbs residual
misregistration and edge jitter but keeps thin missing or extra features), the difference is
thresholded, cleaned by morphology, and connected components become defect boxes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
from numpy.typing import NDArray

from suigang.engines.vision.images import Image, opencv


class Motion(StrEnum):
    """Geometric model of the registration."""

    NONE = "none"
    TRANSLATION = "translation"
    EUCLIDEAN = "euclidean"
    AFFINE = "affine"
    HOMOGRAPHY = "homography"


class Registration(StrEnum):
    """How the tested image was brought onto the template."""

    IDENTITY = "identity"  # motion "none"
    ECC = "ecc"
    FEATURES = "features"  # ECC failed; ORB + RANSAC homography
    PHASE = "phase"  # both failed; phase-correlation shift only


class Polarity(StrEnum):
    """Whether the tested part is brighter or darker than the template at the defect."""

    BRIGHTER = "brighter"
    DARKER = "darker"


@dataclass(frozen=True, slots=True)
class CompareConfig:
    """Settings of registration, difference, thresholding and morphology."""

    motion: Motion = Motion.AFFINE
    blur: float = 1.0
    tolerance: int = 3
    contrast_fraction: float = 0.3
    min_contrast: float = 20.0
    open_size: int = 3
    merge_distance: int = 15
    min_area: int = 15
    box_margin: int = 2

    def __post_init__(self) -> None:
        object.__setattr__(self, "motion", Motion(self.motion))
        if self.blur < 0:
            raise ValueError(f"blur must be >= 0, got {self.blur}")
        for name in ("tolerance", "open_size", "merge_distance", "min_area", "box_margin"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0, got {getattr(self, name)}")
        if not 0 < self.contrast_fraction < 1:
            raise ValueError(f"contrast_fraction must be in (0, 1), got {self.contrast_fraction}")
        if self.min_contrast < 0:
            raise ValueError(f"min_contrast must be >= 0, got {self.min_contrast}")


@dataclass(frozen=True, slots=True)
class DefectBox:
    """A defect region in template coordinates: ``x2``/``y2`` are exclusive."""

    x1: int
    y1: int
    x2: int
    y2: int
    area: int
    polarity: Polarity
    contrast: float

    @property
    def box(self) -> tuple[int, int, int, int]:
        """``(x1, y1, x2, y2)``."""
        return (self.x1, self.y1, self.x2, self.y2)


@dataclass(frozen=True, slots=True, eq=False)
class CompareResult:
    """Defect boxes, the registration used and the thresholded difference mask."""

    boxes: tuple[DefectBox, ...]
    registration: Registration
    transform: tuple[tuple[float, float, float], ...]
    threshold: float
    defect_mask: NDArray[np.bool_] = field(repr=False)
    # the tested image warped onto the template (grey, float), for features of the boxes
    aligned: NDArray[np.float32] | None = field(default=None, repr=False)

    @property
    def is_defect(self) -> bool:
        """True when at least one defect box was found."""
        return bool(self.boxes)


def _gray(image: Image) -> NDArray[np.float32]:
    cv2 = opencv()

    if image.ndim not in (2, 3) or image.size == 0:
        raise ValueError(f"image must be a non-empty (h, w) or (h, w, 3) array, got {image.shape}")
    g = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image
    return g.astype(np.float32)


def _phase_shift(template: NDArray[np.float32], test: NDArray[np.float32]) -> NDArray[np.float32]:
    cv2 = opencv()

    h, w = template.shape
    window = cv2.createHanningWindow((w, h), cv2.CV_32F)
    (dx, dy), _ = cv2.phaseCorrelate(template, test, window)
    return np.array([[1, 0, dx], [0, 1, dy], [0, 0, 1]], np.float32)


def _ecc(
    template: NDArray[np.float32],
    test: NDArray[np.float32],
    motion: Motion,
    init: NDArray[np.float32],
) -> NDArray[np.float32] | None:
    cv2 = opencv()

    modes = {
        Motion.TRANSLATION: cv2.MOTION_TRANSLATION,
        Motion.EUCLIDEAN: cv2.MOTION_EUCLIDEAN,
        Motion.AFFINE: cv2.MOTION_AFFINE,
        Motion.HOMOGRAPHY: cv2.MOTION_HOMOGRAPHY,
    }
    scale = min(1.0, 512.0 / max(template.shape))
    small_t = cv2.resize(template, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small_i = cv2.resize(test, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    s = np.diag([1.0, 1.0, 1.0 / scale]).astype(np.float32)
    warp = np.diag([1.0, 1.0, scale]).astype(np.float32) @ init @ s  # scaled coordinates
    criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 100, 1e-5)
    w = warp.copy() if motion is Motion.HOMOGRAPHY else warp[:2].copy()
    try:
        _, w = cv2.findTransformECC(small_t, small_i, w, modes[motion], criteria, None, 5)
    except cv2.error:
        return None
    full = np.eye(3, dtype=np.float32)
    full[: w.shape[0]] = w
    return (
        np.diag([1.0, 1.0, 1.0 / scale]).astype(np.float32)
        @ full
        @ np.diag([1.0, 1.0, scale]).astype(np.float32)
    )


def _features(
    template: NDArray[np.float32], test: NDArray[np.float32]
) -> NDArray[np.float32] | None:
    cv2 = opencv()

    orb = cv2.ORB_create(2000)
    kt, dt = orb.detectAndCompute(template.astype(np.uint8), None)
    ki, di = orb.detectAndCompute(test.astype(np.uint8), None)
    if dt is None or di is None or len(kt) < 8 or len(ki) < 8:
        return None
    matches = cv2.BFMatcher(cv2.NORM_HAMMING, crossCheck=True).match(dt, di)
    if len(matches) < 8:
        return None
    src = np.array([kt[m.queryIdx].pt for m in matches], np.float32)
    dst = np.array([ki[m.trainIdx].pt for m in matches], np.float32)
    h, inliers = cv2.findHomography(src, dst, cv2.RANSAC, 3.0)
    if h is None or int(inliers.sum()) < 8:
        return None
    return np.asarray(h, np.float32)


def register(
    template: Image, test: Image, motion: Motion | str = Motion.AFFINE
) -> tuple[NDArray[np.float32], Registration]:
    """3×3 matrix mapping template pixel coordinates to tested-image coordinates."""
    m = Motion(motion)
    t, i = _gray(template), _gray(test)
    if m is Motion.NONE:
        return np.eye(3, dtype=np.float32), Registration.IDENTITY
    if t.shape != i.shape:
        cv2 = opencv()

        i_same = cv2.resize(i, (t.shape[1], t.shape[0]))
        init = np.eye(3, dtype=np.float32)
        init[0, 0], init[1, 1] = i.shape[1] / t.shape[1], i.shape[0] / t.shape[0]
        shift = _phase_shift(t, i_same)
        init = init @ shift
    else:
        init = _phase_shift(t, i)
    warp = _ecc(t, i, m, init)
    if warp is not None:
        return warp, Registration.ECC
    warp = _features(t, i)
    if warp is not None:
        return warp, Registration.FEATURES
    return init, Registration.PHASE


def _tolerant_difference(a: Any, b: Any, r: int) -> tuple[Any, Any]:
    """Brighter and darker excess of ``a`` over the value range of ``b`` within radius ``r``."""
    cv2 = opencv()

    if r == 0:
        return np.maximum(a - b, 0), np.maximum(b - a, 0)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
    hi, lo = cv2.dilate(b, kernel), cv2.erode(b, kernel)
    return np.maximum(a - hi, 0), np.maximum(lo - a, 0)


def compare(template: Image, test: Image, config: CompareConfig | None = None) -> CompareResult:
    """Register ``test`` to ``template`` and return the defect boxes in template coordinates."""
    cv2 = opencv()

    cfg = config or CompareConfig()
    t, i = _gray(template), _gray(test)
    warp, how = register(template, test, cfg.motion)
    h, w = t.shape
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    aligned = cv2.warpPerspective(i, warp, (w, h), flags=flags, borderMode=cv2.BORDER_REPLICATE)
    valid = (
        cv2.warpPerspective(
            np.ones_like(i),
            warp,
            (w, h),
            flags=flags,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=0,
        )
        > 0.5
    )
    aligned_raw = aligned
    if cfg.blur > 0:
        t = cv2.GaussianBlur(t, (0, 0), cfg.blur)
        aligned = cv2.GaussianBlur(aligned, (0, 0), cfg.blur)
    bright_fwd, dark_fwd = _tolerant_difference(aligned, t, cfg.tolerance)
    # The reverse direction finds thin template features absent from the tested part.
    bright_rev, dark_rev = _tolerant_difference(t, aligned, cfg.tolerance)
    brighter = np.maximum(bright_fwd, dark_rev)
    darker = np.maximum(dark_fwd, bright_rev)
    lo, hi = np.percentile(t, [1, 99])
    threshold = max(cfg.min_contrast, cfg.contrast_fraction * float(hi - lo))
    diff = np.maximum(brighter, darker)
    mask = ((diff > threshold) & valid).astype(np.uint8)
    if cfg.tolerance > 0:
        # The tolerance shrinks each defect by up to its radius; grow it back into pixels whose
        # plain difference is large, which restores the extent without readmitting edge jitter
        # away from a defect.
        k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * cfg.tolerance + 1,) * 2)
        plain = (np.abs(aligned - t) > threshold) & valid
        mask = np.maximum(mask, cv2.dilate(mask, k) & plain.astype(np.uint8))
    if cfg.open_size > 1:
        k = cv2.getStructuringElement(cv2.MORPH_RECT, (cfg.open_size, cfg.open_size))
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, k)
    grouped = mask
    if cfg.merge_distance > 0:
        k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (cfg.merge_distance,) * 2)
        grouped = cv2.dilate(mask, k)
    from scipy.ndimage import find_objects

    _, labels = cv2.connectedComponents(grouped, connectivity=8)
    boxes = []
    for label, window in enumerate(find_objects(labels), start=1):
        if window is None:
            continue
        region = (labels[window] == label) & (mask[window] > 0)
        area = int(region.sum())
        if area < max(1, cfg.min_area):
            continue
        ys, xs = np.nonzero(region)
        y0, x0, m = window[0].start, window[1].start, cfg.box_margin
        b = float(brighter[window][region].mean())
        d = float(darker[window][region].mean())
        boxes.append(
            DefectBox(
                max(0, x0 + int(xs.min()) - m),
                max(0, y0 + int(ys.min()) - m),
                min(w, x0 + int(xs.max()) + 1 + m),
                min(h, y0 + int(ys.max()) + 1 + m),
                area,
                Polarity.BRIGHTER if b >= d else Polarity.DARKER,
                max(b, d),
            )
        )
    boxes.sort(key=lambda bx: (bx.y1, bx.x1))
    transform = tuple(tuple(float(v) for v in row) for row in warp)
    return CompareResult(
        tuple(boxes),
        how,
        transform,  # type: ignore[arg-type]
        threshold,
        mask > 0,
        aligned_raw,
    )
