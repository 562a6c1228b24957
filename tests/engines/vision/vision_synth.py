"""Small synthetic images for the vision tests: textures with known defects, PCB-like boards."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

U8 = NDArray[np.uint8]


def texture(seed: int, h: int = 64, w: int = 64) -> U8:
    """A brushed-metal-like texture: vertical streaks plus smooth noise around mid-grey."""
    rng = np.random.default_rng(seed)
    streaks = cv2.GaussianBlur(rng.normal(0, 1, (1, w)).astype(np.float32), (0, 0), 1.0)
    base = np.repeat(streaks, h, axis=0) * 12
    noise = cv2.GaussianBlur(rng.normal(0, 1, (h, w)).astype(np.float32), (0, 0), 1.5) * 10
    return np.clip(128 + base + noise, 0, 255).astype(np.uint8)


def with_blob(image: U8, center: tuple[int, int], radius: int) -> tuple[U8, NDArray[np.bool_]]:
    """A dark disc (a blowhole) injected at ``center``; returns the image and its mask."""
    mask = np.zeros(image.shape, np.uint8)
    cv2.circle(mask, center, radius, 1, -1)
    out = image.copy()
    out[mask > 0] = 20
    return out, mask > 0


def with_scratch(
    image: U8, start: tuple[int, int], end: tuple[int, int]
) -> tuple[U8, NDArray[np.bool_]]:
    """A bright 2-px line (a scratch) from ``start`` to ``end``; returns image and mask."""
    mask = np.zeros(image.shape, np.uint8)
    cv2.line(mask, start, end, 1, 2)
    out = image.copy()
    out[mask > 0] = 250
    return out, mask > 0


def board(h: int = 160, w: int = 200) -> U8:
    """A binarised PCB-like template: pads, traces and holes, white copper on black."""
    img = np.zeros((h, w), np.uint8)
    cv2.rectangle(img, (20, 20), (60, 50), 255, -1)
    cv2.rectangle(img, (130, 100), (175, 140), 255, -1)
    cv2.line(img, (60, 35), (150, 35), 255, 5)
    cv2.line(img, (40, 50), (40, 130), 255, 5)
    cv2.line(img, (40, 130), (130, 120), 255, 5)
    cv2.line(img, (90, 70), (180, 70), 255, 3)
    cv2.circle(img, (150, 120), 6, 0, -1)
    cv2.circle(img, (100, 130), 8, 255, -1)
    return img


def shifted(image: U8, dx: float, dy: float) -> U8:
    """``image`` moved by (dx, dy) pixels (the part sat elsewhere under the camera)."""
    m = np.array([[1, 0, dx], [0, 1, dy]], np.float32)
    h, w = image.shape
    return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
