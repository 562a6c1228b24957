"""Spreadsheet tables (CSV and Excel ``.xlsx``), the import error, and machine rows.

Reading turns rows into schemas and collects every bad row with its line number as a
spreadsheet shows it (the header is line 1). Product rows are in ``product_io``; checks
against stored data, and the writes, in ``transfer``; the columns in docs/catalog.md.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePath
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from suigang.config import Limits
from suigang.domains.catalog.models import Machine
from suigang.domains.catalog.schemas import (
    MachineCreate,
    RowError,
)
from suigang.domains.common import xlsx_workbook
from suigang.domains.limits import check_archive, check_bytes, default_limits, listed
from suigang.errors import InvalidInput

Format = Literal["csv", "xlsx"]
M = TypeVar("M", bound=BaseModel)

MACHINE_COLUMNS = (
    "code",
    "name",
    "kind",
    "status",
    "work_center_code",
    "capabilities",
    "sparkplug_group",
    "sparkplug_node",
    "sparkplug_device",
    "opcua_endpoint",
)
MACHINE_REQUIRED = frozenset({"code", "name", "kind"})


class ImportRejected(InvalidInput):
    """A file with bad rows: nothing was stored; ``errors`` has one entry per bad line, the
    first ``max_listed`` of them (``error_count`` says how many lines were bad in all)."""

    def __init__(
        self, filename: str, errors: Sequence[RowError], *, max_listed: int | None = None
    ) -> None:
        self.filename = filename
        merged: dict[int, list[str]] = {}
        for error in errors:  # one entry per line, reasons in the order they were found
            merged.setdefault(error.line, []).append(error.reason)
        every = [RowError(line=n, reason="; ".join(r)) for n, r in sorted(merged.items())]
        self.errors, lines = listed(every, max_listed)
        self.error_count = len(every)
        super().__init__(f"{filename} was rejected, nothing was stored:\n{lines}")


# -- tables --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    """One non-blank data row: its line number and its cells by column name."""

    line: int
    cells: dict[str, str]


def format_of(filename: str) -> Format:
    """``csv`` or ``xlsx`` from the file name's extension, else ``InvalidInput``."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix == ".xlsx":
        return "xlsx"
    raise InvalidInput(f"file {filename!r} is neither .csv nor .xlsx; save it as one of those")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _raw_rows(filename: str, content: bytes, limits: Limits) -> Iterable[list[str]]:
    check_bytes(filename, content, limits.max_upload_bytes, "max_upload_bytes")
    if format_of(filename) == "csv":
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = content[: exc.start].count(b"\n") + 1
            raise ImportRejected(
                filename,
                [RowError(line=line, reason="not UTF-8 text; save the file as CSV UTF-8")],
            ) from None
        return (
            [_unneutralised(c.strip()) for c in row]
            for row in csv.reader(io.StringIO(text, newline=""))
        )
    from openpyxl import load_workbook

    check_archive(filename, content, limits)  # an .xlsx is a zip: no bombs
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError... on bad files
        raise InvalidInput(f"{filename} is not a readable .xlsx workbook ({exc})") from None
    # the sheet's declared size (read_only: from its <dimension>), refused before reading
    declared_rows, declared_cols = sheet.max_row or 0, sheet.max_column or 0
    if declared_rows > limits.max_rows + 1 or declared_cols > limits.max_columns:
        raise InvalidInput(
            f"{filename}: the sheet is {declared_rows:,} rows x {declared_cols:,} columns, more "
            f"than {limits.max_rows:,} rows and a header x {limits.max_columns} columns "
            "(SUIGANG_LIMITS__MAX_ROWS, SUIGANG_LIMITS__MAX_COLUMNS)"
        )
    return (
        [_cell_text(v) for v in row]
        for row in sheet.iter_rows(values_only=True, max_col=limits.max_columns + 1)
    )


def read_table(
    filename: str,
    content: bytes,
    *,
    columns: Sequence[str],
    required: frozenset[str],
    limits: Limits | None = None,
) -> list[Row]:
    """The data rows of a CSV or XLSX file whose header names known columns.

    Column names are matched case-insensitively; blank rows are skipped (their line
    numbers still count). Header problems raise ``ImportRejected`` on line 1. A file over
    the size, row or column limits is refused as a whole (413 or 422) before its rows are
    checked.
    """
    limits = limits or default_limits()
    rows = iter(_raw_rows(filename, content, limits))
    try:
        header_raw = next(rows)
    except StopIteration:
        raise ImportRejected(filename, [RowError(line=1, reason="the file is empty")]) from None
    except csv.Error as exc:
        raise ImportRejected(
            filename, [RowError(line=1, reason=f"not valid CSV ({exc})")]
        ) from None
    header = [h.strip().lower().replace(" ", "_") for h in header_raw]
    while header and not header[-1]:
        header.pop()
    problems: list[str] = []
    for name in header:
        if not name:
            problems.append("a column has no name")
        elif name not in columns:
            problems.append(f"unknown column {name!r}")
        elif header.count(name) > 1 and name not in problems:
            problems.append(f"column {name!r} appears twice")
    missing = [c for c in columns if c in required and c not in header]
    if missing:
        problems.append(f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    if problems:
        raise ImportRejected(
            filename, [RowError(line=1, reason="; ".join(dict.fromkeys(problems)))]
        )
    out: list[Row] = []
    errors: list[RowError] = []
    line = 1
    while True:
        try:
            raw = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(RowError(line=line + 1, reason=f"not valid CSV ({exc})"))
            break
        line += 1
        if len(raw) > limits.max_columns and any(raw[limits.max_columns :]):
            raise InvalidInput(
                f"{filename}: line {line} has more than {limits.max_columns} cells "
                "(SUIGANG_LIMITS__MAX_COLUMNS)"
            )
        if not any(raw):
            continue
        if len(out) + len(errors) >= limits.max_rows:
            raise InvalidInput(
                f"{filename} has more than {limits.max_rows:,} data rows "
                "(SUIGANG_LIMITS__MAX_ROWS): split it into smaller files"
            )
        if any(raw[len(header) :]):
            errors.append(RowError(line=line, reason="more cells than the header has columns"))
            continue
        cells = {name: (raw[i] if i < len(raw) else "") for i, name in enumerate(header)}
        out.append(Row(line=line, cells=cells))
    if errors:
        raise ImportRejected(filename, errors, max_listed=limits.max_errors)
    return out


#: A text cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_table(fmt: Format, title: str, header: Sequence[str], rows: Iterable[list[Any]]) -> bytes:
    """A CSV (UTF-8 with a BOM, so Excel shows Chinese right) or XLSX file of ``rows``.

    A CSV text cell that a spreadsheet would run as a formula gets a leading ``'`` (which
    :func:`read_table` takes off again); an XLSX holds text cells as text. Control characters
    that XML cannot carry become U+FFFD in an XLSX (they used to fail the export).
    """
    if fmt == "csv":
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else _csv_text(v) for v in row])
        return buf.getvalue().encode("utf-8-sig")
    if fmt != "xlsx":
        raise InvalidInput(f"format {fmt!r} is neither csv nor xlsx")
    return xlsx_workbook([(title, header, rows)], decimal=_xlsx_number)


