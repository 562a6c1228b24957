"""The zone office imports its tables: the crosswalk and the product requirements.

A file is read whole by the standards engine (UTF-8 or GB 18030, columns by header name);
every bad row is listed with its line number and nothing is stored. An accepted file adds
its rows beside those already held and updates the rows it names again (same pair and
degree; same category, jurisdiction and standard); ``replace`` drops the rows it does not
name. Which table a file is comes from its header.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.common import commit_once
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import audit, require
from suigang.domains.standards.models import NUMBER, ProductRequirement, StandardMapping
from suigang.domains.standards.schemas import ImportResult, RowError
from suigang.engines.standards import (
    CrosswalkRow,
    Requirement,
    TableError,
    decode_table,
    read_crosswalk,
    read_requirements,
)
from suigang.errors import InvalidInput

MAX_TABLE_BYTES = 20_000_000


class TableKind(StrEnum):
    CROSSWALK = "crosswalk"
    REQUIREMENTS = "requirements"


class TableRejected(InvalidInput):
    """A table with bad rows: nothing was stored; ``errors`` has one entry per bad row."""

    def __init__(self, filename: str, errors: Sequence[RowError]) -> None:
        self.filename = filename
        self.errors = list(errors)
        lines = "\n".join(str(e) for e in self.errors[:50])
        more = f"\n(and {len(self.errors) - 50} more)" if len(self.errors) > 50 else ""
        super().__init__(f"{filename} was rejected, nothing was stored:\n{lines}{more}")


def _header(text: str) -> list[str]:
    try:
        first = next(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")), [])
    except csv.Error:
        return []
    return [c.strip().lower() for c in first]


def table_kind(text: str) -> TableKind | None:
    """Which table the header describes, or ``None``."""
    columns = _header(text)
    if "intl_standard" in columns and "cn_standard" in columns:
        return TableKind.CROSSWALK
    if "category" in columns and "jurisdiction" in columns:
        return TableKind.REQUIREMENTS
    return None


def _row_lines(text: str) -> list[int]:
    """The line each non-blank data row starts on, as the engine counts them."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    next(reader, None)
    lines, line = [], reader.line_num
    for cells in reader:
        if any(c.strip() for c in cells):
            lines.append(line + 1)
        line = reader.line_num
    return lines


_CROSSWALK_LIMITS = (
    ("intl_standard", NUMBER), ("cn_standard", NUMBER), ("superseded_by", NUMBER),
    ("intl_title", 400), ("cn_title", 400), ("topic", 100),
)  # fmt: skip
_REQUIREMENT_LIMITS = (("category", 100), ("standard", NUMBER), ("title", 400))


def _too_long(
    rows: Sequence[CrosswalkRow | Requirement],
    lines: list[int],
    limits: tuple[tuple[str, int], ...],
) -> list[RowError]:
    errors = []
    for row, line in zip(rows, lines, strict=False):
        for name, limit in limits:
            value = str(getattr(row, name))
            if len(value) > limit:
                errors.append(
                    RowError(
                        line=line, reason=f"{name} has {len(value)} characters; at most {limit}"
                    )
                )
    return errors


def _read(
    text: str, filename: str, kind: TableKind
) -> tuple[CrosswalkRow, ...] | tuple[Requirement, ...]:
    try:
        rows: tuple[CrosswalkRow, ...] | tuple[Requirement, ...]
        if kind is TableKind.CROSSWALK:
            rows = read_crosswalk(text, name=filename)
        else:
            rows = read_requirements(text, name=filename)
    except TableError as exc:
        raise TableRejected(
            filename, [RowError(line=n, reason=m) for n, m in exc.problems]
        ) from None
    limits = _CROSSWALK_LIMITS if kind is TableKind.CROSSWALK else _REQUIREMENT_LIMITS
    errors = _too_long(rows, _row_lines(text), limits)
    if errors:
        raise TableRejected(filename, errors)
    return rows


def _joined(*sources: str) -> str:
    out: list[str] = []
    for source in sources:
        for part in source.split(" ; ") if source else ():
            if part.strip() and part.strip() not in out:
                out.append(part.strip())
    return " ; ".join(out)


