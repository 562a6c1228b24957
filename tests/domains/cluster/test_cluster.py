"""The cluster figures through their use cases on SQLite and PostgreSQL: firms file yearly
statistics (a Hong Kong-invested one in HKD), the zone office keeps the rate, imports a year
all or nothing, and reads the path to 2035 with its exports; who may do what."""

from __future__ import annotations

import io
import math
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from suigang.domains.cluster import service
from suigang.domains.cluster.models import StatisticsFiling
from suigang.domains.cluster.schemas import FilingCreate, RateCreate
from suigang.domains.zone.segments import Segment
from suigang.errors import Conflict, InvalidInput, PermissionDenied
from tests.world import build_world

# gz1 (Hong Kong-invested) files HKD at 0.9, gz2 CNY: the cluster doubles each year
FIGURES = {2021: ("500000000", "550000000"), 2022: ("1000000000", "1100000000"),
           2023: ("2000000000", "2200000000")}  # fmt: skip


def filed_world(session):  # type: ignore[no-untyped-def]
    w = build_world(session)
    w.firms["gz1"].hk_invested = True
    session.commit()
    service.add_rate(
        session, actor=w.actor("zone"),
        data=RateCreate(effective=date(2020, 1, 1), cny_per_hkd=Decimal("0.9"), source="test"),
    )  # fmt: skip
    for year, (hkd, cny) in FIGURES.items():
        service.file_statistics(session, actor=w.actor("gz1"), data=FilingCreate(
            year=year, segment=Segment.INDUSTRIAL_ROBOTS, currency="HKD", output=Decimal(hkd),
            employees=100,
        ))  # fmt: skip
        service.file_statistics(session, actor=w.actor("gz2"), data=FilingCreate(
            year=year, segment=Segment.KEY_COMPONENTS, output=Decimal(cny), employees=50,
        ))  # fmt: skip
    return w


def test_the_path_to_2035(session) -> None:  # type: ignore[no-untyped-def]
    w = filed_world(session)
    d = service.cluster_dashboard(session, actor=w.actor("zone"), lang="en")
    # HKD 2 bn at 0.9 plus CNY 2.2 bn
    assert (d.latest_year, d.latest_output_cny) == (2023, Decimal("4000000000.00"))
    # (100 bn / 4 bn)^(1/12) − 1, and the cluster doubled every year
    assert math.isclose(d.required_cagr, 25 ** (1 / 12) - 1, rel_tol=1e-12)
    assert math.isclose(d.achieved_cagr, 1.0, rel_tol=1e-12)
    assert [y.hk_invested_share for y in d.years] == [Decimal("0.45")] * 3
    assert [(s.segment, s.share) for s in d.years[-1].segments] == [
        ("industrial_robots", Decimal("0.45")),
        ("key_components", Decimal("0.55")),
    ]
    # the projection runs to the target year; the target path starts at the latest output
    assert [p.year for p in d.projection] == list(range(2024, 2036))
    assert (d.target_path[0].output_cny, d.target_path[-1].output_cny) == (
        Decimal("4000000000"),
        Decimal("100000000000"),
    )
    assert d.method.startswith("log-linear trend")
    xlsx = load_workbook(io.BytesIO(service.export_cluster(
        session, actor=w.actor("zone"), fmt="xlsx")[0]))  # fmt: skip
    # the first year's output in yuan, as a number
    assert xlsx["years"]["B2"].value == 1000000000
    pdf, media, name = service.export_cluster(session, actor=w.actor("zone"), fmt="pdf",
                                              lang="zh-Hans")  # fmt: skip
    assert (pdf[:5], media, name) == (b"%PDF-", "application/pdf", "cluster-2023.pdf")


