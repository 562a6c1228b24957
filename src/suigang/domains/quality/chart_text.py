"""The words on a chart image in each language, and the font that has their characters.

Chinese needs a font matplotlib does not ship: Noto Sans CJK, from the ``noto-cjk-sans-otc``
package (an OpenType collection whose faces include Simplified, Traditional/Hong Kong and
Japanese forms). Without it the chart stays in English.
"""

from __future__ import annotations

from functools import cache

from suigang.engines.spc import ChartText

LANGUAGES = ("zh-Hans", "zh-Hant", "en")

# key: (zh-Hans, zh-Hant, en)
LABELS: dict[str, tuple[str, str, str]] = {
    "xbar": ("均值 X̄", "平均值 X̄", "Mean X̄"),
    "r": ("极差 R", "全距 R", "Range R"),
    "s": ("标准差 S", "標準差 S", "Standard deviation S"),
    "i": ("单值 I", "個別值 I", "Individuals I"),
    "mr": ("移动极差 MR", "移動全距 MR", "Moving range MR"),
    "p": ("不合格品率 p", "不良率 p", "Proportion defective p"),
    "np": ("不合格品数 np", "不良數 np", "Number defective np"),
    "c": ("缺陷数 c", "缺點數 c", "Defects c"),
    "u": ("单位缺陷数 u", "單位缺點數 u", "Defects per unit u"),
    "ewma": ("指数加权移动平均 EWMA", "指數加權移動平均 EWMA", "EWMA"),
    "cusum+": (
        "累积和 CUSUM（上方 C⁺，下方 −C⁻）",
        "累積和 CUSUM（上方 C⁺，下方 −C⁻）",
        "CUSUM (C⁺ above, −C⁻ below)",
    ),
    "x_label": ("样本序号", "樣本序號", "Sample no."),
    "values": ("数值", "數值", "Values"),
    "centre": ("中心线", "中心線", "Centre line"),
    "limits": ("控制限", "管制界限", "Control limits"),
    "violated": ("违反判异规则", "違反判異規則", "Rule violated"),
    "phase_split": ("第一阶段 | 第二阶段", "第一階段 | 第二階段", "Phase I | phase II"),
}
PANELS = ("xbar", "r", "s", "i", "mr", "p", "np", "c", "u", "ewma", "cusum+")
# the face of the collection whose glyphs suit each script (Hong Kong forms for 繁體)
FAMILIES = {"zh-Hans": "Noto Sans CJK SC", "zh-Hant": "Noto Sans CJK HK"}


@cache
def cjk_font_file() -> str | None:
    """The Noto Sans CJK collection's path, or None when the package is missing."""
    try:
        from noto_cjk_sans_otc import FONT_PATH
    except ImportError:
        return None
    return str(FONT_PATH)


def chart_text(langs: tuple[str, ...]) -> tuple[ChartText, tuple[str, ...], tuple[str, ...]]:
    """The words of a chart in ``langs`` (several: joined by " / ", as on a certificate), with
    the font families and files to draw them; English alone when no CJK font is at hand."""
    font = cjk_font_file()
    if font is None:
        langs = ("en",)
    chosen = [lang for lang in langs if lang in LANGUAGES] or ["en"]

    def word(key: str) -> str:
        texts: list[str] = []
        for lang in chosen:
            text = LABELS[key][LANGUAGES.index(lang)]
            if text not in texts:
                texts.append(text)
        return " / ".join(texts)

    text = ChartText(
        panels={p: word(p) for p in PANELS},
        x_label=word("x_label"),
        values=word("values"),
        centre=word("centre"),
        limits=word("limits"),
        violated=word("violated"),
        phase_split=word("phase_split"),
    )
    if font is None:
        return text, (), ()
    # characteristic names are free text: CJK glyphs are at hand in English too
    families = tuple(dict.fromkeys(FAMILIES[lang] for lang in chosen if lang in FAMILIES))
    return text, families or (FAMILIES["zh-Hans"],), (font,)