def _mapping_values(row: CrosswalkRow) -> dict[str, object]:
    assert row.year is not None
    return {
        "intl_standard": row.intl_standard, "cn_standard": row.cn_standard, "year": row.year,
        "adoption": row.adoption.value, "intl_title": row.intl_title, "cn_title": row.cn_title,
        "topic": row.topic, "source": row.source, "superseded_by": row.superseded_by,
    }  # fmt: skip


def _requirement_values(row: Requirement) -> dict[str, object]:
    return {
        "category": row.category, "jurisdiction": row.jurisdiction.value,
        "standard": row.standard, "source": row.source, "title": row.title, "note": row.note,
    }  # fmt: skip


def _store(
    session: Session,
    model: type[StandardMapping] | type[ProductRequirement],
    wanted: dict[tuple[str, ...], dict[str, object]],
    key_of: tuple[str, ...],
    *,
    replace: bool,
    actor: Actor,
    at: datetime,
) -> tuple[int, int, int, int]:
    existing: dict[tuple[str, ...], Any] = {
        tuple(getattr(r, k) for k in key_of): r for r in session.scalars(select(model))
    }
    added = updated = unchanged = removed = 0
    for key, values in wanted.items():
        row = existing.get(key)
        if row is None:
            fields = {**values, **dict(zip(key_of, key, strict=True))}
            session.add(model(**fields, imported_at=at, imported_by=actor.label))
            added += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.imported_at, row.imported_by = at, actor.label
            updated += 1
        else:
            unchanged += 1
    if replace:
        gone = [r.id for k, r in existing.items() if k not in wanted]
        if gone:
            session.execute(delete(model).where(model.id.in_(gone)))
        removed = len(gone)
    return added, updated, unchanged, removed


def import_table(
    session: Session,
    *,
    actor: Actor,
    content: bytes,
    filename: str,
    kind: TableKind | None = None,
    replace: bool = False,
    now: datetime | None = None,
) -> ImportResult:
    """Import a crosswalk or product-requirement table (the zone office only)."""
    require(actor, "standards:import")
    if len(content) > MAX_TABLE_BYTES:
        raise InvalidInput(f"{filename}: larger than {MAX_TABLE_BYTES} bytes")
    try:
        text = decode_table(content)
    except ValueError as exc:
        raise InvalidInput(f"{filename}: {exc}") from None
    found = table_kind(text)
    kind = kind or found
    if kind is None:
        raise TableRejected(
            filename,
            [
                RowError(
                    line=1,
                    reason="the header names neither a crosswalk (intl_standard, cn_standard, "
                    "adoption) nor a requirement table (category, jurisdiction, standard, source)",
                )
            ],
        )
    at = now or utcnow()
    rows = _read(text, filename, kind)
    wanted: dict[tuple[str, ...], dict[str, object]] = {}
    if kind is TableKind.CROSSWALK:
        for row in rows:
            assert isinstance(row, CrosswalkRow)
            key = (row.intl.text, row.cn.text, row.adoption.value)
            values = _mapping_values(row)
            if key in wanted:  # the same pair twice in one file: one row, sources joined
                first = wanted[key]
                values = {k: first[k] or values[k] for k in first}
                values["source"] = _joined(str(first["source"]), row.source)
            wanted[key] = values
        counts = _store(
            session, StandardMapping, wanted, ("intl_key", "cn_key", "adoption"),
            replace=replace, actor=actor, at=at,
        )  # fmt: skip
    else:
        for row in rows:
            assert isinstance(row, Requirement)
            key = (row.category.casefold(), row.jurisdiction.value, row.number.text)
            values = _requirement_values(row)
            if key not in wanted or (row.verified and not wanted[key]["source"]):
                wanted[key] = values
        counts = _store(
            session, ProductRequirement, wanted,
            ("category_key", "jurisdiction", "standard_key"),
            replace=replace, actor=actor, at=at,
        )  # fmt: skip
    added, updated, unchanged, removed = counts
    audit(
        session, actor, "standards.imported", "standards_table", kind.value, file=filename,
        rows=len(wanted), added=added, updated=updated, removed=removed,
    )  # fmt: skip
    commit_once(session)
    return ImportResult(
        kind=kind.value, rows=len(wanted), added=added, updated=updated,
        unchanged=unchanged, removed=removed,
    )  # fmt: skip
