"""How the quality pages write a measured value and name a chart panel."""

from __future__ import annotations

from suigang.ui.i18n import LABELS, t


def num(value: float | None, digits: int = 3) -> str:
    """A measured value with ``digits`` decimals; an em dash when there is none."""
    return "—" if value is None else f"{value:.{digits}f}"


def panel_name(code: str) -> str:
    """A chart panel's name in the user's language; the engine's code if it has none."""
    key = f"quality.panel.{code}"
    return t(key) if key in LABELS else code
