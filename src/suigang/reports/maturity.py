"""A firm's digital-maturity report as a PDF, in the reader's language.

``render_maturity_report(data) -> bytes`` is a pure function of a plain dataclass: the same
data gives the same bytes (the PDF is dated when the report was made). It shows the level and
score, the level scores, a radar of the element scores per level, the answers the platform
proposed with their evidence and what the firm decided, the gaps at the next level and the
roadmap of platform features. Fonts as for the certificate: reportlab's CID fonts for
Chinese (no font file needed), Helvetica for Latin text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from suigang.reports._pdf import FONTS, a4_pdf, cjk_font, local_time, mixed_script, register_fonts
from suigang.reports.certificate import LANGUAGES

# One entry per label: (zh-Hans, zh-Hant, en)
LABELS: dict[str, tuple[str, str, str]] = {
    "title": (
        "智能制造能力成熟度自评报告", "智能製造能力成熟度自評報告",
        "Digital maturity self-assessment",
    ),
    "basis": (
        "依据 GB/T 39116 模型，按 GB/T 39117 方式评分",
        "依據 GB/T 39116 模型，按 GB/T 39117 方式評分",
        "GB/T 39116 model, scored in the manner of GB/T 39117",
    ),
    "firm": ("企业", "企業", "Firm"),
    "made": ("生成时间", "生成時間", "Made"),
    "status": ("状态", "狀態", "Status"),
    "draft": ("草稿", "草稿", "Draft"),
    "submitted": ("已提交", "已提交", "Submitted"),
    "level": ("成熟度等级", "成熟度等級", "Maturity level"),
    "score": ("总分 S", "總分 S", "Score S"),
    "level_scores": ("各级得分", "各級得分", "Level scores"),
    "lv": ("级别", "級別", "Level"),
    "counted": ("计入总分", "計入總分", "Counted"),
    "yes": ("是", "是", "yes"),
    "no": ("否", "否", "no"),
    "radar": ("各能力要素得分（按级别）", "各能力要素得分（按級別）", "Element scores per level"),
    "proposals": (
        "平台数据建议的答案", "平臺數據建議的答案", "Answers proposed from platform data"
    ),
    "requirement": ("要求", "要求", "Requirement"),
    "evidence": ("依据", "依據", "Evidence"),
    "proposed": ("建议", "建議", "Proposed"),
    "answer": ("答案", "答案", "Answer"),
    "gaps": ("差距（下一级未完全满足的要求）", "差距（下一級未完全滿足的要求）",
             "Gaps (requirements below 1.0 at the next level)"),
    "impact": ("提升", "提升", "Impact"),
    "no_gaps": ("无差距", "無差距", "No gaps"),
    "roadmap": ("改进路线图：可用的平台功能", "改進路線圖：可用的平臺功能",
                "Roadmap: platform features that close the gaps"),
    "feature": ("功能", "功能", "Feature"),
    "closes": ("对应子域", "對應子域", "Sub-domains"),
    "summary_note": (
        "要求文字为团队编写的摘要，非标准原文。",
        "要求文字為團隊編寫的摘要，非標準原文。",
        "Requirement texts are summaries written by the team, not the standard's text.",
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ProposalLine:
    requirement: str  # "R1 L2 b: Key machines ... "
    evidence: str
    proposed: str
    answer: str


@dataclass(frozen=True, slots=True)
class GapLine:
    requirement: str
    answer: str
    impact: float | None


@dataclass(frozen=True, slots=True)
class MaturityReportData:
    """Everything the report shows, already in the reader's language."""

    firm: str
    made_at: datetime
    submitted: bool
    level: int
    score: float
    level_scores: tuple[tuple[int, float | None, bool], ...]  # level, score, counted
    elements: tuple[str, ...]  # element names, radar axes
    radar: tuple[tuple[int, tuple[float, ...]], ...]  # level → element scores (0 if none)
    proposals: tuple[ProposalLine, ...] = ()
    gaps: tuple[GapLine, ...] = ()
    roadmap: tuple[tuple[str, str], ...] = ()  # feature, sub-domains
    summaries: bool = True  # the requirement texts are the team's summaries
    lang: str = "en"
    zone: str = "Asia/Shanghai"
    languages: tuple[str, ...] = field(default=LANGUAGES)

    def __post_init__(self) -> None:
        if self.lang not in FONTS:
            raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, got {self.lang!r}")
        if self.made_at.tzinfo is None:
            raise ValueError(f"made_at must be timezone-aware, got {self.made_at!r}")
        if not self.firm.strip():
            raise ValueError("firm is empty")


