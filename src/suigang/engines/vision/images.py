"""Reading images and masks from disk, with errors that name the file and the problem."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

#: File suffixes treated as images (case-insensitive).
IMAGE_SUFFIXES: tuple[str, ...] = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff")

Image = NDArray[np.uint8]


def opencv() -> Any:
    """The OpenCV module, imported on first use (typed loosely: its stubs are stricter than
    the array types it accepts)."""
    import cv2

    return cv2


class ImageError(ValueError):
    """An image or mask file cannot be used (missing, unreadable, empty)."""


def read_image(path: str | Path, *, gray: bool = False) -> Image:
    """Read an image as uint8: ``(h, w)`` if ``gray`` or single-channel, else ``(h, w, 3)`` RGB."""
    cv2 = opencv()

    p = Path(path)
    if not p.is_file():
        raise ImageError(f"image {p} does not exist or is not a file")
    if p.stat().st_size == 0:
        raise ImageError(f"image {p} is empty (0 bytes)")
    data = np.fromfile(str(p), dtype=np.uint8)
    flag = cv2.IMREAD_GRAYSCALE if gray else cv2.IMREAD_UNCHANGED
    img = cv2.imdecode(data, flag)
    if img is None:
        raise ImageError(f"image {p} cannot be decoded (not a supported image format)")
    if img.size == 0 or min(img.shape[:2]) < 1:
        raise ImageError(f"image {p} has no pixels")
    if img.dtype != np.uint8:
        img = cv2.normalize(img, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    if img.ndim == 3:
        if img.shape[2] == 1:
            img = img[:, :, 0]
        elif img.shape[2] == 4:
            img = cv2.cvtColor(img, cv2.COLOR_BGRA2RGB)
        else:
            img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
    return np.ascontiguousarray(img)


def read_mask(path: str | Path, shape: tuple[int, int] | None = None) -> NDArray[np.bool_]:
    """Read a defect mask (pixels > 127 are defect), checking it matches ``shape`` if given."""
    mask = read_image(path, gray=True) > 127
    if shape is not None and mask.shape != shape:
        raise ImageError(
            f"mask {path} is {mask.shape[1]}x{mask.shape[0]}, image is {shape[1]}x{shape[0]}"
        )
    return mask


@dataclass(frozen=True, slots=True)
class ImageFile:
    """An image file in a directory and, when one exists, its mask file."""

    path: Path
    mask: Path | None


def list_images(directory: str | Path, *, masks: str | Path | None = None) -> list[ImageFile]:
    """Image files in ``directory`` (sorted by name), each with its mask if there is one.

    A PNG that shares its stem with a non-PNG image in the same directory is that image's mask
    (the magnetic-tile layout), not an image. With ``masks``, a mask is looked up there as
    ``<stem>.png``, ``<stem>_mask.png`` or any image suffix with those names.
    """
    d = Path(directory)
    if not d.is_dir():
        raise ImageError(f"directory {d} does not exist")
    files = sorted(p for p in d.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
    by_stem: dict[str, list[Path]] = {}
    for p in files:
        by_stem.setdefault(p.stem, []).append(p)
    out: list[ImageFile] = []
    for stem, group in sorted(by_stem.items()):
        pngs = [p for p in group if p.suffix.lower() == ".png"]
        others = [p for p in group if p.suffix.lower() != ".png"]
        if others and pngs:
            images, beside = others, pngs[0]
        else:
            images, beside = group, None
        for image in images:
            mask = _find_mask(Path(masks), stem) if masks is not None else beside
            out.append(ImageFile(image, mask))
    if not out:
        raise ImageError(f"directory {d} holds no images ({', '.join(IMAGE_SUFFIXES)})")
    return out


def _find_mask(directory: Path, stem: str) -> Path | None:
    for name in (stem, f"{stem}_mask"):
        for suffix in IMAGE_SUFFIXES:
            candidate = directory / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
    return None


def read_images(paths: Sequence[str | Path]) -> list[Image]:
    """Read several images, failing on the first unusable one."""
    return [read_image(p) for p in paths]
