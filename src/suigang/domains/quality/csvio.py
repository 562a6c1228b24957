"""Measurements from a CSV file: every bad cell reported by column and line, or nothing."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from datetime import UTC, datetime

from pydantic import BaseModel

from suigang.config import Limits
from suigang.domains.limits import check_bytes, default_limits, listed
from suigang.domains.quality.schemas import MeasurementIn
from suigang.errors import InvalidInput

REQUIRED = ("characteristic", "subgroup", "value")
OPTIONAL = ("taken_at",)


class CellError(BaseModel):
    """One bad cell or line of an uploaded file; ``line`` as a spreadsheet shows it."""

    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.reason}"


class UploadRejected(InvalidInput):
    """A file with bad cells: nothing was stored; ``errors`` lists the first ``max_listed``
    (``error_count`` says how many there were)."""

    def __init__(
        self, filename: str, errors: list[CellError], *, max_listed: int | None = None
    ) -> None:
        self.errors, lines = listed(errors, max_listed)
        self.error_count = len(errors)
        super().__init__(f"{filename} was not stored: {len(errors)} problem(s)\n{lines}")


def _numbered(
    reader: Iterator[list[str]], filename: str, limits: Limits
) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` of the data lines, refusing a file over the row or column limits."""
    rows = 0
    for line, cells in enumerate(reader, start=2):
        if len(cells) > limits.max_columns:
            raise InvalidInput(
                f"{filename}: line {line} has {len(cells)} cells, more than "
                f"{limits.max_columns} (SUIGANG_LIMITS__MAX_COLUMNS)"
            )
        if any(c.strip() for c in cells):
            rows += 1
            if rows > limits.max_rows:
                raise InvalidInput(
                    f"{filename} has more than {limits.max_rows:,} data rows "
                    "(SUIGANG_LIMITS__MAX_ROWS): split it into smaller files"
                )
        yield line, cells


def _time(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError("has no time zone (write e.g. 2026-11-28T08:00:00+08:00 or ...Z)")
    return value.astimezone(UTC)


def parse_measurements_csv(
    filename: str, content: bytes, *, limits: Limits | None = None
) -> list[tuple[int, MeasurementIn]]:
    """Rows ``(line, measurement)`` of a CSV with columns ``characteristic, subgroup, value``
    and optionally ``taken_at`` (ISO 8601 with a zone). Any problem rejects the whole file;
    one over the size, row or column limits is refused before its cells are checked."""
    limits = limits or default_limits()
    check_bytes(filename, content, limits.max_upload_bytes, "max_upload_bytes")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{filename} is not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InvalidInput(f"{filename}: line 1 is not valid CSV ({exc})") from None
    if header is None or not any(c.strip() for c in header):
        raise InvalidInput(f"{filename} is empty: expected a header {', '.join(REQUIRED)}")
    names = [c.strip().lower() for c in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise InvalidInput(
            f"{filename}: missing column(s) {', '.join(missing)}; the header has "
            f"{', '.join(names) or 'nothing'} (expected {', '.join(REQUIRED + OPTIONAL)})"
        )
    col = {c: names.index(c) for c in (*REQUIRED, *OPTIONAL) if c in names}
    errors: list[CellError] = []
    rows: list[tuple[int, MeasurementIn]] = []
    try:
        numbered = list(_numbered(reader, filename, limits))
    except csv.Error as exc:
        raise InvalidInput(f"{filename} is not valid CSV ({exc})") from None
    for line, cells in numbered:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(names):
            errors.append(CellError(line=line, column="", reason="more cells than the header"))
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            i = col.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        bad = len(errors)
        raw = {name: cell(name) for name in (*REQUIRED, *OPTIONAL)}
        for name in REQUIRED:
            if not raw[name]:
                errors.append(CellError(line=line, column=name, reason="missing value"))
        subgroup = value = None
        taken_at = None
        if raw["subgroup"]:
            try:
                subgroup = int(raw["subgroup"])
                if subgroup < 1:
                    raise ValueError
            except ValueError:
                errors.append(
                    CellError(
                        line=line,
                        column="subgroup",
                        reason=f"{raw['subgroup']!r} is not a whole number of at least 1",
                    )
                )
        if raw["value"]:
            try:
                value = float(raw["value"])
                if not math.isfinite(value):
                    raise ValueError
            except ValueError:
                errors.append(
                    CellError(line=line, column="value", reason=f"{raw['value']!r} is not a number")
                )
        if raw["taken_at"]:
            try:
                taken_at = _time(raw["taken_at"])
            except ValueError as exc:
                reason = str(exc) if "time zone" in str(exc) else "is not an ISO 8601 time"
                errors.append(
                    CellError(line=line, column="taken_at", reason=f"{raw['taken_at']!r} {reason}")
                )
        if len(errors) == bad and subgroup is not None and value is not None:
            rows.append(
                (
                    line,
                    MeasurementIn(
                        characteristic=raw["characteristic"],
                        subgroup=subgroup,
                        value=value,
                        taken_at=taken_at,
                    ),
                )
            )
    if errors:
        raise UploadRejected(filename, errors, max_listed=limits.max_errors)
    if not rows:
        raise InvalidInput(f"{filename} has a header but no measurements")
    return rows
