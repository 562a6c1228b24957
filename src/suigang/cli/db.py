"""``suigang db``: schema migrations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from suigang.cli._common import fail

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from suigang.backup import TableSum

db_app = typer.Typer(
    help="Database: schema upgrade, downgrade, current revision; backup and restore.",
    no_args_is_help=True,
)


@db_app.command("upgrade")
def upgrade(revision: str = typer.Argument("head", help="target revision")) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    from suigang.config import get_settings
    from suigang.migrations import upgrade as do_upgrade

    settings = get_settings()
    do_upgrade(settings.resolved_database_url(), revision)
    typer.echo(f"database {settings.resolved_database_url()} is at {revision}")


@db_app.command("downgrade")
def downgrade(revision: str = typer.Argument(..., help="target revision, or 'base'")) -> None:
    """Revert migrations down to REVISION."""
    from suigang.config import get_settings
    from suigang.migrations import downgrade as do_downgrade

    settings = get_settings()
    do_downgrade(settings.resolved_database_url(), revision)
    typer.echo(f"database {settings.resolved_database_url()} is at {revision}")


@db_app.command("current")
def current() -> None:
    """Print the database's schema revision and the newest one this version ships."""
    from suigang.config import get_settings
    from suigang.db import make_engine
    from suigang.migrations import current_revision, head_revision

    engine = make_engine(get_settings())
    typer.echo(f"current: {current_revision(engine) or 'none'}  head: {head_revision()}")
    engine.dispose()


def _backup_step(step: Callable[[Engine, Path], list[TableSum]], file: Path) -> list[TableSum]:
    """Run a backup or restore ``step`` on the configured database; its errors exit with 2."""
    from suigang.backup import BackupError
    from suigang.config import get_settings
    from suigang.db import make_engine

    engine = make_engine(get_settings())
    try:
        return step(engine, file)
    except BackupError as exc:
        fail(str(exc))
    finally:
        engine.dispose()


@db_app.command("backup")
def backup(
    file: Path = typer.Argument(..., help="where to write the backup (gzip'd JSON lines)"),
) -> None:
    """Write the whole database to FILE, with each table's rows and checksum."""
    from suigang.backup import backup as do_backup

    sums = _backup_step(do_backup, file)
    rows = sum(s.rows for s in sums)
    typer.echo(f"{file}: {len(sums)} tables, {rows} rows, {file.stat().st_size} bytes")


@db_app.command("restore")
def restore(file: Path = typer.Argument(..., exists=True, dir_okay=False, help="a backup")) -> None:
    """Load FILE into the configured (empty) database and check every table's checksum."""
    from suigang.backup import restore as do_restore

    sums = _backup_step(do_restore, file)
    rows = sum(s.rows for s in sums)
    typer.echo(f"restored {len(sums)} tables, {rows} rows; every checksum matches the backup")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
