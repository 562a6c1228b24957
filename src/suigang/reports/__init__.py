"""Documents the platform hands to people: quality certificates (PDF)."""

from suigang.reports.certificate import (
    LABELS,
    CapabilityFigure,
    CertificateData,
    ChartImage,
    VisualInspectionStats,
    render_certificate,
)

__all__ = [
    "LABELS",
    "CapabilityFigure",
    "CertificateData",
    "ChartImage",
    "VisualInspectionStats",
    "render_certificate",
]
