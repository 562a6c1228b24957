"""Chart images in the reader's language: every word comes from ChartText, and with the CJK
font the Chinese words are drawn (matplotlib warns of each glyph its fonts lack)."""

from __future__ import annotations

import warnings

import pytest

from suigang.domains.quality.chart_text import chart_text, cjk_font_file
from suigang.engines.spc import ChartKind, ChartSpec, ChartText, analyze_chart, render_chart_png

VALUES = (10.1, 9.9, 10.0, 10.2, 9.8, 10.05, 9.95, 10.1, 9.9, 10.0, 10.15, 9.85, 11.5)


def _missing_glyphs(**kwargs: object) -> list[str]:
    result = analyze_chart(ChartSpec(ChartKind.IMR, VALUES))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render_chart_png(result, title="壁厚 wall", dpi=40, **kwargs)  # type: ignore[arg-type]
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_traditional_chart_words_in_hong_kong_forms() -> None:
    """zh-Hant: the panel titles, axis and legend in 繁體 as Hong Kong writes them, drawn with
    the Hong Kong face of Noto Sans CJK."""
    text, fonts, files = chart_text(("zh-Hant",))
    assert (text.panels["i"], text.panels["mr"], text.x_label) == (
        "個別值 I",
        "移動全距 MR",
        "樣本序號",
    )
    assert (text.centre, text.limits, text.violated) == ("中心線", "管制界限", "違反判異規則")
    assert fonts == ("Noto Sans CJK HK",) and files == (cjk_font_file(),)


def test_three_languages_for_the_certificate() -> None:
    """A certificate's charts speak its three languages, each wording once."""
    text, _, _ = chart_text(("zh-Hans", "zh-Hant", "en"))
    assert text.x_label == "样本序号 / 樣本序號 / Sample no."
    assert text.panels["i"] == "单值 I / 個別值 I / Individuals I"


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_chinese_words_are_drawn_with_the_cjk_font(lang: str) -> None:
    """With the font every character has a glyph; matplotlib's own font alone lacks them
    (so the check can fail)."""
    text, fonts, files = chart_text((lang,))
    assert _missing_glyphs(text=text, fonts=fonts, font_files=files) == []
    assert _missing_glyphs(text=text) != []  # DejaVu Sans has no Han characters


def test_blank_words_are_refused() -> None:
    with pytest.raises(ValueError, match="x_label is empty"):
        ChartText(x_label=" ")
