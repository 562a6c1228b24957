"""The crosswalk table: read whole or refused line by line, merged, supersession derived."""

from __future__ import annotations

from pathlib import Path

import pytest

from suigang.engines.standards import (
    Adoption,
    Crosswalk,
    CrosswalkRow,
    TableError,
    read_crosswalk,
)
from tests.conftest import shared_path

HEADER = "intl_standard,intl_title,cn_standard,cn_title_zh,year,adoption,topic,source\n"
BESIDE = Path(__file__).parent / "data" / "beside.csv"


def shared_rows() -> tuple[CrosswalkRow, ...]:
    path = shared_path("reference", "standards", "crosswalk.csv")
    return read_crosswalk(path.read_text(encoding="utf-8-sig"), name=path.name)


def test_shared_table_reads_whole() -> None:
    """SOURCES.md counts 45 rows: 41 IDT, 1 MOD, 3 UNVERIFIED."""
    rows = shared_rows()
    counts = {a: sum(r.adoption is a for r in rows) for a in Adoption}
    assert len(rows) == 45
    assert counts == {
        Adoption.IDT: 41, Adoption.MOD: 1, Adoption.NEQ: 0, Adoption.EQV: 0,
        Adoption.UNVERIFIED: 3,
    }  # fmt: skip
    unverified = sorted(r.cn_standard for r in rows if not r.verified)
    assert unverified == ["GB/T 19000-2016", "GB/T 33174-2022", "GB/T 8196-2018"]


def test_row_fields_are_read() -> None:
    """A row keeps its texts and reads both numbers; GB 11291.1 is mandatory."""
    row = next(r for r in shared_rows() if r.cn_standard == "GB 11291.1-2011")
    assert (row.intl_standard, row.year, row.adoption) == ("ISO 10218-1:2006", 2011, Adoption.IDT)
    assert row.intl.text == "ISO 10218-1:2006" and row.cn.text == "GB 11291.1-2011"
    assert row.mandatory is True and row.topic == "industrial_robots"
    assert row.cn_title == "工业环境用机器人 安全要求 第1部分：机器人"


def test_supersession_is_derived_from_newer_editions() -> None:
    """Three Chinese standards have two editions in the shared table; the older is superseded."""
    crosswalk = Crosswalk.from_rows(shared_rows())
    superseded = sorted(
        (e.row.cn_standard, e.superseded_by) for e in crosswalk.entries if e.superseded
    )
    assert superseded == [
        ("GB 5226.1-2008", "GB/T 5226.1-2019"),  # mandatory GB replaced by recommended GB/T
        ("GB/T 12643-2013", "GB/T 12643-2025"),
        ("GB/T 16754-2008", "GB/T 16754-2021"),
    ]


def test_tables_merge_and_duplicates_collapse() -> None:
    """beside.csv adds 5 rows; its ISO 9001 row, spelled otherwise and unverified, collapses."""
    beside = read_crosswalk(BESIDE.read_text(encoding="utf-8"), name="beside.csv")
    crosswalk = Crosswalk.from_rows(shared_rows(), beside, shared_rows())
    assert len(crosswalk) == 45 + 5
    iso9001 = [e.row for e in crosswalk.entries if e.row.cn.text == "GB/T 19001-2016"]
    assert [(r.intl_standard, r.adoption) for r in iso9001] == [("ISO 9001:2015", Adoption.IDT)]
    emc = {e.row.cn_standard: e.superseded_by for e in crosswalk.entries if e.row.topic == "emc"}
    assert emc == {"GB/T 17799.2-2003": "GB/T 17799.2-2023", "GB/T 17799.2-2023": None}


def test_two_verified_degrees_of_one_pair_both_stay() -> None:
    """Tables that disagree on a verified degree are both shown, not silently merged."""
    a = CrosswalkRow("ISO 1101:2017", "GB/T 1182-2018", 2018, Adoption.MOD, source="x")
    b = CrosswalkRow("ISO 1101:2017", "GB/T 1182-2018", 2018, Adoption.IDT, source="y")
    assert sorted(e.row.adoption for e in Crosswalk.from_rows([a, b]).entries) == ["IDT", "MOD"]


def test_sources_of_duplicates_are_joined() -> None:
    """Collapsed rows keep every source once."""
    a = CrosswalkRow("ISO 9001:2015", "GB/T 19001-2016", 2016, Adoption.IDT, source="s1")
    b = CrosswalkRow("ISO 9001:2015", "GBT 19001-2016", None, Adoption.IDT, source="s2 ; s1")
    (entry,) = Crosswalk.from_rows([a], [b]).entries
    assert entry.row.source == "s1 ; s2"