def test_who_files_and_who_reads(session) -> None:  # type: ignore[no-untyped-def]
    w = filed_world(session)
    with pytest.raises(PermissionDenied):
        service.cluster_dashboard(session, actor=w.actor("gz1"))
    with pytest.raises(PermissionDenied):  # the zone office files nothing of its own
        service.file_statistics(session, actor=w.actor("zone"), data=FilingCreate(
            year=2023, segment=Segment.SERVICES, output=Decimal(1)))  # fmt: skip
    with pytest.raises(PermissionDenied):  # members read, admins file
        service.file_statistics(session, actor=w.actor("gz1m"), data=FilingCreate(
            year=2023, segment=Segment.SERVICES, output=Decimal(1)))  # fmt: skip
    mine = service.my_filings(session, actor=w.actor("gz1m"))
    # gz1's own three years only, newest first
    assert [(f.year, f.currency, f.hk_invested) for f in mine] == [
        (2023, "HKD", True),
        (2022, "HKD", True),
        (2021, "HKD", True),
    ]
    # refiling a year and segment replaces it
    service.file_statistics(session, actor=w.actor("gz2"), data=FilingCreate(
        year=2023, segment=Segment.KEY_COMPONENTS, output=Decimal("2300000000")))  # fmt: skip
    d = service.cluster_dashboard(session, actor=w.actor("zone"))
    assert d.latest_output_cny == Decimal("4100000000.00")


def test_import_is_all_or_nothing_and_names_lines(session) -> None:  # type: ignore[no-untyped-def]
    w = filed_world(session)
    bad = (
        "firm,segment,currency,output,tax,rd_spending,employees\n"
        "gz1 Ltd,industrial_robots,HKD,2500000000,0,0,120\n"
        "nobody Ltd,services,CNY,1,0,0,1\n"
        "gz2 Ltd,关键零部件,CNY,12.345,0,0,1\n"
        "gz2 Ltd,key_components,EUR,1,0,0,1\n"
    ).encode()
    with pytest.raises(service.ImportRejected) as caught:
        service.import_year(session, actor=w.actor("zone"), year=2024, content=bad)
    assert caught.value.errors == [
        "line 3: firm 'nobody Ltd' is not a firm of the zone (name or id)",
        "line 4: output '12.345' must be 0 or more, to the fen",
        "line 5: currency 'EUR' is not CNY or HKD",
    ]
    session.rollback()
    # nothing of 2024 was stored, not even line 2
    assert session.scalar(select(func.count()).where(StatisticsFiling.year == 2024)) == 0
    good = (
        "firm,segment,currency,output,tax,rd_spending,employees\n"
        "gz1 Ltd,industrial_robots,HKD,4000000000,0,0,120\n"
        "gz2 Ltd,关键零部件,CNY,4400000000,0,0,60\n"
    ).encode()
    result = service.import_year(session, actor=w.actor("zone"), year=2024, content=good)
    assert (result.rows, result.firms, result.replaced) == (2, 2, 0)
    d = service.cluster_dashboard(session, actor=w.actor("zone"))
    assert (d.latest_year, d.latest_output_cny) == (2024, Decimal("8000000000.00"))
    with pytest.raises(PermissionDenied):
        service.import_year(session, actor=w.actor("gz1"), year=2024, content=good)


def test_hkd_without_a_rate_names_the_day(session) -> None:  # type: ignore[no-untyped-def]
    w = build_world(session)
    service.file_statistics(session, actor=w.actor("gz1"), data=FilingCreate(
        year=2019, segment=Segment.SERVICES, currency="HKD", output=Decimal(1)))  # fmt: skip
    service.add_rate(session, actor=w.actor("zone"), data=RateCreate(
        effective=date(2021, 1, 1), cny_per_hkd=Decimal("0.83")))  # fmt: skip
    with pytest.raises(Conflict, match="2019-12-31"):
        service.cluster_dashboard(session, actor=w.actor("zone"))
    with pytest.raises(Conflict, match="dated 2021-01-01 already"):
        service.add_rate(session, actor=w.actor("zone"), data=RateCreate(
            effective=date(2021, 1, 1), cny_per_hkd=Decimal("0.8")))  # fmt: skip
    with pytest.raises(InvalidInput):
        service.export_cluster(session, actor=w.actor("zone"), fmt="doc")
