"""``suigang bench backup``: ``suigang db backup`` and ``restore`` of the demo zone, timed.

The demo zone is built in the empty PostgreSQL database given (else a temporary SQLite
file). Each round backs it up to a file, restores the file into a new SQLite file and, on
PostgreSQL, into a new database, and checks every table's checksum against the backup's.
The peer, on PostgreSQL, is ``pg_dump -Fc`` and ``pg_restore`` of the same database into
another new one (when both are installed). Medians of the rounds are reported, with the
ratios ours/peer.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer


def register(bench_app: typer.Typer) -> None:
    """Add ``suigang bench backup``."""
    bench_app.command("backup")(backup_bench)


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


@contextmanager
def _scratch_pg(url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database beside ``url``'s, dropped afterwards."""
    from sqlalchemy import create_engine, text

    base, _ = url.rsplit("/", 1)
    name = f"bench_restore_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _libpq(url: str) -> str:
    """The URL as pg_dump and pg_restore take it (no SQLAlchemy driver name)."""
    scheme, rest = url.split("://", 1)
    return f"postgresql://{rest}" if scheme.startswith("postgresql") else url


def backup_bench(
    database_url: str = typer.Option(
        "", help="an empty PostgreSQL database to build the demo zone in (default: SQLite)"
    ),
    rounds: int = typer.Option(3, min=1, max=20, help="backup/restore rounds (medians)"),
    as_json: bool = typer.Option(False, "--json", help="print the figures as JSON"),
) -> None:
    """Time backup and restore of the demo zone, checksums checked, beside pg_dump."""
    from sqlalchemy import text

    from suigang.backup import backup, restore
    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory
    from suigang.demo import build_demo
    from suigang.migrations import upgrade

    work = Path(tempfile.mkdtemp(prefix="suigang-bench-backup-"))
    try:
        url = database_url or f"sqlite:///{work / 'source.db'}"
        on_pg = url.startswith("postgresql")
        typer.echo(f"building the demo zone in {url.split('@')[-1]} …", err=True)
        upgrade(url)
        engine = make_engine(Settings(database_url=url))
        with engine.connect() as conn:
            if conn.execute(text("SELECT count(*) FROM enterprise")).scalar():
                typer.echo("error: the database is not empty (it holds firms)", err=True)
                raise typer.Exit(2)
        with make_session_factory(engine)() as session:
            build_demo(session, password="bench-password", models_dir=work / "models")
        figures: dict[str, list[float]] = {}
        sizes: dict[str, int] = {}
        rows = tables = 0
        peer = on_pg and bool(shutil.which("pg_dump")) and bool(shutil.which("pg_restore"))
        for k in range(rounds):
            file = work / f"zone-{k}.backup.gz"
            seconds, sums = _timed(lambda f=file: backup(engine, f))
            figures.setdefault("backup", []).append(seconds)
            sizes["backup"] = file.stat().st_size
            tables, rows = len(sums), sum(s.rows for s in sums)
            target = make_engine(Settings(database_url=f"sqlite:///{work / f'r{k}.db'}"))
            seconds, restored = _timed(lambda t=target, f=file: restore(t, f))
            target.dispose()
            assert restored == sums  # restore itself refuses on any difference
            figures.setdefault("restore_sqlite", []).append(seconds)
            if on_pg:
                with _scratch_pg(url) as scratch:
                    target = make_engine(Settings(database_url=scratch))
                    seconds, restored = _timed(lambda t=target, f=file: restore(t, f))
                    target.dispose()
                    assert restored == sums
                    figures.setdefault("restore_postgresql", []).append(seconds)
            if peer:
                dump = work / f"zone-{k}.dump"
                cmd = ["pg_dump", "-Fc", "-f", str(dump), _libpq(url)]
                seconds, _ = _timed(lambda c=cmd: subprocess.run(c, check=True))
                figures.setdefault("peer_pg_dump", []).append(seconds)
                sizes["peer_pg_dump"] = dump.stat().st_size
                with _scratch_pg(url) as scratch:
                    cmd = ["pg_restore", "--no-owner", "-d", _libpq(scratch), str(dump)]
                    seconds, _ = _timed(lambda c=cmd: subprocess.run(c, check=True))
                    figures.setdefault("peer_pg_restore", []).append(seconds)
            typer.echo(f"round {k + 1} of {rounds} done", err=True)
        engine.dispose()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    medians = {name: round(statistics.median(v), 3) for name, v in figures.items()}
    ratios = {}
    if "peer_pg_dump" in medians:
        ratios["backup_vs_pg_dump"] = round(medians["backup"] / medians["peer_pg_dump"], 2)
        ratios["restore_vs_pg_restore"] = round(
            medians["restore_postgresql"] / medians["peer_pg_restore"], 2
        )
    result = {
        "database": "postgresql" if on_pg else "sqlite",
        "tables": tables,
        "rows": rows,
        "rounds": rounds,
        "median_seconds": medians,
        "bytes": sizes,
        "ratios": ratios,
        "checksums": "every table equal after every restore",
    }
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    typer.echo(f"demo zone: {tables} tables, {rows} rows ({result['database']}), {rounds} rounds")
    for name, value in medians.items():
        typer.echo(f"  {name:<20} median {value:8.3f} s")
    for name, value in sizes.items():
        typer.echo(f"  {name:<20} {value:,} bytes")
    for name, value in ratios.items():
        typer.echo(f"  {name:<20} {value:.2f}× the peer's time")
    typer.echo("  every restore: every table's checksum equal to the backup's")
