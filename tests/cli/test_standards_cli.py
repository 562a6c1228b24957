"""``suigang standards lookup``: JSON rows best first, merged tables, table output, bad input."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from suigang.cli import app
from tests.conftest import shared_path

runner = CliRunner()
BESIDE = Path(__file__).parents[1] / "engines" / "standards" / "data" / "beside.csv"


def standards(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["standards", *args])
    return result.exit_code, result.stdout, result.stderr


def shared() -> str:
    return str(shared_path("reference", "standards", "crosswalk.csv"))


def test_json_lists_both_editions_newest_first() -> None:
    """IEC 60204-1: the 2019 GB/T, then the superseded 2008 GB, with the agreed keys."""
    code, out, _ = standards("lookup", "IEC 60204-1", "--crosswalk", shared(), "--json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["intl_standard"], r["cn_standard"], r["adoption"], r["year"]) for r in rows] == [
        ("IEC 60204-1:2016", "GB/T 5226.1-2019", "IDT", 2019),
        ("IEC 60204-1:2005", "GB 5226.1-2008", "IDT", 2008),
    ]
    assert [(r["superseded"], r["mandatory"], r["verified"]) for r in rows] == [
        (False, False, True),
        (True, True, True),
    ]


def test_several_tables_merge_and_duplicates_collapse() -> None:
    """The shared table twice plus the beside table: GB/T 17799.2 has two editions, once each."""
    code, out, _ = standards(
        "lookup", "gbt17799.2", "--crosswalk", shared(), "--crosswalk", str(BESIDE),
        "--crosswalk", shared(), "--json",
    )  # fmt: skip
    assert code == 0
    rows = json.loads(out)
    assert [(r["cn_standard"], r["adoption"], r["superseded"]) for r in rows] == [
        ("GB/T 17799.2-2023", "MOD", False),  # the degree changed between editions
        ("GB/T 17799.2-2003", "IDT", True),
    ]


def test_gb_is_not_gbt_and_a_note_says_so() -> None:
    """GB 19001 prints an empty list; stderr names GB/T 19001-2016 as another kind."""
    code, out, err = standards("lookup", "GB 19001", "--crosswalk", shared(), "--json")
    assert (code, json.loads(out)) == (0, [])
    assert "GB/T 19001-2016 (recommended)" in err


def test_table_output_marks_unverified_and_superseded() -> None:
    """The readable table says 'unverified' and names the successor of a superseded edition."""
    wide = {"COLUMNS": "200"}
    out = runner.invoke(
        app, ["standards", "lookup", "ISO 9000", "--crosswalk", shared()], env=wide
    ).stdout
    assert "unverified" in out and "GB/T 19000-2016" in out
    out = runner.invoke(
        app, ["standards", "lookup", "ISO 8373", "--crosswalk", shared()], env=wide
    ).stdout
    assert "superseded by GB/T 12643-2025" in out


def test_bad_query_and_bad_table_exit_2(tmp_path: Path) -> None:
    """A query that is no number, a missing file and a bad row each exit 2 with the reason."""
    code, _, err = standards("lookup", "quality", "--crosswalk", shared())
    assert code == 2 and "'quality' is not a standard number" in err
    code, _, err = standards("lookup", "ISO 9001", "--crosswalk", str(tmp_path / "none.csv"))
    assert code == 2 and "none.csv: no such file" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("intl_standard,cn_standard,adoption\nISO 9001:2015,GB/T 19001,IDT\n")
    code, _, err = standards("lookup", "ISO 9001", "--crosswalk", str(bad))
    assert code == 2 and "bad.csv: line 2: cn_standard 'GB/T 19001' has no edition" in err


def test_table_saved_in_gbk_is_read(tmp_path: Path) -> None:
    """A CSV saved by a Chinese spreadsheet (GBK) reads as the same rows as UTF-8."""
    path = tmp_path / "gbk.csv"
    path.write_bytes(
        "intl_standard,cn_standard,adoption,cn_title_zh\n"
        "ISO 9001:2015,GB/T 19001-2016,IDT,质量管理体系 要求\n".encode("gbk")
    )
    code, out, _ = standards("lookup", "gb/t19001", "--crosswalk", str(path), "--json")
    assert code == 0
    assert [(r["intl_standard"], r["cn_title_zh"]) for r in json.loads(out)] == [
        ("ISO 9001:2015", "质量管理体系 要求")
    ]
