"""Reading the crosswalk and product-requirement tables (CSV text), all or nothing.

A table is read whole or not at all: every bad row is reported with its line number in one
:class:`TableError`, and no row is returned. Columns are found by their header names (in any
order; unknown columns are ignored); a UTF-8 byte-order mark is ignored.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import TypeVar

from suigang.engines.standards.crosswalk import Adoption, CrosswalkRow
from suigang.engines.standards.requirements import Jurisdiction, Requirement

#: Columns of the crosswalk table; the first three are required.
CROSSWALK_COLUMNS = (
    "intl_standard",
    "cn_standard",
    "adoption",
    "year",
    "intl_title",
    "cn_title_zh",
    "topic",
    "source",
    "superseded_by",
)
CROSSWALK_REQUIRED = ("intl_standard", "cn_standard", "adoption")
#: Columns of the product-requirement table; all four are required (``source`` may be blank).
REQUIREMENT_COLUMNS = ("category", "jurisdiction", "standard", "source", "title", "note")
REQUIREMENT_REQUIRED = ("category", "jurisdiction", "standard", "source")

T = TypeVar("T")


class TableError(ValueError):
    """A table that cannot be read; ``problems`` are ``(line, message)`` pairs, line 1-based."""

    def __init__(self, name: str, problems: list[tuple[int, str]]) -> None:
        self.name = name
        self.problems = tuple(problems)
        shown = "; ".join(f"line {line}: {msg}" for line, msg in problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(f"{name}: {shown}{more}")


def decode_table(data: bytes) -> str:
    """Text of a table file: UTF-8 (with or without a byte-order mark), else GB 18030.

    Spreadsheets on Chinese systems save CSV in GBK, which GB 18030 contains; a file that is
    neither raises ``ValueError``.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise ValueError("the file is neither UTF-8 nor GB 18030 (GBK) text") from None


def _rows(
    text: str,
    name: str,
    required: tuple[str, ...],
    make: Callable[[dict[str, str]], T],
) -> tuple[T, ...]:
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise TableError(name, [(1, "the table is empty: no header")]) from None
    except csv.Error as exc:
        raise TableError(name, [(1, f"not CSV: {exc}")]) from None
    columns = [h.strip().lower() for h in header]
    missing = [c for c in required if c not in columns]
    if missing:
        raise TableError(name, [(1, f"missing column(s) {', '.join(missing)}")])
    doubled = sorted({c for c in columns if c and columns.count(c) > 1})
    if doubled:
        raise TableError(name, [(1, f"column(s) named twice: {', '.join(doubled)}")])
    out: list[T] = []
    problems: list[tuple[int, str]] = []
    line = reader.line_num
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append((start, f"not CSV: {exc}"))
            break
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(columns):
            problems.append(
                (start, f"{len(cells)} cells, the header has {len(columns)} (a comma unquoted?)")
            )
            continue
        record = {c: (cells[i] if i < len(cells) else "") for i, c in enumerate(columns) if c}
        try:
            out.append(make(record))
        except ValueError as exc:
            problems.append((start, str(exc)))
    if problems:
        raise TableError(name, problems)
    return tuple(out)


def _year(text: str) -> int | None:
    value = text.strip()
    if value == "":
        return None
    head = value[:4]
    if not (head.isdigit() and head.isascii()) or (len(value) > 4 and value[4] not in "-/."):
        raise ValueError(f"year {text!r} is not a year such as 2016")
    return int(head)


def _crosswalk_row(record: dict[str, str]) -> CrosswalkRow:
    for column in CROSSWALK_REQUIRED[:2]:
        if not record[column].strip():
            raise ValueError(f"{column} is empty")
    return CrosswalkRow(
        intl_standard=record["intl_standard"],
        cn_standard=record["cn_standard"],
        year=_year(record.get("year", "")),
        adoption=Adoption.read(record["adoption"]),
        intl_title=record.get("intl_title", ""),
        cn_title=record.get("cn_title_zh", ""),
        topic=record.get("topic", ""),
        source=record.get("source", ""),
        superseded_by=record.get("superseded_by", ""),
    )


def read_crosswalk(text: str, *, name: str = "crosswalk") -> tuple[CrosswalkRow, ...]:
    """Rows of a crosswalk table (header as in :data:`CROSSWALK_COLUMNS`).

    A blank ``adoption`` reads as ``UNVERIFIED``; a blank ``year`` is taken from
    ``cn_standard``'s edition. Raises :class:`TableError` listing every bad row.
    """
    return _rows(text, name, CROSSWALK_REQUIRED, _crosswalk_row)


def _requirement(record: dict[str, str]) -> Requirement:
    return Requirement(
        category=record["category"],
        jurisdiction=Jurisdiction.read(record["jurisdiction"]),
        standard=record["standard"],
        source=record["source"],
        title=record.get("title", ""),
        note=record.get("note", ""),
    )


def read_requirements(text: str, *, name: str = "requirements") -> tuple[Requirement, ...]:
    """Rows of a product-requirement table (header as in :data:`REQUIREMENT_COLUMNS`).

    Raises :class:`TableError` listing every bad row.
    """
    return _rows(text, name, REQUIREMENT_REQUIRED, _requirement)
