"""What must my product meet: both lists side by side, certifications held, expiring, missing."""

from __future__ import annotations

from datetime import date

import pytest

from suigang.engines.standards import (
    Certification,
    CertStatus,
    Crosswalk,
    Jurisdiction,
    ProductCheck,
    ProductStatus,
    TableError,
    categories,
    check_product,
    read_crosswalk,
    read_requirements,
)
from tests.conftest import shared_path

REQUIREMENTS = """category,jurisdiction,standard,source
industrial robot,mainland,GB 11291.1-2011,src-a
industrial robot,mainland,GB/T 5226.1-2019,src-b
industrial robot,mainland,GB/T 19001,
Industrial Robot,HK/international,ISO 10218-1,src-c
industrial robot,hk_international,IEC 60204-1:2016,src-d
industrial robot,hk_international,ISO 10218-1,
inspection camera,内地,GB/T 4208-2017,src-e
"""
ON = date(2026, 8, 1)


@pytest.fixture(scope="module")
def crosswalk() -> Crosswalk:
    path = shared_path("reference", "standards", "crosswalk.csv")
    return Crosswalk.from_rows(read_crosswalk(path.read_text(encoding="utf-8-sig")))


def robot_check(crosswalk: Crosswalk, certs: list[Certification]) -> ProductCheck:
    rows = read_requirements(REQUIREMENTS)
    return check_product(
        rows, crosswalk, category="INDUSTRIAL ROBOT", certifications=certs, on=ON,
        expiring_within_days=90,
    )  # fmt: skip


CERTS = [
    Certification("ISO 9001:2015", date(2026, 9, 30), "QMS-1"),
    Certification("GB 11291.1-2011", date(2026, 1, 31), "CCC-7"),
    Certification("ISO 10218-1:2011"),
    Certification("GB/T 5226.1-2019", date(2027, 12, 31), "CB-3"),
    Certification("GB 19001", date(2030, 1, 1)),  # a mandatory GB 19001 is not GB/T 19001
]


def test_both_lists_side_by_side_with_status(crosswalk: Crosswalk) -> None:
    """Each requirement's standing on 2026-08-01 with a 90-day warning window."""
    result = robot_check(crosswalk, CERTS)
    assert result.status is ProductStatus.FOUND
    mainland = [(c.requirement.standard, c.status, c.via, c.days_left) for c in result.mainland]
    assert mainland == [
        ("GB 11291.1-2011", CertStatus.EXPIRED, None, -182),  # expired on 2026-01-31
        ("GB/T 5226.1-2019", CertStatus.HELD, None, 517),
        ("GB/T 19001", CertStatus.EXPIRING, "ISO 9001:2015", 60),  # IDT counterpart, 60 days
    ]
    hk = [(c.requirement.standard, c.status, c.via, c.days_left) for c in result.hk_international]
    assert hk == [
        ("ISO 10218-1", CertStatus.HELD, None, None),  # no expiry date: held
        ("IEC 60204-1:2016", CertStatus.HELD, "GB/T 5226.1-2019", 517),
    ]


def test_counterparts_are_listed_beside_each_requirement(crosswalk: Crosswalk) -> None:
    """IEC 60204-1:2016 shows both GB editions, the edition asked for first."""
    result = robot_check(crosswalk, [])
    iec = result.hk_international[1]
    assert [m.entry.row.cn_standard for m in iec.counterparts] == [
        "GB/T 5226.1-2019",
        "GB 5226.1-2008",
    ]
    assert [m.entry.row.intl_standard for m in result.mainland[0].counterparts] == [
        "ISO 10218-1:2006"
    ]


def test_without_certifications_everything_is_missing(crosswalk: Crosswalk) -> None:
    """No certificate: five requirements, all missing."""
    result = robot_check(crosswalk, [])
    assert [c.status for c in (*result.mainland, *result.hk_international)] == [
        CertStatus.MISSING
    ] * 5


def test_a_requirement_without_source_is_unverified(crosswalk: Crosswalk) -> None:
    """GB/T 19001 has no source; the repeated ISO 10218-1 keeps the sourced row."""
    result = robot_check(crosswalk, [])
    assert [c.verified for c in result.mainland] == [True, True, False]
    assert [c.requirement.source for c in result.hk_international] == ["src-c", "src-d"]


def test_certificate_of_another_edition_does_not_count(crosswalk: Crosswalk) -> None:
    """A certificate to IEC 60204-1:2005 does not meet a requirement for the 2016 edition."""
    result = robot_check(crosswalk, [Certification("IEC 60204-1:2005", date(2030, 1, 1))])
    assert result.hk_international[1].status is CertStatus.MISSING


def test_best_certificate_wins(crosswalk: Crosswalk) -> None:
    """An expired and a valid certificate of one standard: the valid one counts."""
    certs = [
        Certification("GB 11291.1-2011", date(2025, 1, 1)),
        Certification("GB 11291.1", date(2028, 1, 1), "new"),
    ]
    first = robot_check(crosswalk, certs).mainland[0]
    assert (first.status, first.certification.reference if first.certification else None) == (
        CertStatus.HELD,
        "new",
    )


def test_unknown_category_is_a_status(crosswalk: Crosswalk) -> None:
    """A category nobody listed: no requirements, empty lists."""
    result = check_product(
        read_requirements(REQUIREMENTS), crosswalk, category="toy", certifications=[], on=ON
    )
    assert (result.status, result.mainland, result.hk_international) == (
        ProductStatus.NO_REQUIREMENTS,
        (),
        (),
    )


def test_requirement_table_format() -> None:
    """Categories in first-seen order; 内地 reads as mainland; bad rows named by line."""
    rows = read_requirements(REQUIREMENTS)
    assert categories(rows) == ("industrial robot", "inspection camera")
    assert rows[-1].jurisdiction is Jurisdiction.MAINLAND
    bad = "category,jurisdiction,standard,source\nrobot,moon,ISO 9001,s\n,mainland,ISO 9001,s\n"
    with pytest.raises(TableError) as caught:
        read_requirements(bad)
    assert caught.value.problems == (
        (2, "jurisdiction 'moon' is not one of mainland, hk_international (or 内地, 香港/国际)"),
        (3, "category is empty"),
    )
