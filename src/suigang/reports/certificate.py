"""A lot's quality certificate as a PDF, in Simplified Chinese, Traditional Chinese and English.

``render_certificate(data) -> bytes`` is a pure function of a plain dataclass: the same data
gives the same bytes, and the PDF's creation date is the certificate's issue time. Chinese
text uses reportlab's built-in CID fonts (STSong-Light for Simplified, MSung-Light for
Traditional), which PDF readers supply, so no font file is needed; Latin text and figures use
Helvetica. Times are printed in the zone's time (UTC+8).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from xml.sax.saxutils import escape

from suigang.reports._pdf import FONTS, a4_pdf, cjk_font, local_time, mixed_script, register_fonts

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# One entry per label: (zh-Hans, zh-Hant, en)
LABELS: dict[str, tuple[str, str, str]] = {
    "title": ("产品质量合格证书", "產品品質合格證書", "Certificate of Quality"),
    "certificate_no": ("证书编号", "證書編號", "Certificate no."),
    "lot": ("批号", "批號", "Lot"),
    "product": ("产品", "產品", "Product"),
    "customer": ("客户", "客戶", "Customer"),
    "supplier": ("制造商", "製造商", "Manufacturer"),
    "quantity": ("数量", "數量", "Quantity"),
    "issued": ("签发日期", "簽發日期", "Issued"),
    "capability": ("过程能力", "製程能力", "Process capability"),
    "characteristic": ("特性", "特性", "Characteristic"),
    "spec": ("规格限", "規格界限", "Specification"),
    "n": ("样本量", "樣本數", "n"),
    "mean": ("均值", "平均值", "Mean"),
    "charts": ("控制图", "管制圖", "Control charts"),
    "visual": ("外观检测", "外觀檢測", "Visual inspection"),
    "inspected": ("检验数", "檢驗數", "Inspected"),
    "passed": ("合格", "合格", "Passed"),
    "failed": ("不合格", "不合格", "Rejected"),
    "overruled": ("人工复核改判", "人工覆核改判", "Overruled on review"),
    "pass_rate": ("合格率", "合格率", "Pass rate"),
    "verdict": ("结论", "結論", "Verdict"),
    "accepted": ("合格放行", "合格放行", "Accepted"),
    "rejected": ("不合格", "不合格", "Rejected"),
    "pending": (
        "暂不放行：失控报警待处置",
        "暫不放行：失控警報待處置",
        "Not accepted: alarms await a disposition",
    ),
    "alarms": ("失控报警", "失控警報", "Out-of-control alarms"),
    "fired_at": ("时间", "時間", "Time"),
    "panel": ("图", "圖", "Chart"),
    "subgroup": ("子组", "子組", "Subgroup"),
    "rule": ("规则", "規則", "Rule"),
    "value": ("数值", "數值", "Value"),
    "disposition": ("处置", "處置", "Disposition"),
    "open": ("未处置", "未處置", "Open"),
    "release": ("放行", "放行", "Released"),
    "reject": ("拒收", "拒收", "Rejected"),
}


class CertificateVerdict(StrEnum):
    """What the certificate says of the lot."""

    ACCEPTED = "accepted"  # within specification, no failed part, every alarm released
    REJECTED = "rejected"  # a value out of specification, a failed part or a rejected alarm
    PENDING = "pending"  # otherwise fine, but an alarm has no disposition yet


LANGUAGES = ("zh-Hans", "zh-Hant", "en")


def _require(name: str, value: str) -> None:
    if not value.strip():
        raise ValueError(f"{name} is empty")


@dataclass(frozen=True, slots=True)
class CapabilityFigure:
    """Capability of one characteristic (indices ``None`` where undefined)."""

    characteristic: str
    lsl: float | None
    usl: float | None
    n: int
    mean: float
    cp: float | None
    cpk: float | None
    pp: float | None = None
    ppk: float | None = None

    def __post_init__(self) -> None:
        _require("characteristic", self.characteristic)
        if self.n < 1:
            raise ValueError(f"n must be at least 1, got {self.n!r}")
        if self.lsl is not None and self.usl is not None and self.lsl >= self.usl:
            raise ValueError(f"lsl ({self.lsl!r}) must be below usl ({self.usl!r})")


@dataclass(frozen=True, slots=True)
class ChartImage:
    """A chart picture (PNG bytes) with its caption."""

    caption: str
    png: bytes

    def __post_init__(self) -> None:
        if not self.png.startswith(PNG_SIGNATURE):
            raise ValueError(f"chart '{self.caption}' is not a PNG image")


@dataclass(frozen=True, slots=True)
class VisualInspectionStats:
    """Counts from the visual inspection stations for the lot."""

    inspected: int
    passed: int
    failed: int
    overruled: int = 0

    def __post_init__(self) -> None:
        for name in ("inspected", "passed", "failed", "overruled"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} cannot be negative, got {getattr(self, name)!r}")
        if self.passed + self.failed != self.inspected:
            raise ValueError(
                f"passed ({self.passed}) + failed ({self.failed}) must equal inspected "
                f"({self.inspected})"
            )

    @property
    def pass_rate(self) -> float | None:
        """Share of inspected parts that passed (``None`` when nothing was inspected)."""
        return self.passed / self.inspected if self.inspected else None


@dataclass(frozen=True, slots=True)
class AlarmLine:
    """An out-of-control alarm of the lot and its disposition (``None``: still open)."""

    characteristic: str
    chart: str  # the panel's symbol: X̄, R, I, MR...
    subgroup: str
    rule: str
    value: float | None
    fired_at: datetime
    disposition: str | None = None  # "release" or "reject"
    reason: str = ""
    decided_by: str = ""

    def __post_init__(self) -> None:
        _require("characteristic", self.characteristic)
        if self.fired_at.tzinfo is None:
            raise ValueError(f"fired_at must be timezone-aware, got {self.fired_at!r}")
        if self.disposition not in (None, "release", "reject"):
            raise ValueError(f"disposition must be release or reject, got {self.disposition!r}")


@dataclass(frozen=True, slots=True)
class CertificateData:
    """Everything printed on a lot's certificate."""

    certificate_no: str
    lot: str
    product: str
    customer: str
    supplier: str
    issued_at: datetime  # timezone-aware; printed in ``zone``, and the PDF's creation date
    verdict: CertificateVerdict
    quantity: int | None = None
    capability: tuple[CapabilityFigure, ...] = ()
    charts: tuple[ChartImage, ...] = ()
    visual: VisualInspectionStats | None = None
    alarms: tuple[AlarmLine, ...] = ()
    languages: tuple[str, ...] = field(default=LANGUAGES)
    zone: str = "Asia/Shanghai"

    def __post_init__(self) -> None:
        for name in ("certificate_no", "lot", "product", "customer", "supplier"):
            _require(name, getattr(self, name))
        if self.issued_at.tzinfo is None:
            raise ValueError(f"issued_at must be timezone-aware, got {self.issued_at!r}")
        if self.verdict not in tuple(CertificateVerdict):
            raise ValueError(
                f"verdict must be one of accepted, rejected, pending: {self.verdict!r}"
            )
        if not self.languages:
            raise ValueError("languages is empty")
        for lang in self.languages:
            if lang not in FONTS:
                raise ValueError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
        if self.quantity is not None and self.quantity < 0:
            raise ValueError(f"quantity cannot be negative, got {self.quantity!r}")


