"""The lot certificate PDF: figures and three-language labels read back from the PDF text."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from suigang.engines.spc import (
    CapabilitySpec,
    ChartKind,
    ChartSpec,
    analyze_capability,
    analyze_chart,
    render_chart_png,
)
from suigang.reports import (
    AlarmLine,
    CapabilityFigure,
    CertificateData,
    CertificateVerdict,
    ChartImage,
    VisualInspectionStats,
    render_certificate,
)

VALUES = (10.1, 9.9, 10.0, 10.2, 9.8, 10.05, 9.95, 10.1, 9.9, 10.0, 10.15, 9.85)
GROUPS = tuple(str(i // 3) for i in range(len(VALUES)))


def certificate(**changes: object) -> CertificateData:
    cap = analyze_capability(CapabilitySpec(VALUES, lsl=9.0, usl=11.0, subgroups=GROUPS))
    chart = analyze_chart(ChartSpec(ChartKind.XBAR_R, VALUES, GROUPS))
    data = CertificateData(
        certificate_no="QC-2026-0042",
        lot="LOT-7731",
        product="活塞环 Piston ring PR-74",
        customer="香港精密設計有限公司",
        supplier="Zone Precision Works",
        issued_at=datetime(2026, 11, 28, 3, 30, tzinfo=UTC),  # 11:30 in the zone
        verdict=CertificateVerdict.ACCEPTED,
        quantity=5000,
        capability=(
            CapabilityFigure(
                "Bore diameter (mm)", 9.0, 11.0, cap.n, cap.mean, cap.cp, cap.cpk, cap.pp, cap.ppk
            ),
        ),
        charts=(ChartImage("Xbar-R, bore diameter", render_chart_png(chart, dpi=60)),),
        visual=VisualInspectionStats(inspected=2000, passed=1970, failed=30, overruled=4),
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_figures_appear_in_the_pdf() -> None:
    """Lot, customer, Cp/Cpk to 3 decimals and the pass rate 1970/2000 = 98.50% are printed."""
    data = certificate()
    cap = data.capability[0]
    text = pdf_text(render_certificate(data))
    assert "LOT-7731" in text and "QC-2026-0042" in text
    assert "香港精密設計有限公司" in text
    assert f"{cap.cp:.3f}" in text and f"{cap.cpk:.3f}" in text
    assert "98.50%" in text and "1970" in text and "2000" in text
    assert "2026-11-28 11:30 UTC+8" in text  # issued at 03:30 UTC, shown in the zone's time


def test_three_language_labels() -> None:
    """Title and labels appear in Simplified, Traditional and English."""
    text = pdf_text(render_certificate(certificate()))
    for phrase in (
        "产品质量合格证书",
        "產品品質合格證書",
        "Certificate of Quality",
        "批号",
        "批號",
    ):
        assert phrase in text


def test_single_language() -> None:
    """languages=('en',) prints English labels only."""
    text = pdf_text(render_certificate(certificate(languages=("en",))))
    assert "Certificate of Quality" in text
    assert "证书" not in text and "證書" not in text


def test_rejected_verdict() -> None:
    """A rejected lot says so."""
    data = certificate(verdict=CertificateVerdict.REJECTED, languages=("en",))
    text = pdf_text(render_certificate(data))
    assert "Rejected" in text and "Accepted" not in text


def test_deterministic_output() -> None:
    """The same data renders to the same bytes (invariant PDF: no timestamps or random ids)."""
    data = certificate()
    assert render_certificate(data) == render_certificate(data)


def test_bad_input() -> None:
    """Inconsistent counts, a non-PNG chart, an unknown language and an empty lot are refused."""
    with pytest.raises(ValueError, match="must equal inspected"):
        VisualInspectionStats(inspected=10, passed=9, failed=2)
    with pytest.raises(ValueError, match="is not a PNG image"):
        ChartImage("x", b"GIF89a")
    with pytest.raises(ValueError, match="language 'fr'"):
        certificate(languages=("fr",))
    with pytest.raises(ValueError, match="lot is empty"):
        certificate(lot=" ")


def test_identical_wording_printed_once() -> None:
    """'合格' is the same in both scripts, so the verdict reads '合格放行 / Accepted'."""
    text = pdf_text(render_certificate(certificate()))
    assert "合格放行 / Accepted" in text
    assert "合格放行 / 合格放行" not in text


def test_creation_date_is_the_issue_time() -> None:
    """The PDF's creation date is the issue time in the zone (it was 2000-01-01 for all)."""
    info = PdfReader(io.BytesIO(render_certificate(certificate()))).metadata
    assert info is not None
    # 03:30 UTC is 11:30 at UTC+8
    assert info["/CreationDate"] == "D:20261128113000+08'00'"


def test_open_alarm_is_printed_and_holds_the_lot() -> None:
    """An alarm without a disposition is listed as open and the verdict says the lot waits
    for it; a released alarm shows the decision, the reason and who decided."""
    fired = datetime(2026, 11, 27, 16, 5, tzinfo=UTC)  # 00:05 on the 28th in the zone
    open_alarm = AlarmLine("Bore diameter", "X̄", "7", "WE1", 10.31, fired)
    data = certificate(verdict=CertificateVerdict.PENDING, alarms=(open_alarm,), languages=("en",))
    text = " ".join(pdf_text(render_certificate(data)).split())  # cells wrap their lines
    assert "Not accepted: alarms await a disposition" in text and "Accepted" not in text
    assert "Out-of-control alarms" in text and "WE1" in text and "10.3100" in text
    assert "2026-11-28 00:05 UTC+8" in text and "Open" in text
    released = replace(
        open_alarm, disposition="release", reason="probe recalibrated", decided_by="qa@gz1"
    )
    data = certificate(alarms=(released,), languages=("en",))
    text = " ".join(pdf_text(render_certificate(data)).split())
    assert "Released: probe recalibrated (qa@gz1)" in text
