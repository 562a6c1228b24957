"""Reading images and directories: masks beside images, and clear errors on bad files."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from suigang.engines.vision import ImageError, list_images, read_image, read_mask


def test_png_beside_a_jpeg_is_its_mask(tmp_path: Path) -> None:
    """The magnetic-tile layout: a.jpg + a.png is one image with a mask; b.png is an image."""
    img = np.full((8, 8), 100, np.uint8)
    cv2.imwrite(str(tmp_path / "a.jpg"), img)
    cv2.imwrite(str(tmp_path / "a.png"), img)
    cv2.imwrite(str(tmp_path / "b.png"), img)
    files = list_images(tmp_path)
    assert [(f.path.name, f.mask.name if f.mask else None) for f in files] == [
        ("a.jpg", "a.png"),
        ("b.png", None),
    ]


def test_mask_directory_lookup(tmp_path: Path) -> None:
    """With a mask directory, <stem>_mask.png there is the mask; pixels > 127 are defect."""
    (tmp_path / "img").mkdir()
    (tmp_path / "masks").mkdir()
    cv2.imwrite(str(tmp_path / "img" / "p.png"), np.zeros((4, 4), np.uint8))
    mask = np.zeros((4, 4), np.uint8)
    mask[1, 2] = 200
    mask[0, 0] = 100
    cv2.imwrite(str(tmp_path / "masks" / "p_mask.png"), mask)
    (f,) = list_images(tmp_path / "img", masks=tmp_path / "masks")
    assert f.mask is not None
    assert np.argwhere(read_mask(f.mask, (4, 4))).tolist() == [[1, 2]]


def test_color_image_is_rgb(tmp_path: Path) -> None:
    """OpenCV stores BGR; the engine hands out RGB, so pure blue reads as (0, 0, 255)."""
    bgr = np.zeros((2, 2, 3), np.uint8)
    bgr[:, :, 0] = 255
    cv2.imwrite(str(tmp_path / "c.png"), bgr)
    assert read_image(tmp_path / "c.png")[0, 0].tolist() == [0, 0, 255]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is empty"), (b"not an image at all", "cannot be decoded")],
)
def test_bad_image_files_are_named(tmp_path: Path, content: bytes, message: str) -> None:
    """Empty and undecodable files raise ImageError naming the file and the problem."""
    path = tmp_path / "x.jpg"
    path.write_bytes(content)
    with pytest.raises(ImageError, match=message) as info:
        read_image(path)
    assert "x.jpg" in str(info.value)


def test_empty_directory_is_an_error(tmp_path: Path) -> None:
    """A directory without images cannot be fitted on: the error says so."""
    with pytest.raises(ImageError, match="holds no images"):
        list_images(tmp_path)
