"""The cluster figures' public use cases: firms file their yearly statistics, the zone office
imports a year, keeps the HKD/CNY rates and reads the path to 2035 (and exports it)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from suigang.domains.cluster.dashboard import TARGET_YEAR, cluster_dashboard
from suigang.domains.cluster.filings import (
    COLUMNS,
    ImportRejected,
    add_rate,
    file_statistics,
    import_year,
    list_rates,
    my_filings,
)
from suigang.domains.identity.permissions import Actor
from suigang.errors import InvalidInput

__all__ = [
    "COLUMNS",
    "TARGET_YEAR",
    "ImportRejected",
    "add_rate",
    "cluster_dashboard",
    "export_cluster",
    "file_statistics",
    "import_year",
    "list_rates",
    "my_filings",
]

MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def export_cluster(
    session: Session, *, actor: Actor, fmt: str, lang: str | None = None
) -> tuple[bytes, str, str]:
    """The dashboard as ``xlsx`` or ``pdf``: (bytes, media type, file name)."""
    from suigang.reports.cluster import cluster_pdf, cluster_xlsx

    if fmt not in MEDIA:
        raise InvalidInput(f"format {fmt!r} is not xlsx or pdf")
    language = lang or actor.language
    data = cluster_dashboard(session, actor=actor, lang=language)
    content = cluster_xlsx(data, language) if fmt == "xlsx" else cluster_pdf(data, language)
    return content, MEDIA[fmt], f"cluster-{data.latest_year or 'none'}.{fmt}"
