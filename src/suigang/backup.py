"""``suigang db backup FILE`` / ``suigang db restore FILE``: the whole database in one file,
the same on SQLite and PostgreSQL (so a backup of one restores into the other).

The file is gzip'd JSON lines: a header (format, schema revision, time), then per table a
line naming it with its columns, row count and checksum, then its rows in primary-key order.
Values keep their types (times, UUIDs, decimals, bytes are tagged). The checksum of a table
is the SHA-256 of its encoded rows in that order: restore recomputes it from the restored
database and refuses to report success on any difference. Restore wants an empty database
(migrated or not): it migrates it to the backup's revision, loads every table in
foreign-key order in one transaction, then moves PostgreSQL's sequences past the ids loaded.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO
from uuid import UUID

from sqlalchemy import Engine, Integer, MetaData, Table, func, insert, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from suigang.db import error_summary

FORMAT = "suigang-backup/1"
BATCH = 1000


class BackupError(RuntimeError):
    """The file is not a backup, does not fit, or the target is not empty."""


@dataclass(frozen=True, slots=True)
class TableSum:
    table: str
    rows: int
    sha256: str


def _enc(v: Any) -> Any:
    if isinstance(v, datetime):
        return {"$t": v.astimezone(UTC).isoformat() if v.tzinfo else v.isoformat()}
    if isinstance(v, date):
        return {"$d": v.isoformat()}
    if isinstance(v, UUID):
        return str(v)
    if isinstance(v, Decimal):
        return {"$n": str(v)}
    if isinstance(v, bytes | memoryview):
        return {"$b": base64.b64encode(bytes(v)).decode()}
    if hasattr(v, "value") and isinstance(v.value, str):  # a StrEnum
        return v.value
    return v


def _dec(v: Any) -> Any:
    if isinstance(v, dict) and len(v) == 1:
        ((tag, raw),) = v.items()
        if tag == "$t":
            return datetime.fromisoformat(raw)
        if tag == "$d":
            return date.fromisoformat(raw)
        if tag == "$n":
            return Decimal(raw)
        if tag == "$b":
            return base64.b64decode(raw)
    return v


def _line(row: tuple[Any, ...]) -> str:
    return json.dumps([_enc(v) for v in row], ensure_ascii=False, sort_keys=True)


def _rows(engine: Engine, table: Table) -> Iterator[str]:
    order = list(table.primary_key.columns) or list(table.columns)
    with engine.connect() as conn:
        result = conn.execution_options(yield_per=BATCH).execute(
            select(*table.columns).order_by(*order)
        )
        for row in result:
            yield _line(tuple(row))


def _metadata() -> MetaData:
    from suigang.domains.registry import load_all_models

    return load_all_models()


def table_sums(engine: Engine) -> list[TableSum]:
    """Rows and checksum of every table, as a backup records them."""
    out = []
    for table in _metadata().sorted_tables:
        digest, count = hashlib.sha256(), 0
        for line in _rows(engine, table):
            digest.update(line.encode() + b"\n")
            count += 1
        out.append(TableSum(table.name, count, digest.hexdigest()))
    return out


def backup(engine: Engine, path: Path) -> list[TableSum]:
    """Write the database to ``path``; returns each table's rows and checksum."""
    from suigang.migrations import current_revision

    revision = current_revision(engine)
    if revision is None:
        raise BackupError("the database has no schema (run `suigang db upgrade`)")
    sums = []
    with gzip.open(path, "wt", encoding="utf-8") as out:
        header = {"format": FORMAT, "revision": revision, "at": datetime.now(UTC).isoformat()}
        out.write(json.dumps(header) + "\n")
        for table in _metadata().sorted_tables:
            digest, count = hashlib.sha256(), 0
            # the section's header names its rows and checksum: rows go to a spool first
            with tempfile.TemporaryFile("w+", encoding="utf-8") as part:
                for line in _rows(engine, table):
                    digest.update(line.encode() + b"\n")
                    part.write(line + "\n")
                    count += 1
                s = TableSum(table.name, count, digest.hexdigest())
                cols = [c.name for c in table.columns]
                section = {"table": s.table, "columns": cols, "rows": count, "sha256": s.sha256}
                out.write(json.dumps(section) + "\n")
                part.seek(0)
                shutil.copyfileobj(part, out)
            sums.append(s)
    return sums


