"""``suigang db``: schema migrations."""

from __future__ import annotations

import typer

db_app = typer.Typer(
    help="Database schema: upgrade, downgrade, current revision.", no_args_is_help=True
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


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
