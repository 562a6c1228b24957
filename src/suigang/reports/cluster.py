"""The cluster's path to its target as an Excel workbook and a PDF, in one of three languages.

Pure functions of the dashboard's figures (``ClusterRead``): amounts in CNY as Decimal
cells (never floats in the workbook), shares and growth as percentages.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from suigang.domains.cluster.schemas import ClusterRead

# One entry per label: (zh-Hans, zh-Hant, en)
LABELS: dict[str, tuple[str, str, str]] = {
    "title": ("穗港智造合作区产业集群：2035 年目标路径", "穗港智造合作區產業集群：2035 年目標路徑",
              "Sui-Gang cluster: the path to the 2035 target"),
    "target": ("目标", "目標", "Target"),
    "latest": ("最新年度产值", "最新年度產值", "Latest output"),
    "required": ("所需年均增速", "所需年均增速", "Required annual growth"),
    "achieved": ("已实现年均增速", "已實現年均增速", "Achieved annual growth"),
    "trend": ("趋势增速", "趨勢增速", "Trend growth"),
    "chance": ("按趋势达标概率", "按趨勢達標概率", "Chance of the target on the trend"),
    "method": ("预测方法", "預測方法", "Projection method"),
    "year": ("年度", "年度", "Year"),
    "output": ("产值（元）", "產值（元）", "Output (CNY)"),
    "tax": ("税收（元）", "稅收（元）", "Tax (CNY)"),
    "rd": ("研发（元）", "研發（元）", "R&D (CNY)"),
    "employees": ("从业人员", "從業人員", "Employees"),
    "firms": ("企业数", "企業數", "Firms"),
    "growth": ("增速", "增速", "Growth"),
    "hk_share": ("港资企业产值占比", "港資企業產值佔比", "Hong Kong-invested share"),
    "projection": ("预测", "預測", "Projection"),
    "central": ("中值（元）", "中值（元）", "Central (CNY)"),
    "low": ("下限（元）", "下限（元）", "Low (CNY)"),
    "high": ("上限（元）", "上限（元）", "High (CNY)"),
    "segments": ("分领域产值", "分領域產值", "Output by segment"),
    "segment": ("领域", "領域", "Segment"),
    "share": ("占比", "佔比", "Share"),
    "years": ("历年数据", "歷年數據", "Years"),
    "none": ("—", "—", "—"),
}  # fmt: skip
LANGUAGES = ("zh-Hans", "zh-Hant", "en")


def label(key: str, lang: str) -> str:
    return LABELS[key][LANGUAGES.index(lang) if lang in LANGUAGES else 2]


def percent(value: float | Decimal | None) -> str:
    return "—" if value is None else f"{float(value) * 100:.2f}%"


def money(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def cluster_xlsx(data: ClusterRead, lang: str = "en") -> bytes:
    """A workbook: a summary sheet, the years, the segments by year, the projection."""
    from openpyxl import Workbook

    def cell(text: str) -> str:  # a name starting with = stays text
        return "'" + text if text[:1] in ("=", "+", "-", "@") else text

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "summary"
    for key, value in (
        ("target", f"{data.target_cny} CNY, {data.target_year}"),
        ("latest", f"{data.latest_output_cny} CNY, {data.latest_year}"),
        ("required", percent(data.required_cagr)),
        ("achieved", percent(data.achieved_cagr)),
        ("trend", percent(data.trend_growth)),
        ("chance", percent(data.chance_of_target)),
        ("method", data.method),
    ):
        ws.append([label(key, lang), value])
    years = wb.create_sheet("years")
    heads = ("year", "output", "tax", "rd", "employees", "firms", "growth", "hk_share")
    years.append([label(k, lang) for k in heads])
    for y in data.years:
        years.append([y.year, y.output_cny, y.tax_cny, y.rd_cny, y.employees, y.firms,
                      None if y.growth is None else Decimal(repr(round(y.growth, 6))),
                      y.hk_invested_share])  # fmt: skip
    segments = wb.create_sheet("segments")
    segments.append([label(k, lang) for k in ("year", "segment", "output", "share")])
    for y in data.years:
        for s in y.segments:
            segments.append([y.year, cell(s.name), s.output_cny, s.share])
    projection = wb.create_sheet("projection")
    projection.append([label(k, lang) for k in ("year", "central", "low", "high")])
    for p in data.projection:
        projection.append([p.year, p.central_cny, p.low_cny, p.high_cny])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def cluster_pdf(data: ClusterRead, lang: str = "en") -> bytes:
    """An A4 report of the same figures, in ``lang``."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from suigang.reports._pdf import FONTS, register_fonts

    register_fonts()
    font = FONTS.get(lang, "Helvetica")
    body = ParagraphStyle("body", fontName=font, fontSize=8.5, leading=11)
    heading = ParagraphStyle("heading", parent=body, fontSize=11, leading=15, spaceBefore=6)
    title = ParagraphStyle("title", parent=body, fontSize=14, leading=19, alignment=1)
    grid = TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
    ])  # fmt: skip

    def p(text: str) -> Paragraph:
        return Paragraph(escape(text), body)

    def table(rows: list[list[Any]]) -> Table:
        t = Table([[p(str(c)) for c in row] for row in rows], repeatRows=1)
        t.setStyle(grid)
        return t

    story: list[Any] = [Paragraph(escape(label("title", lang)), title), Spacer(1, 4 * mm)]
    story.append(table([
        [label("target", lang), f"{money(data.target_cny)} CNY · {data.target_year}"],
        [label("latest", lang), f"{money(data.latest_output_cny)} CNY · {data.latest_year or '—'}"],
        [label("required", lang), percent(data.required_cagr)],
        [label("achieved", lang), percent(data.achieved_cagr)],
        [label("trend", lang), percent(data.trend_growth)],
        [label("chance", lang), percent(data.chance_of_target)],
        [label("method", lang), data.method],
    ]))  # fmt: skip
    story += [Paragraph(escape(label("years", lang)), heading), table(
        [[label(k, lang) for k in ("year", "output", "growth", "hk_share", "firms", "employees")]]
        + [[y.year, money(y.output_cny), percent(y.growth), percent(y.hk_invested_share), y.firms,
            y.employees] for y in data.years]
    )]  # fmt: skip
    if data.years:
        latest = data.years[-1]
        story += [Paragraph(escape(f"{label('segments', lang)} · {latest.year}"), heading), table(
            [[label(k, lang) for k in ("segment", "output", "share")]]
            + [[s.name, money(s.output_cny), percent(s.share)] for s in latest.segments]
        )]  # fmt: skip
    if data.projection:
        story += [Paragraph(escape(label("projection", lang)), heading), table(
            [[label(k, lang) for k in ("year", "central", "low", "high")]]
            + [[q.year, money(q.central_cny), money(q.low_cny), money(q.high_cny)]
               for q in data.projection]
        )]  # fmt: skip
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, title=label("title", lang),
                            leftMargin=15 * mm, rightMargin=15 * mm, invariant=1)  # fmt: skip
    doc.build(story)
    return out.getvalue()
