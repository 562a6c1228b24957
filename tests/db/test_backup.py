"""``suigang db backup`` / ``restore``: a round trip keeps every table's rows and checksum,
on SQLite and on PostgreSQL (restored into a scratch database of the test's own)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from suigang.backup import BackupError, backup, restore, table_sums
from suigang.cli import app
from suigang.config import Settings
from suigang.db import make_engine
from suigang.domains.events.service import emit
from tests.conftest import PG_ADMIN_URL
from tests.world import build_world


@pytest.fixture
def target_url(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database of the same kind as the source, the test's own (a PostgreSQL one is
    dropped when the session ends)."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    drop_later = request.getfixturevalue("pg_drop_later")
    name = f"suigang_t_restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield db_url.rsplit("/", 1)[0] + "/" + name
    drop_later(name)


def test_round_trip_keeps_rows_and_checksums(
    session_factory, db_url: str, target_url: str, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Firms, users, products, machines and an event (an autoincrement id) come back equal,
    table by table; the next event after a restore gets the next id."""
    with session_factory() as s:
        build_world(s)
        emit(s, kind="test.backup", enterprise_id=None, subject_id="x", amount=1.5)
        s.commit()
    source = make_engine(Settings(), url=db_url)
    target = make_engine(Settings(), url=target_url)
    try:
        before = table_sums(source)
        file = tmp_path / "suigang.backup.gz"
        monkeypatch.setenv("SUIGANG_DATABASE_URL", db_url)
        from suigang.config import get_settings

        get_settings.cache_clear()
        r = CliRunner().invoke(app, ["db", "backup", str(file)])
        assert r.exit_code == 0, r.output
        rows = sum(s.rows for s in before)
        assert f"{len(before)} tables, {rows} rows" in r.output
        monkeypatch.setenv("SUIGANG_DATABASE_URL", target_url)
        get_settings.cache_clear()
        r = CliRunner().invoke(app, ["db", "restore", str(file)])
        assert r.exit_code == 0, r.output
        assert "every checksum matches" in r.output
        after = table_sums(target)
        # the same rows, table by table, and something to compare: the world has users
        assert after == before
        assert {s.table: s.rows for s in after}["app_user"] == 7  # the test world's users
        with target.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO outbox_event (at, kind, subject_id, payload, attempts) "
                    "VALUES (CURRENT_TIMESTAMP, 'next', '', '{}', 0)"
                )
            )
            ids = conn.execute(text("SELECT id FROM outbox_event ORDER BY id")).scalars().all()
        assert ids == [1, 2]  # the sequence moved past the restored id
        # restoring again into the now full database is refused, naming tables with rows
        with pytest.raises(BackupError, match="restore needs an empty database"):
            restore(target, file)
    finally:
        get_settings.cache_clear()
        source.dispose()
        target.dispose()


def test_not_a_backup_is_refused(tmp_path: Path) -> None:
    """Any other file is named as not a backup; nothing is written."""
    bad = tmp_path / "x.gz"
    bad.write_bytes(b"not gzip")
    engine = make_engine(Settings(), url=f"sqlite:///{tmp_path / 'e.db'}")
    try:
        with pytest.raises(BackupError, match="not a Suigang backup"):
            restore(engine, bad)
        with pytest.raises(BackupError, match="has no schema"):
            backup(engine, tmp_path / "out.gz")
    finally:
        engine.dispose()