def read_header(handle: TextIO) -> dict[str, Any]:
    try:
        header = json.loads(handle.readline())
    except (json.JSONDecodeError, UnicodeDecodeError, OSError, EOFError) as exc:
        raise BackupError(f"not a Suigang backup: {exc}") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(f"not a Suigang backup (format {FORMAT} expected)")
    return header


def restore(engine: Engine, path: Path) -> list[TableSum]:
    """Load ``path`` into an empty database; returns the restored tables' rows and checksums
    (equal to the backup's, else ``BackupError``)."""
    from suigang.migrations import current_revision, upgrade

    meta = _metadata()
    current = current_revision(engine)
    if current is not None:
        with engine.connect() as conn:
            full = [
                t.name
                for t in meta.sorted_tables
                if conn.execute(select(func.count()).select_from(t)).scalar()
            ]
        if full:
            raise BackupError(
                f"restore needs an empty database; these tables have rows: {', '.join(full[:10])}"
            )
    expected: dict[str, TableSum] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        header = read_header(handle)
        if current is not None and current != header["revision"]:
            raise BackupError(
                f"the database is at revision {current}, the backup at "
                f"{header['revision']}: restore into an empty database"
            )
        upgrade(engine.url.render_as_string(hide_password=False), header["revision"])
        try:
            with engine.begin() as conn:
                expected = _load(conn, meta, handle)
        except SQLAlchemyError as exc:
            raise BackupError(f"the backup does not load: {error_summary(exc)}") from None
    sums = table_sums(engine)
    differ = [s.table for s in sums if s.table in expected and s != expected[s.table]]
    if differ:
        raise BackupError(f"restored tables differ from the backup: {', '.join(differ)}")
    return sums


def _load(conn: Any, meta: MetaData, handle: TextIO) -> dict[str, TableSum]:
    """Insert every section; a table's references to its own rows (a plan version's base)
    are set after all rows are in, so the order of its rows does not matter."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("PRAGMA defer_foreign_keys=ON"))
    expected: dict[str, TableSum] = {}
    later: list[tuple[Table, dict[str, Any]]] = []
    line = handle.readline()
    while line:
        section = json.loads(line)
        table = meta.tables.get(section["table"])
        if table is None:
            raise BackupError(f"the backup's table {section['table']} is unknown here")
        cols = section["columns"]
        own = {fk.parent.name for fk in table.foreign_keys if fk.column.table is table}
        pk = [c.name for c in table.primary_key.columns]
        batch: list[dict[str, Any]] = []
        for _ in range(section["rows"]):
            row = {c: _dec(v) for c, v in zip(cols, json.loads(handle.readline()), strict=True)}
            refs = {c: row[c] for c in own if row.get(c) is not None}
            if refs:
                later.append((table, {**{k: row[k] for k in pk}, **refs}))
                row |= dict.fromkeys(refs)
            batch.append(row)
            if len(batch) >= BATCH:
                conn.execute(insert(table), batch)
                batch = []
        if batch:
            conn.execute(insert(table), batch)
        expected[table.name] = TableSum(table.name, section["rows"], section["sha256"])
        line = handle.readline()
    for table, values in later:
        pk_cols = list(table.primary_key.columns)
        where = [c == values[c.name] for c in pk_cols]
        conn.execute(
            update(table)
            .where(*where)
            .values({k: v for k, v in values.items() if k not in {c.name for c in pk_cols}})
        )
    if conn.dialect.name == "postgresql":
        _advance_sequences(conn, meta)
    return expected


def _advance_sequences(conn: Any, meta: MetaData) -> None:
    for table in meta.sorted_tables:
        pk = list(table.primary_key.columns)
        if (
            len(pk) == 1
            and isinstance(pk[0].type, Integer)
            and pk[0].autoincrement in (True, "auto")
        ):
            seq = conn.execute(
                text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": pk[0].name}
            ).scalar()
            if seq:
                conn.execute(
                    text(
                        f'SELECT setval(:s, COALESCE((SELECT max("{pk[0].name}") FROM '
                        f'"{table.name}"), 0) + 1, false)'
                    ),
                    {"s": seq},
                )
