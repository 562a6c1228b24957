"""An inspection image on which a reviewer marks a defect with boxes (press, drag, release)."""

from __future__ import annotations

import base64

import numpy as np
from nicegui import ui
from nicegui.events import MouseEventArguments

MEDIA = {"png": "image/png", "jpeg": "image/jpeg", "bmp": "image/bmp", "tiff": "image/tiff"}


def data_url(content: bytes, kind: str) -> str:
    """An image as a data URL, for showing stored images without another request."""
    return f"data:{MEDIA.get(kind, 'image/png')};base64,{base64.b64encode(content).decode()}"


class DefectMarker:
    """The image with the boxes drawn so far; :meth:`mask_png` is the region to store."""

    def __init__(self, source: str, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.boxes: list[tuple[int, int, int, int]] = []  # x0, y0, x1, y1 (exclusive)
        self._start: tuple[float, float] | None = None
        self.view = (
            ui.interactive_image(
                source,
                size=(width, height),
                on_mouse=self._mouse,
                events=["mousedown", "mouseup"],
                cross="red",
            )
            .classes("w-96")
            .style("image-rendering: pixelated")
            .mark("defect-marker")
        )

    def _mouse(self, e: MouseEventArguments) -> None:
        if e.type == "mousedown":
            self._start = (e.image_x, e.image_y)
        elif e.type == "mouseup" and self._start is not None:
            self.add_box(*self._start, e.image_x, e.image_y)
            self._start = None

    def add_box(self, xa: float, ya: float, xb: float, yb: float) -> None:
        """A box between two corners (image pixels), clipped to the image; a click (no drag)
        marks the pixel under it."""
        x0, x1 = sorted((int(xa), int(xb)))
        y0, y1 = sorted((int(ya), int(yb)))
        x0, y0 = max(0, x0), max(0, y0)
        x1, y1 = min(self.width, x1 + 1), min(self.height, y1 + 1)
        if x1 > x0 and y1 > y0:
            self.boxes.append((x0, y0, x1, y1))
            self._draw()

    def clear(self) -> None:
        self.boxes.clear()
        self._draw()

    def _draw(self) -> None:
        line = max(1.0, self.width / 200)
        self.view.content = "".join(
            f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="red" '
            f'fill-opacity="0.25" stroke="red" stroke-width="{line:g}" />'
            for x0, y0, x1, y1 in self.boxes
        )

    def mask_png(self) -> bytes | None:
        """The boxes as a PNG mask of the image's size (255 = defect), or None without boxes."""
        if not self.boxes:
            return None
        import cv2

        mask = np.zeros((self.height, self.width), np.uint8)
        for x0, y0, x1, y1 in self.boxes:
            mask[y0:y1, x0:x1] = 255
        ok, png = cv2.imencode(".png", mask)
        if not ok:  # pragma: no cover - encoding a valid array does not fail
            raise RuntimeError("could not encode the region")
        return bytes(png)
