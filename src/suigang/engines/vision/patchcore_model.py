"""The PatchCore model's settings, its fitted state (what the model file holds) and a score."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from suigang.engines.vision.backbone import BLOCK_CHANNELS, BLOCK_STRIDES


class Normalize(StrEnum):
    """Per-image intensity normalisation before feature extraction."""

    NONE = "none"
    STANDARDIZE = "standardize"  # zero mean, unit spread per image, then mapped to mid-grey


@dataclass(frozen=True, slots=True)
class PatchCoreConfig:
    """Settings of feature extraction, the memory bank and the threshold rule."""

    short_side: int = 224
    scales: tuple[float, ...] = (1.0, 0.5, 0.25)  # pyramid levels, as shares of short_side
    max_side: int = 640
    tile_overlap: int = 64
    taps: tuple[int, ...] = (4, 10)
    pool: int = 3
    feature_power: float = 0.5  # each feature value v becomes sign(v)·|v|^p (1: unchanged)
    reflect_pad: int = 32
    coreset_ratio: float = 0.1
    max_bank: int = 10_000
    max_candidates: int = 250_000
    projection_dim: int = 64
    holdout_fraction: float = 0.1
    sigma: float = 4.0
    position_grid: int = 8  # spread of good maps per cell of an n×n grid (0: one spread)
    position_prior: float = 20.0  # cells lean to the overall spread as if by this many maps
    top_fraction: float = 0.01  # image score: mean of this top share of the map (0: its max)
    normalize: Normalize = Normalize.STANDARDIZE
    shading: float = 0.4  # shading removed: blur of this share of the short side (0: off)
    seed: int = 0

    def __post_init__(self) -> None:
        if self.short_side < 32:
            raise ValueError(f"short_side must be >= 32, got {self.short_side}")
        if self.max_side < self.short_side:
            raise ValueError(
                f"max_side ({self.max_side}) must be >= short_side ({self.short_side})"
            )
        if not 0 <= self.tile_overlap < self.max_side // 2:
            raise ValueError(f"tile_overlap must be in [0, max_side/2), got {self.tile_overlap}")
        if not self.taps or any(not 0 <= t < len(BLOCK_CHANNELS) for t in self.taps):
            raise ValueError(f"taps must name blocks 0..{len(BLOCK_CHANNELS) - 1}, got {self.taps}")
        if self.reflect_pad < 0 or self.reflect_pad % self.stride:
            raise ValueError(
                f"reflect_pad must be a non-negative multiple of {self.stride}, "
                f"got {self.reflect_pad}"
            )
        if self.pool < 1 or self.pool % 2 == 0:
            raise ValueError(f"pool must be an odd size >= 1, got {self.pool}")
        if not 0 < self.feature_power <= 1:
            raise ValueError(f"feature_power must be in (0, 1], got {self.feature_power}")
        if not 0 < self.coreset_ratio <= 1:
            raise ValueError(f"coreset_ratio must be in (0, 1], got {self.coreset_ratio}")
        if self.max_bank < 1 or self.max_candidates < 1 or self.projection_dim < 1:
            raise ValueError(
                "max_bank, max_candidates and projection_dim must be >= 1, got "
                f"{self.max_bank}, {self.max_candidates}, {self.projection_dim}"
            )
        if not 0 < self.holdout_fraction < 1:
            raise ValueError(f"holdout_fraction must be in (0, 1), got {self.holdout_fraction}")
        if self.sigma < 0:
            raise ValueError(f"sigma must be >= 0, got {self.sigma}")
        if self.shading < 0:
            raise ValueError(f"shading must be >= 0, got {self.shading}")
        if self.position_grid < 0 or self.position_prior < 0:
            raise ValueError(
                "position_grid and position_prior must be >= 0, got "
                f"{self.position_grid}, {self.position_prior}"
            )
        scales = tuple(float(x) for x in self.scales)
        if not scales or len(set(scales)) != len(scales) or any(not 0 < x <= 1 for x in scales):
            raise ValueError(f"scales must be distinct shares in (0, 1], got {self.scales}")
        if min(self.level_sides(scales)) < 32:
            raise ValueError(
                f"every pyramid level needs a short side >= 32 px, got {self.level_sides(scales)}"
            )
        object.__setattr__(self, "scales", scales)
        if not 0 <= self.top_fraction < 1:
            raise ValueError(f"top_fraction must be in [0, 1), got {self.top_fraction}")
        object.__setattr__(self, "normalize", Normalize(self.normalize))

    def level_sides(self, scales: tuple[float, ...] | None = None) -> tuple[int, ...]:
        """Short side in pixels at each pyramid level."""
        return tuple(round(self.short_side * x) for x in (scales or self.scales))

    @property
    def stride(self) -> int:
        """Pixel stride of the patch grid (that of the finest tapped block)."""
        return min(BLOCK_STRIDES[t] for t in self.taps)

    @property
    def feature_dim(self) -> int:
        """Length of one patch feature vector."""
        return sum(BLOCK_CHANNELS[t] for t in self.taps)


@dataclass(frozen=True, slots=True)
class HeadConfig:
    """Settings of the segmentation head learned from labelled defects.

    The head is a logistic regression (a 1×1 convolution) on the frozen patch features of
    every pyramid level, trained on the defect masks (each cell's defect share as its target)
    with good images' cells as negatives. Its map, in standard deviations of the held-out good
    parts' head maps and clipped at 0, is added with ``weight`` to the anomaly map, so a defect
    kind the head never saw still shows through the anomaly part.
    """

    weight: float = 1.0  # the head map's weight against the anomaly map's 1
    good_images: int = 150  # good fit images whose cells serve as negatives (at most)
    good_cells: int = 128  # cells drawn from each of them
    defect_negative_cells: int = 256  # defect-free cells drawn from each defect image
    l2: float = 1e-3  # weight decay of the logistic regression
    iterations: int = 60  # L-BFGS iterations

    def __post_init__(self) -> None:
        if self.weight < 0:
            raise ValueError(f"weight must be >= 0, got {self.weight}")
        if min(self.good_images, self.good_cells, self.iterations) < 1:
            raise ValueError("good_images, good_cells and iterations must be >= 1")
        if self.defect_negative_cells < 0 or self.l2 < 0:
            raise ValueError("defect_negative_cells and l2 must be >= 0")


@dataclass(frozen=True, slots=True, eq=False)
class SegmentationHead:
    """A fitted head: per-level weights on the raw patch features (their standardisation
    folded in), a bias, the held-out good head maps' mean and std, and the mixing weight."""

    weights: NDArray[np.float32] = field(repr=False)  # (levels, feature_dim)
    bias: float
    good_mean: float
    good_std: float
    weight: float
    n_defect: int  # labelled defect images it was trained on

    def __post_init__(self) -> None:
        if self.weights.ndim != 2:
            raise ValueError(f"head weights must be (levels, d), got {self.weights.shape}")
        if not self.good_std > 0:
            raise ValueError(f"head good_std must be > 0, got {self.good_std}")


@dataclass(frozen=True, slots=True, eq=False)
class PatchCoreModel:
    """A fitted memory bank with its threshold; save and load it with :mod:`.model_io`."""

    config: PatchCoreConfig
    bank: NDArray[np.float32] = field(repr=False)  # every level's bank, one after the other
    threshold: float
    holdout_scores: tuple[float, ...]
    n_fit: int
    bank_sizes: tuple[int, ...]  # rows of ``bank`` per pyramid level
    level_stats: tuple[tuple[float, float], ...]  # held-out good maps' mean and std per level
    # relative spread of held-out good maps per cell of the position grid (row by row)
    position_spread: tuple[float, ...]
    # thumbnails of every image fitted on (bank and held-out; groups.thumbnails), so that an
    # evaluation can tell tested images that are shots of a part already seen; None if unknown
    thumbnails: NDArray[np.float16] | None = field(default=None, repr=False)
    # a segmentation head learned from labelled defects (mixed supervision), or None
    head: SegmentationHead | None = None

    def __post_init__(self) -> None:
        if self.bank.ndim != 2 or self.bank.shape[1] != self.config.feature_dim:
            raise ValueError(f"bank must be (n, {self.config.feature_dim}), got {self.bank.shape}")
        if self.bank.shape[0] == 0:
            raise ValueError("bank is empty")
        levels = len(self.config.scales)
        if (
            len(self.bank_sizes) != levels
            or any(n < 1 for n in self.bank_sizes)
            or sum(self.bank_sizes) != self.bank.shape[0]
        ):
            raise ValueError(
                f"bank_sizes {self.bank_sizes} must give each of the {levels} levels at least "
                f"one of the bank's {self.bank.shape[0]} rows"
            )
        if len(self.level_stats) != levels or any(sd <= 0 for _, sd in self.level_stats):
            raise ValueError(
                f"level_stats must hold a (mean, std > 0) per level, got {self.level_stats}"
            )
        cells = self.config.position_grid**2
        if len(self.position_spread) != cells or any(v <= 0 for v in self.position_spread):
            raise ValueError(
                f"position_spread must hold {cells} values > 0, got {len(self.position_spread)}"
            )

        if self.head is not None and self.head.weights.shape != (levels, self.config.feature_dim):
            raise ValueError(
                f"head weights must be ({levels}, {self.config.feature_dim}), "
                f"got {self.head.weights.shape}"
            )

    def banks(self) -> list[NDArray[np.float32]]:
        """The memory bank of each pyramid level."""
        ends = np.cumsum(self.bank_sizes)
        return [self.bank[e - n : e] for n, e in zip(self.bank_sizes, ends, strict=True)]


@dataclass(frozen=True, slots=True, eq=False)
class ScoreResult:
    """Anomaly of one image: the image score, the per-pixel map and the verdict."""

    score: float
    anomaly_map: NDArray[np.float32] = field(repr=False)
    threshold: float
    is_defect: bool
    # with a segmentation head: the two parts of ``anomaly_map`` (anomaly_map = anomaly_part
    # + weight·max(head_part, 0)); None without one
    anomaly_part: NDArray[np.float32] | None = field(default=None, repr=False)
    head_part: NDArray[np.float32] | None = field(default=None, repr=False)


# ---------------------------------------------------------------------------- features