def test_year_may_come_from_the_number_and_must_agree_with_it() -> None:
    """A blank year is read from GB/T 19001-2016; a year that contradicts it is refused."""
    (row,) = read_crosswalk(HEADER + "ISO 9001:2015,,GB/T 19001-2016,,,IDT,q,s\n")
    assert row.year == 2016
    with pytest.raises(TableError, match="line 2: year 2015 disagrees with the edition"):
        read_crosswalk(HEADER + "ISO 9001:2015,,GB/T 19001-2016,,2015,IDT,q,s\n")


def test_every_bad_row_is_named_by_its_line_and_nothing_is_returned() -> None:
    """Four bad rows among good ones: one error names all four lines; no row comes back."""
    text = (
        HEADER
        + "ISO 9001:2015,,GB/T 19001-2016,,2016,IDT,q,s\n"  # line 2, good
        + "ISO 9001:2015,,GB/T 19001,,,IDT,q,s\n"  # line 3: no edition anywhere
        + 'ISO 14001:2015,"Environmental\nmanagement",GB/T 24001-2016,,2016,IDT,q,s\n'  # 4-5 good
        + "ISO 9001:2015,,GB/T 19001-2016,,2016,SAME,q,s\n"  # line 6: unknown degree
        + "\n"  # line 7: blank lines are skipped
        + "GB/T 19001-2016,,ISO 9001:2015,,2016,IDT,q,s\n"  # line 8: columns swapped
        + "ISO 9001:2015,,GB/T 19001-2016,,20x6,IDT,q,s\n"  # line 9: not a year
    )
    with pytest.raises(TableError) as caught:
        read_crosswalk(text, name="t.csv")
    lines = [line for line, _ in caught.value.problems]
    assert lines == [3, 6, 8, 9]
    assert caught.value.problems[1] == (
        6,
        "adoption 'SAME' is not one of IDT, MOD, NEQ, EQV, UNVERIFIED "
        "(or 等同采用, 修改采用, 非等效采用)",
    )
    assert caught.value.problems[2] == (8, "intl_standard 'GB/T 19001-2016' is a Chinese number")
    assert str(caught.value).startswith("t.csv: line 3: cn_standard 'GB/T 19001' has no edition")


def test_missing_columns_and_extra_cells_are_refused() -> None:
    """The header must name the required columns; a row with more cells than the header fails."""
    with pytest.raises(TableError, match="line 1: missing column\\(s\\) adoption"):
        read_crosswalk("intl_standard,cn_standard\nISO 9001:2015,GB/T 19001-2016\n")
    with pytest.raises(TableError, match="line 2: 9 cells, the header has 8"):
        read_crosswalk(HEADER + "ISO 9001:2015,,GB/T 19001-2016,,2016,IDT,q,s,extra\n")
    with pytest.raises(TableError, match="line 1: the table is empty"):
        read_crosswalk("")


def test_adoption_reads_codes_in_any_case_and_chinese_names() -> None:
    """idt, 等同采用 and a blank cell read as IDT, IDT and UNVERIFIED."""
    assert [Adoption.read(t) for t in ("idt", "等同采用", "", " mod ")] == [
        Adoption.IDT, Adoption.IDT, Adoption.UNVERIFIED, Adoption.MOD,
    ]  # fmt: skip


def test_row_from_database_values_validates() -> None:
    """A domain building rows from stored strings gets the same checks as the CSV reader."""
    row = CrosswalkRow("IEC 60204-1:2016", "GB/T 5226.1-2019", 2019, "IDT")  # type: ignore[arg-type]
    assert row.adoption is Adoption.IDT and row.verified is False  # no source given
    with pytest.raises(ValueError, match="cn_standard 'EN 60204-1:2018' is not a Chinese number"):
        CrosswalkRow("IEC 60204-1:2016", "EN 60204-1:2018", 2018, Adoption.IDT)


def test_cn_standard_may_be_the_dual_number_of_a_cover_line() -> None:
    """GB/T 35673—2017/IEC 62443-3-3:2013 reads as GB/T 35673-2017; a wrong second half fails."""
    row = CrosswalkRow(
        "IEC 62443-3-3:2013", "GB/T 35673—2017/IEC 62443-3-3:2013", None, Adoption.IDT
    )
    assert (row.cn.text, row.year) == ("GB/T 35673-2017", 2017)
    with pytest.raises(ValueError, match="names IEC 62443-2-1:2013, not intl_standard"):
        CrosswalkRow("IEC 62443-3-3:2013", "GB/T 35673-2017/IEC 62443-2-1:2013", None, Adoption.IDT)


def test_rows_carry_the_callers_reference() -> None:
    """A database id given with a row comes back with its match; it never splits duplicates."""
    a = CrosswalkRow("ISO 9001:2015", "GB/T 19001-2016", 2016, Adoption.IDT, source="s", ref="17")
    b = CrosswalkRow("ISO 9001:2015", "GB/T 19001-2016", 2016, Adoption.IDT, source="s", ref="18")
    (entry,) = Crosswalk.from_rows([a, b]).entries
    assert (a == b, entry.row.ref) == (True, "17")