def _csv_text(value: Any) -> str:
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _xlsx_number(value: Decimal) -> int | float:
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def _unneutralised(text: str) -> str:
    """A cell as written before :func:`write_table` neutralised it as a formula."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def decimal_text(value: Decimal) -> str:
    """``12.500`` → ``12.5``, ``100`` → ``100``: the shortest exact text, never exponents."""
    return format(value.normalize(), "f")


# -- errors from schemas -------------------------------------------------------------------


def describe(exc: ValidationError) -> str:
    """A pydantic error as one readable reason naming each field and value."""
    parts: list[str] = []
    for err in exc.errors():
        ctx_error = (err.get("ctx") or {}).get("error")
        if isinstance(ctx_error, ValueError):
            parts.append(str(ctx_error))  # our own validators already name field and value
            continue
        fields = ".".join(str(p) for p in err["loc"])
        value = err.get("input")
        shown = f" {value!r}" if isinstance(value, str | int | float | Decimal) else ""
        message = err["msg"][:1].lower() + err["msg"][1:]
        parts.append(f"{fields}{shown}: {message}" if fields else message)
    return "; ".join(dict.fromkeys(parts))


def validated(model: type[M], **values: Any) -> M:
    """``model(**values)``, or ``InvalidInput`` with a readable reason."""
    try:
        return model(**values)
    except ValidationError as exc:
        raise InvalidInput(describe(exc)) from None


# -- machines ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MachineRow:
    """A parsed machine row; ``given`` are the optional columns the file has."""

    line: int
    data: MachineCreate
    given: frozenset[str]
    status_given: bool


def split_list(text: str) -> list[str]:
    return [p.strip() for p in text.split(";") if p.strip()]


def parse_machines(
    filename: str,
    content: bytes,
    *,
    work_centers: Container[str],
    limits: Limits | None = None,
) -> tuple[list[MachineRow], list[RowError]]:
    """The good machine rows of the file, and an error for each bad one.

    ``work_centers`` are the factory's work-center codes. A bad header raises
    ``ImportRejected`` at once: without it no row can be read.
    """
    rows = read_table(
        filename, content, columns=MACHINE_COLUMNS, required=MACHINE_REQUIRED, limits=limits
    )
    given = frozenset(rows[0].cells) if rows else frozenset()
    out: list[MachineRow] = []
    errors: list[RowError] = []
    first_line: dict[str, int] = {}
    for row in rows:
        c = row.cells
        values: dict[str, Any] = {k: v for k, v in c.items() if k not in ("capabilities", "status")}
        values["capabilities"] = split_list(c.get("capabilities", ""))
        if c.get("status"):
            values["status"] = c["status"]
        reasons: list[str] = []
        data = None
        try:
            data = MachineCreate(**values)
        except ValidationError as exc:
            reasons.append(describe(exc))
        wc = c.get("work_center_code", "")
        if wc and wc not in work_centers:
            reasons.append(f"work_center_code {wc!r} is not a work center of this factory")
        if data is not None and data.code in first_line:
            reasons.append(
                f"machine {data.code} appears again (first on line {first_line[data.code]})"
            )
        if reasons or data is None:
            errors.append(RowError(line=row.line, reason="; ".join(reasons)))
            continue
        first_line[data.code] = row.line
        out.append(MachineRow(row.line, data, given, bool(c.get("status"))))
    return out, errors


def machine_rows(machines: Iterable[Machine]) -> list[list[Any]]:
    """Export rows in ``MACHINE_COLUMNS`` order."""
    return [
        [
            m.code,
            m.name,
            m.kind,
            m.status,
            m.work_center.code if m.work_center else "",
            ";".join(m.capabilities),
            m.sparkplug_group or "",
            m.sparkplug_node or "",
            m.sparkplug_device or "",
            m.opcua_endpoint or "",
        ]
        for m in machines
    ]
