"""Documents the platform hands to people: quality certificates (PDF)."""

from suigang.reports.certificate import (
    LABELS,
    AlarmLine,
    CapabilityFigure,
    CertificateData,
    CertificateVerdict,
    ChartImage,
    VisualInspectionStats,
    render_certificate,
)

__all__ = [
    "LABELS",
    "AlarmLine",
    "CapabilityFigure",
    "CertificateData",
    "CertificateVerdict",
    "ChartImage",
    "VisualInspectionStats",
    "render_certificate",
]
