"""Look-up both ways in typed spellings: editions, GB vs GB/T, supersession, unverified rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from suigang.engines.standards import (
    Crosswalk,
    LookupStatus,
    NoteKind,
    Side,
    StandardNumber,
    lookup,
    match_record,
    read_crosswalk,
)
from tests.conftest import shared_path

BESIDE = Path(__file__).parent / "data" / "beside.csv"


@pytest.fixture(scope="module")
def crosswalk() -> Crosswalk:
    """The shared table with the rows of beside.csv imported next to it."""
    path = shared_path("reference", "standards", "crosswalk.csv")
    shared = read_crosswalk(path.read_text(encoding="utf-8-sig"), name=path.name)
    beside = read_crosswalk(BESIDE.read_text(encoding="utf-8"), name=BESIDE.name)
    return Crosswalk.from_rows(shared, beside)


def pairs(crosswalk: Crosswalk, query: str) -> list[tuple[str, str]]:
    found = lookup(crosswalk, query).matches
    return [(m.entry.row.intl_standard, m.entry.row.cn_standard) for m in found]


@pytest.mark.parametrize(
    "typed",
    ["ISO 9001", "iso9001:2015", "ISO 9001-2015", "ISO9001", "ＩＳＯ　９００１：２０１５",
     "GB/T 19001", "GBT19001-2016", "gb/t 19001", "GB/T19001—2016",
     "GB/T 19001-2016/ISO 9001:2015"],
)  # fmt: skip
def test_iso_9001_both_ways(crosswalk: Crosswalk, typed: str) -> None:
    """Every spelling of either side of the pair finds exactly that pair."""
    assert pairs(crosswalk, typed) == [("ISO 9001:2015", "GB/T 19001-2016")]


@pytest.mark.parametrize(
    ("typed", "side", "expected"),
    [
        ("IEC 61000-6-2", Side.INTERNATIONAL, ["GB/T 17799.2-2023", "GB/T 17799.2-2003"]),
        ("iec61000-6-2:1999", Side.INTERNATIONAL, ["GB/T 17799.2-2003", "GB/T 17799.2-2023"]),
        ("GB/T 17799.2", Side.CHINESE, ["GB/T 17799.2-2023", "GB/T 17799.2-2003"]),
        ("gbt17799.2—2003", Side.CHINESE, ["GB/T 17799.2-2003", "GB/T 17799.2-2023"]),
        ("ISO 13849-1", Side.INTERNATIONAL, ["GB/T 16855.1-2018", "GB/T 16855.1-2008"]),
        ("GB/T 16855-1-2008", Side.CHINESE, ["GB/T 16855.1-2008", "GB/T 16855.1-2018"]),
        ("IEC/TR 62443-3-1", Side.INTERNATIONAL, ["GB/T 40218-2021"]),
        ("iec tr 62443-3-1:2009", Side.INTERNATIONAL, ["GB/T 40218-2021"]),
        ("IEC 62443-3-1", Side.INTERNATIONAL, ["GB/T 40218-2021"]),
        ("GB/T 40218", Side.CHINESE, ["GB/T 40218-2021"]),
        ("IEC 62541-10", Side.INTERNATIONAL, ["GB/T 33863.10-2021"]),
        ("GB/T 33863.10-2021", Side.CHINESE, ["GB/T 33863.10-2021"]),
        ("ISO 13485:2016", Side.INTERNATIONAL, ["YY/T 0287-2017"]),
        ("YYT 0287", Side.CHINESE, ["YY/T 0287-2017"]),
    ],
)
def test_rows_imported_beside_the_shared_table(
    crosswalk: Crosswalk, typed: str, side: Side, expected: list[str]
) -> None:
    """Rows the shared table lacks are found both ways, the edition asked for first."""
    result = lookup(crosswalk, typed)
    assert [m.entry.row.cn_standard for m in result.matches] == expected
    assert {m.side for m in result.matches} == {side}
    assert result.status is LookupStatus.FOUND


def test_iec_60204_1_lists_both_gb_editions_newest_first(crosswalk: Crosswalk) -> None:
    """GB/T 5226.1-2019 (recommended, current) before GB 5226.1-2008 (mandatory, superseded)."""
    result = lookup(crosswalk, "IEC 60204-1")
    records = [match_record(m) for m in result.matches]
    assert [(r["cn_standard"], r["cn_kind"], r["superseded_by"]) for r in records] == [
        ("GB/T 5226.1-2019", "recommended", None),
        ("GB 5226.1-2008", "mandatory", "GB/T 5226.1-2019"),
    ]
    assert result.status is LookupStatus.FOUND and result.notes == ()


def test_an_edition_asked_for_comes_first(crosswalk: Crosswalk) -> None:
    """IEC 60204-1:2005 puts the 2005 adoption first and marks it as the edition asked for."""
    result = lookup(crosswalk, "IEC 60204-1:2005")
    assert [(m.entry.row.cn_standard, m.edition_match) for m in result.matches] == [
        ("GB 5226.1-2008", True),
        ("GB/T 5226.1-2019", False),
    ]


def test_mandatory_gb_is_never_confused_with_gbt(crosswalk: Crosswalk) -> None:
    """GB 19001 is not GB/T 19001: nothing found, and a note names the recommended standard."""
    result = lookup(crosswalk, "GB 19001")
    assert result.status is LookupStatus.NOT_FOUND and result.matches == ()
    (note,) = result.notes
    assert note.kind is NoteKind.OTHER_KIND and note.related == ("GB/T 19001-2016",)
    assert note.message == (
        "GB 19001 is mandatory; the table also holds GB/T 19001-2016 (recommended), "
        "of another kind, not listed here"
    )


def test_gb_and_gbt_of_one_number_are_found_apart(crosswalk: Crosswalk) -> None:
    """GB 5226.1 finds only the mandatory 2008 edition; GB/T 5226.1 only the 2019 one."""
    assert pairs(crosswalk, "GB 5226.1") == [("IEC 60204-1:2005", "GB 5226.1-2008")]
    assert pairs(crosswalk, "gb/t 5226.1") == [("IEC 60204-1:2016", "GB/T 5226.1-2019")]


def test_an_edition_the_table_lacks_is_said_so(crosswalk: Crosswalk) -> None:
    """ISO 10218-1:2011: GB 11291.1-2011 adopts the 2006 edition, not 2011 (SOURCES.md caveat)."""
    result = lookup(crosswalk, "ISO 10218-1:2011")
    assert result.status is LookupStatus.EDITION_NOT_FOUND
    assert pairs(crosswalk, "ISO 10218-1:2011") == [("ISO 10218-1:2006", "GB 11291.1-2011")]
    assert result.notes[0].message == (
        "the table has no row for the edition ISO 10218-1:2011; it has ISO 10218-1:2006 "
        "(adopted by GB 11291.1-2011)"
    )


def test_unverified_adoptions_say_so(crosswalk: Crosswalk) -> None:
    """ISO 9000's degree was not seen; ISO 13485's row is IDT but names no source."""
    (iso9000,) = (match_record(m) for m in lookup(crosswalk, "ISO 9000").matches)
    assert (iso9000["adoption"], iso9000["verified"]) == ("UNVERIFIED", False)
    (iso13485,) = (match_record(m) for m in lookup(crosswalk, "ISO 13485").matches)
    assert (iso13485["adoption"], iso13485["verified"]) == ("IDT", False)


def test_lenient_bodies_and_kinds_on_the_international_side(crosswalk: Crosswalk) -> None:
    """ISO 17025 finds ISO/IEC 17025; IEC 62443-1-1 finds the technical specification."""
    assert pairs(crosswalk, "ISO 17025") == [("ISO/IEC 17025:2017", "GB/T 27025-2019")]
    assert pairs(crosswalk, "IEC TS 62443-1-1") == [("IEC/TS 62443-1-1:2009", "GB/T 40211-2021")]
    assert pairs(crosswalk, "ISO 60204-1") == []  # ISO is not IEC


def test_a_number_without_parts_lists_its_parts_after_exact_matches(crosswalk: Crosswalk) -> None:
    """ISO 12100 first, then the withdrawn part 12100-1; GB/T 15706 likewise."""
    assert pairs(crosswalk, "ISO 12100") == [
        ("ISO 12100:2010", "GB/T 15706-2012"),
        ("ISO 12100-1:2003", "GB/T 15706.1-2007"),
    ]
    assert [cn for _, cn in pairs(crosswalk, "IEC 62443")] == [
        "GB/T 42456-2023",
        "GB/T 40211-2021",
        "GB/T 40218-2021",
        "GB/T 35673-2017",
        "GB/T 33007-2016",
    ]  # fmt: skip  (newest first; the two of 2021 adopt 2009 editions, so by number)


def test_not_found_and_not_a_number(crosswalk: Crosswalk) -> None:
    """ISO 22400 has no Chinese adoption in the table: a status, not an error."""
    result = lookup(crosswalk, "ISO 22400-2")
    assert (result.status, result.matches, result.notes) == (LookupStatus.NOT_FOUND, (), ())
    with pytest.raises(ValueError, match="not a standard number"):
        lookup(crosswalk, "quality management")


def test_joint_number_finds_a_row_written_with_one_body() -> None:
    """A table that writes ISO 17025:2017 is still found by the joint ISO/IEC 17025."""
    table = Crosswalk.from_rows(
        read_crosswalk("intl_standard,cn_standard,adoption\nISO 17025:2017,GB/T 27025-2019,IDT\n")
    )
    assert pairs(table, "ISO/IEC 17025") == [("ISO 17025:2017", "GB/T 27025-2019")]


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" for c in text)


def typed_variants(number: StandardNumber) -> list[str]:
    """Ways people type a number, made from its parts (not from any list of rows)."""
    text = number.text
    out = [text, text.lower(), text.replace(" ", ""), full_width(text)]
    if number.mandatory is not None and number.year is not None:
        out.append(text.replace("/", "").replace(f"-{number.year}", f"—{number.year}"))
    elif number.year is not None:
        out.append(text.replace(f":{number.year}", f"-{number.year}"))
    return out


def test_every_row_is_found_by_its_own_numbers_typed(crosswalk: Crosswalk) -> None:
    """Each side of each row, typed several ways, finds the row; with its edition, first."""
    failures = []
    for entry in crosswalk.entries:
        row = entry.row
        for number, side in ((row.intl, Side.INTERNATIONAL), (row.cn, Side.CHINESE)):
            for typed in typed_variants(number) + typed_variants(number.without_year()):
                result = lookup(crosswalk, typed)
                found = [m.entry for m in result.matches]
                leading = [m.entry for m in result.matches if m.edition_match]
                ok = entry in found and all(m.side is side for m in result.matches)
                if number.year is not None and typed_variants(number).count(typed):
                    ok = ok and entry in leading and found[: len(leading)] == leading
                if not ok:
                    failures.append(typed)
    assert failures == []
