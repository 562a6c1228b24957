"""Chart PNGs: drawn with matplotlib only on demand."""

from __future__ import annotations

import struct
import subprocess
import sys

from suigang.engines.spc import ChartKind, ChartSpec, analyze_chart, render_chart_png


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_two_panels_stack_vertically() -> None:
    """I-MR has two panels: an 8 × 5.6 inch figure at 100 dpi is 800 × 560 pixels."""
    result = analyze_chart(ChartSpec(ChartKind.IMR, (1.0, 2.0, 1.5, 9.0, 1.2), phase1=3))
    assert png_size(render_chart_png(result, dpi=100)) == (800, 560)


def test_cusum_sides_share_one_panel() -> None:
    """CUSUM's upper and lower sums are drawn on one axis: 8 × 3.4 inches."""
    spec = ChartSpec(ChartKind.CUSUM, (1, 1, 1, -3), target=0.0, sigma=1.0, h=2.0)
    assert png_size(render_chart_png(analyze_chart(spec), dpi=100)) == (800, 340)


def test_engine_import_does_not_load_matplotlib() -> None:
    """Importing the engine leaves matplotlib unloaded until a chart is drawn."""
    code = "import sys, suigang.engines.spc; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
