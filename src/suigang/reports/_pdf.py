"""What the PDF documents share: reportlab's CID fonts for Chinese (no font file needed),
free text that mixes scripts, times on the zone's clock, and an A4 document that gives the
same bytes for the same story."""

from __future__ import annotations

import io
import re
from datetime import datetime
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

FONTS = {"zh-Hans": "STSong-Light", "zh-Hant": "MSung-Light", "en": "Helvetica"}


def cjk_font(lang: str) -> str:
    """The Chinese font of ``lang``: Traditional for ``zh-Hant``, Simplified otherwise."""
    return FONTS["zh-Hant"] if lang == "zh-Hant" else FONTS["zh-Hans"]


def mixed_script(value: str, cjk: str) -> str:
    """Paragraph markup of free text (a name) that may mix Chinese and Latin: the Latin runs in
    Helvetica, the rest in the ``cjk`` font."""
    runs = re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", value)
    return "".join(
        f'<font name="{"Helvetica" if run.isascii() else cjk}">{escape(run)}</font>' for run in runs
    )


def local_time(value: datetime, zone: str) -> str:
    """``2026-12-07 14:30 UTC+8``: a time in the zone's clock, with its offset."""
    local = value.astimezone(ZoneInfo(zone))
    offset = local.utcoffset()
    hours = 0.0 if offset is None else offset.total_seconds() / 3600
    return f"{local:%Y-%m-%d %H:%M} UTC{hours:+g}"


def pdf_date(value: datetime, zone: str) -> str:
    """The PDF date string of an aware time in the zone, e.g. ``D:20261207143000+08'00'``."""
    local = value.astimezone(ZoneInfo(zone))
    offset = local.utcoffset()
    minutes = 0 if offset is None else int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"D:{local:%Y%m%d%H%M%S}{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"


def register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    registered = set(pdfmetrics.getRegisteredFontNames())
    if "STSong-Light" not in registered:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    if "MSung-Light" not in registered:
        font = UnicodeCIDFont("MSung-Light")
        # reportlab pairs MSung-Light (Adobe-CNS1) with the GB CMap 'UniGB-UCS2-H'; strict
        # readers then drop the Traditional text. The CNS Unicode CMap is the right one.
        font.encodingName = "UniCNS-UCS2-H"
        pdfmetrics.registerFont(font)


def a4_pdf(story: list[object], *, title: str, made_at: datetime, zone: str) -> bytes:
    """``story`` as an A4 PDF titled ``title``, dated ``made_at`` in the zone: without random
    ids, so that the same story gives the same bytes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=title,
        invariant=True,
    )
    created = pdf_date(made_at, zone)

    def date_the_pdf(canvas: object, _doc: object) -> None:
        # invariant mode would date every document 2000-01-01: it is dated when made
        canvas.setDateFormatter(lambda *_: created)  # type: ignore[attr-defined]

    doc.build(story, onFirstPage=date_the_pdf, onLaterPages=date_the_pdf)
    return buffer.getvalue()