def _number(value: float | None, digits: int = 3) -> str:
    if value is None or math.isnan(value):
        return "—"
    return f"{value:.{digits}f}"


def render_certificate(data: CertificateData) -> bytes:
    """The certificate as PDF bytes (A4)."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        Image,
        KeepTogether,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    register_fonts()
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=8.5, leading=11)
    heading = ParagraphStyle("heading", parent=body, fontSize=11, leading=15, spaceBefore=6)
    title_style = ParagraphStyle("title", parent=body, fontSize=15, leading=20, alignment=1)

    def label(key: str, sep: str = " / ") -> str:
        parts = LABELS[key]
        chosen: list[tuple[str, str]] = []
        for lang in data.languages:
            wording = parts[LANGUAGES.index(lang)]
            if all(wording != seen for _, seen in chosen):  # 合格 reads the same in both scripts
                chosen.append((lang, wording))
        return sep.join(
            f'<font name="{FONTS[lang]}">{escape(text)}</font>' for lang, text in chosen
        )

    cjk = cjk_font(data.languages[0])

    def text(value: str) -> Paragraph:
        return Paragraph(mixed_script(value, cjk), body)

    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ]
    )
    story: list[object] = [Paragraph(label("title", "<br/>"), title_style), Spacer(1, 4 * mm)]
    verdict = label(CertificateVerdict(data.verdict).value)
    header_rows = [
        ("certificate_no", text(data.certificate_no)),
        ("lot", text(data.lot)),
        ("product", text(data.product)),
        ("customer", text(data.customer)),
        ("supplier", text(data.supplier)),
        ("issued", text(local_time(data.issued_at, data.zone))),
    ]
    if data.quantity is not None:
        header_rows.append(("quantity", text(str(data.quantity))))
    header_rows.append(("verdict", Paragraph(f"<b>{verdict}</b>", body)))
    header = Table(
        [[Paragraph(label(key), body), value] for key, value in header_rows],
        colWidths=[70 * mm, 100 * mm],
    )
    header.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey)]))
    story.append(header)

    if data.capability:
        story.append(Paragraph(label("capability"), heading))
        rows: list[list[object]] = [
            [
                Paragraph(label(key, "<br/>"), body)
                for key in ("characteristic", "spec", "n", "mean")
            ]
            + [Paragraph(name, body) for name in ("Cp", "Cpk", "Pp", "Ppk")]
        ]
        for c in data.capability:
            spec = f"{_number(c.lsl, 4)} – {_number(c.usl, 4)}"
            rows.append(
                [text(c.characteristic), Paragraph(spec, body), Paragraph(str(c.n), body),
                 Paragraph(_number(c.mean, 4), body)]
                + [Paragraph(_number(v), body) for v in (c.cp, c.cpk, c.pp, c.ppk)]
            )  # fmt: skip
        table = Table(rows, colWidths=[36 * mm, 34 * mm, 14 * mm, 22 * mm] + [16 * mm] * 4)
        table.setStyle(grid)
        story.append(table)

    if data.visual is not None:
        v = data.visual
        story.append(Paragraph(label("visual"), heading))
        keys: tuple[str, ...] = ("inspected", "passed", "failed", "overruled", "pass_rate")
        rate = "—" if v.pass_rate is None else f"{100 * v.pass_rate:.2f}%"
        values = [str(v.inspected), str(v.passed), str(v.failed), str(v.overruled), rate]
        table = Table(
            [
                [Paragraph(label(k, "<br/>"), body) for k in keys],
                [Paragraph(x, body) for x in values],
            ],
            colWidths=[34 * mm] * 5,
        )
        table.setStyle(grid)
        story.append(table)

    if data.alarms:
        story.append(Paragraph(label("alarms"), heading))
        keys = ("fired_at", "characteristic", "panel", "subgroup", "rule", "value", "disposition")
        rows = [[Paragraph(label(k, "<br/>"), body) for k in keys]]
        for a in data.alarms:
            decided = (
                label("open")
                if a.disposition is None
                else f"{label(a.disposition)}: {escape(a.reason)} ({escape(a.decided_by)})"
            )
            rows.append(
                [Paragraph(local_time(a.fired_at, data.zone), body), text(a.characteristic),
                 text(a.chart), text(a.subgroup), text(a.rule),
                 Paragraph(_number(a.value, 4), body), Paragraph(decided, body)]
            )  # fmt: skip
        table = Table(
            rows, colWidths=[24 * mm, 26 * mm, 12 * mm, 16 * mm, 14 * mm, 18 * mm, 64 * mm]
        )
        table.setStyle(grid)
        story.append(table)

    if data.charts:
        story.append(Paragraph(label("charts"), heading))
        width = 170 * mm
        for chart in data.charts:
            image = Image(io.BytesIO(chart.png))
            scale = width / image.imageWidth
            image.drawWidth, image.drawHeight = width, image.imageHeight * scale
            story.append(KeepTogether([text(chart.caption), image, Spacer(1, 3 * mm)]))

    return a4_pdf(
        story,
        title=f"Certificate of Quality {data.certificate_no}",
        made_at=data.issued_at,
        zone=data.zone,
    )
