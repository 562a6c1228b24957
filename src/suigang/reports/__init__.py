"""Documents the platform hands to people: quality certificates and maturity reports (PDF)."""

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
from suigang.reports.maturity import (
    GapLine,
    MaturityReportData,
    ProposalLine,
    render_maturity_report,
)

__all__ = [
    "LABELS",
    "AlarmLine",
    "CapabilityFigure",
    "CertificateData",
    "CertificateVerdict",
    "ChartImage",
    "GapLine",
    "MaturityReportData",
    "ProposalLine",
    "VisualInspectionStats",
    "render_certificate",
    "render_maturity_report",
]
