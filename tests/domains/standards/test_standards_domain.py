"""The standards domain on SQLite and PostgreSQL: the zone office imports the crosswalk (the
shared table, and rows held back from it imported beside it), look-ups both ways over the
stored rows, all-or-nothing imports, and what a factory's product must meet."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from suigang.domains.standards import service
from suigang.domains.standards.models import ProductRequirement, StandardMapping
from suigang.domains.standards.schemas import CertificationCreate
from suigang.errors import InvalidInput, NotFound, PermissionDenied
from tests.conftest import shared_path
from tests.domains.quality.quality_world import count
from tests.world import build_world

BESIDE = Path(__file__).resolve().parents[2] / "engines" / "standards" / "data" / "beside.csv"
ON = date(2026, 6, 1)
REQUIREMENTS = """category,jurisdiction,standard,source,title,note
Precision parts,mainland,GB/T 19001-2016,,Quality management,
Precision parts,HK/international,ISO 9001:2015,,Quality management,
Precision parts,内地,GB/T 24001,,Environmental management,
Industrial robot,mainland,GB 11291.1-2011,"Standardization Law, art. 2",Robot safety,
"""


def imported(session, w):  # type: ignore[no-untyped-def]
    """The shared crosswalk and beside.csv, imported by the zone office."""
    shared = shared_path("reference", "standards", "crosswalk.csv")
    zone = w.actor("zone")
    first = service.import_table(
        session, actor=zone, content=shared.read_bytes(), filename=shared.name
    )
    beside = service.import_table(
        session, actor=zone, content=BESIDE.read_bytes(), filename=BESIDE.name
    )
    return first, beside


def test_the_zone_office_imports_and_everyone_looks_up(session) -> None:  # type: ignore[no-untyped-def]
    """45 shared rows, 6 beside (its unverified ISO 9001 row is stored but collapses into the
    verified one on look-up); importing again changes nothing."""
    w = build_world(session)
    first, beside = imported(session, w)
    assert (first.kind, first.rows, first.added) == ("crosswalk", 45, 45)
    assert (beside.rows, beside.added) == (6, 6)
    again = service.import_table(
        session, actor=w.actor("zone"), content=BESIDE.read_bytes(), filename=BESIDE.name
    )
    assert (again.added, again.updated, again.unchanged) == (0, 0, 6)
    assert count(session, StandardMapping) == 51
    found = service.lookup_standards(session, actor=w.actor("gz1m"), query="iso9001:2015")
    assert [(i.cn_standard, i.adoption, i.verified) for i in found.items] == [
        ("GB/T 19001-2016", "IDT", True)
    ]
    # both GB editions of IEC 60204-1, newest first, the mandatory 2008 one superseded
    iec = service.lookup_standards(session, actor=w.actor("gz1"), query="IEC 60204-1")
    assert [(i.cn_standard, i.cn_kind, i.superseded, i.superseded_by) for i in iec.items] == [
        ("GB/T 5226.1-2019", "recommended", False, None),
        ("GB 5226.1-2008", "mandatory", True, "GB/T 5226.1-2019"),
    ]
    # a row held back from the shared table, looked up the other way in a typed spelling
    yy = service.lookup_standards(session, actor=w.actor("hk1"), query="YYT 0287")
    assert [(i.intl_standard, i.matched) for i in yy.items] == [("ISO 13485:2016", "cn")]
    # an unverified adoption says so
    (gbt8196,) = service.lookup_standards(session, actor=w.actor("zone"), query="GB/T 8196").items
    assert (gbt8196.adoption, gbt8196.verified) == ("UNVERIFIED", False)
    gb = service.lookup_standards(session, actor=w.actor("hk1"), query="GB 19001")
    assert (gb.status, gb.items, [n.related for n in gb.notes]) == (
        "not_found", [], [["GB/T 19001-2016"]],
    )  # fmt: skip
    with pytest.raises(InvalidInput, match="is not a standard number"):
        service.lookup_standards(session, actor=w.actor("hk1"), query="9001")


def test_a_bad_table_stores_nothing_and_names_its_lines(session) -> None:  # type: ignore[no-untyped-def]
    """Every bad row is listed with the line it starts on; nothing of the file is stored."""
    w = build_world(session)
    zone = w.actor("zone")
    bad = (
        "intl_standard,cn_standard,adoption,source\n"
        "ISO 9001:2015,GB/T 19001-2016,IDT,x\n"
        "ISO 14001:2015,GB/T 24001-2016,SAME,x\n"
        '"ISO 45001:2018","GB/T 45001",IDT,"multi\nline"\n'
        "ISO 50001:2018,GB/T 23331-2020,IDT,x\n"
    )
    with pytest.raises(service.TableRejected) as rejected:
        service.import_table(session, actor=zone, content=bad.encode(), filename="cw.csv")
    assert [(e.line, e.reason.split(" ")[0]) for e in rejected.value.errors] == [
        (3, "adoption"),
        (4, "cn_standard"),
    ]
    long_title = (
        "intl_standard,cn_standard,adoption,intl_title\n\n"
        f"ISO 9001:2015,GB/T 19001-2016,IDT,{'x' * 401}\n"
    )
    with pytest.raises(service.TableRejected) as too_long:
        service.import_table(session, actor=zone, content=long_title.encode(), filename="t.csv")
    # a blank line 2 is skipped: the row is on line 3
    assert [str(e) for e in too_long.value.errors] == [
        "line 3: intl_title has 401 characters; at most 400"
    ]
    with pytest.raises(service.TableRejected, match="line 1: the header names neither"):
        service.import_table(session, actor=zone, content=b"a,b\n1,2\n", filename="x.csv")
    with pytest.raises(PermissionDenied):
        service.import_table(
            session, actor=w.actor("gz1"), content=REQUIREMENTS.encode(), filename="r.csv"
        )
    assert count(session, StandardMapping) == count(session, ProductRequirement) == 0


def test_what_must_my_product_meet(session) -> None:  # type: ignore[no-untyped-def]
    """gz1 files its housing under "precision parts" and holds ISO 9001:2015 expiring in 30
    days: it counts for the mainland GB/T 19001 requirement through the identical, sourced
    adoption; nothing counts for GB/T 24001; the requirements have no source (unverified)."""
    w = build_world(session)
    imported(session, w)
    result = service.import_table(
        session, actor=w.actor("zone"), content=REQUIREMENTS.encode("gb18030"), filename="r.csv"
    )
    assert (result.kind, result.added) == ("requirements", 4)
    product = w.products["gz1"]
    with pytest.raises(InvalidInput, match="Industrial robot, Precision parts"):
        service.set_product_category(
            session, actor=w.actor("gz1"), product_id=product.id, category="Toys"
        )
    with pytest.raises(NotFound):  # another firm's product
        service.set_product_category(
            session, actor=w.actor("gz2"), product_id=product.id, category="precision parts"
        )
    service.set_product_category(
        session, actor=w.actor("gz1m"), product_id=product.id, category="PRECISION PARTS"
    )
    cert = CertificationCreate(standard="iso 9001:2015", expires=ON + timedelta(days=30))
    with pytest.raises(PermissionDenied):  # a member does not keep the firm's certificates
        service.record_certification(session, actor=w.actor("gz1m"), data=cert)
    with pytest.raises(InvalidInput, match="standard"):
        service.record_certification(
            session, actor=w.actor("gz1"), data=CertificationCreate(standard="ISO")
        )
    service.record_certification(session, actor=w.actor("gz1"), data=cert)
    check = service.product_standards(session, actor=w.actor("gz1m"), product_id=product.id, on=ON)
    assert (check.category, check.status) == ("Precision parts", "found")
    assert [(r.standard, r.status, r.via, r.days_left, r.verified) for r in check.mainland] == [
        ("GB/T 19001-2016", "expiring", "ISO 9001:2015", 30, False),
        ("GB/T 24001", "missing", None, None, False),
    ]
    assert [(r.standard, r.status, r.via) for r in check.hk_international] == [
        ("ISO 9001:2015", "expiring", None)
    ]
    assert [c.intl_standard for c in check.mainland[1].counterparts] == ["ISO 14001:2015"]
    # a day after the expiry the same certificate no longer counts as held
    later = service.product_standards(
        session, actor=w.actor("gz1"), product_id=product.id, on=ON + timedelta(days=31)
    )
    assert [r.status for r in later.mainland] == ["expired", "missing"]
    with pytest.raises(NotFound):  # a front shop does not read a factory's product
        service.product_standards(session, actor=w.actor("hk1"), product_id=product.id, on=ON)
    other = service.product_standards(
        session, actor=w.actor("gz2"), product_id=w.products["gz2"].id, on=ON
    )
    assert (other.status, other.mainland) == ("no_category", [])