def _radar(data: MaturityReportData) -> object:
    from reportlab.graphics.charts.spider import SpiderChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    palette = ["#0f766e", "#2563eb", "#d97706", "#7c3aed", "#dc2626"]
    drawing = Drawing(300, 220)
    chart = SpiderChart()
    chart.x, chart.y, chart.width, chart.height = 60, 20, 180, 180
    chart.data = [list(values) for _, values in data.radar]
    chart.labels = list(data.elements)
    font = cjk_font(data.lang)
    chart.spokeLabels.fontName = "Helvetica" if data.lang == "en" else font
    chart.spokeLabels.fontSize = 8
    for i, (level, _) in enumerate(data.radar):
        chart.strands[i].strokeColor = colors.HexColor(palette[i % len(palette)])
        chart.strands[i].fillColor = None
        chart.strands[i].strokeWidth = 1.2
        drawing.add(String(250, 200 - 12 * i, f"L{level}", fontName="Helvetica", fontSize=8,
                           fillColor=colors.HexColor(palette[i % len(palette)])))  # fmt: skip
    drawing.add(chart)
    return drawing


def render_maturity_report(data: MaturityReportData) -> bytes:
    """The report as PDF bytes (A4)."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    register_fonts()
    lang = data.lang
    cjk = cjk_font(lang)
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=8.5, leading=11)
    heading = ParagraphStyle("heading", parent=body, fontSize=11, leading=15, spaceBefore=8)
    title_style = ParagraphStyle("title", parent=body, fontSize=15, leading=20, alignment=1)

    def text(value: str) -> str:
        return mixed_script(value, cjk)

    def label(key: str) -> str:
        return text(LABELS[key][LANGUAGES.index(lang)])

    def p(value: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(value, style)

    grid = TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
    ])  # fmt: skip
    story: list[object] = [p(label("title"), title_style), p(label("basis")), Spacer(1, 4 * mm)]
    header = Table(
        [[p(label(k)), p(v)] for k, v in (
            ("firm", text(data.firm)),
            ("made", local_time(data.made_at, data.zone)),
            ("status", label("submitted" if data.submitted else "draft")),
            ("level", f"<b>{data.level}</b>"),
            ("score", f"{data.score:.4f}"),
        )],
        colWidths=[50 * mm, 120 * mm],
    )  # fmt: skip
    header.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey)]))
    story.append(header)

    story.append(p(label("level_scores"), heading))
    rows = [[p(label("lv")), p(label("score")), p(label("counted"))]]
    for level, value, counted in data.level_scores:
        shown = "—" if value is None else f"{value:.4f}"
        rows.append([p(f"L{level}"), p(shown), p(label("yes" if counted else "no"))])
    table = Table(rows, colWidths=[30 * mm, 40 * mm, 30 * mm])
    table.setStyle(grid)
    story.append(table)
    if data.radar:
        story += [p(label("radar"), heading), _radar(data)]

    if data.proposals:
        story.append(p(label("proposals"), heading))
        rows = [[p(label(k)) for k in ("requirement", "evidence", "proposed", "answer")]]
        for line in data.proposals:
            rows.append([p(text(line.requirement)), p(text(line.evidence)),
                         p(text(line.proposed)), p(text(line.answer))])  # fmt: skip
        table = Table(rows, colWidths=[62 * mm, 62 * mm, 22 * mm, 28 * mm], repeatRows=1)
        table.setStyle(grid)
        story.append(table)

    story.append(p(label("gaps"), heading))
    if data.gaps:
        rows = [[p(label(k)) for k in ("requirement", "answer", "impact")]]
        for gap in data.gaps:
            impact = "—" if gap.impact is None else f"+{gap.impact:.4f}"
            rows.append([p(text(gap.requirement)), p(text(gap.answer)), p(impact)])
        table = Table(rows, colWidths=[120 * mm, 30 * mm, 24 * mm], repeatRows=1)
        table.setStyle(grid)
        story.append(table)
    else:
        story.append(p(label("no_gaps")))
    if data.roadmap:
        story.append(p(label("roadmap"), heading))
        rows = [[p(label("feature")), p(label("closes"))]]
        rows += [[p(text(name)), p(text(codes))] for name, codes in data.roadmap]
        table = Table(rows, colWidths=[120 * mm, 54 * mm], repeatRows=1)
        table.setStyle(grid)
        story.append(table)
    if data.summaries:
        story += [Spacer(1, 4 * mm), p(label("summary_note"))]

    return a4_pdf(
        story, title=f"Digital maturity: {data.firm}", made_at=data.made_at, zone=data.zone
    )
