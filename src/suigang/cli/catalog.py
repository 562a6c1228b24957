"""``suigang catalog ...``: import and export a factory's machines and products.

Files are CSV (UTF-8) or Excel ``.xlsx``, chosen by extension; the columns are in
docs/catalog.md. Commands act as the user named by ``--enterprise-email`` on the
configured database, with that user's permissions.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from suigang.domains.identity.permissions import Actor

T = TypeVar("T")


class What(StrEnum):
    MACHINES = "machines"
    PRODUCTS = "products"


catalog_app = typer.Typer(
    help="A factory's catalogue: machines and products in CSV or Excel.",
    no_args_is_help=True,
)

EmailOption = Annotated[
    str,
    typer.Option("--enterprise-email", help="e-mail of the user to act as (their firm's data)"),
]


def _fail(message: str) -> typer.Exit:
    for line in message.splitlines():
        typer.echo(line, err=True)
    return typer.Exit(2)


def _as_user(email: str, work: Callable[[Session, Actor], T]) -> T:
    """Run ``work`` in one session as the user ``email``; domain errors exit with code 2."""
    from sqlalchemy import select
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from suigang.config import get_settings
    from suigang.db import make_engine, make_session_factory, session_scope
    from suigang.domains.identity.models import User
    from suigang.domains.identity.service import actor_for_user
    from suigang.domains.registry import load_all_models
    from suigang.errors import DomainError

    load_all_models()
    engine = make_engine(get_settings())
    try:
        with session_scope(make_session_factory(engine)) as session:
            user = session.scalar(select(User).where(User.email == email.strip().lower()))
            if user is None or not user.active:
                raise _fail(f"no active user with e-mail {email}")
            return work(session, actor_for_user(user))
    except DomainError as exc:
        raise _fail(exc.message) from None
    except (OperationalError, ProgrammingError) as exc:
        reason = str(exc.orig) if exc.orig is not None else str(exc)
        raise _fail(
            f"the database cannot be used ({reason.splitlines()[0]}); "
            "run `suigang db upgrade` first"
        ) from None
    finally:
        engine.dispose()


@catalog_app.command("import")
def import_command(
    what: Annotated[What, typer.Argument(help="machines or products")],
    file: Annotated[Path, typer.Argument(help="a .csv or .xlsx file")],
    enterprise_email: EmailOption,
) -> None:
    """Create or update records from FILE; a file with any bad row stores nothing."""
    from suigang.domains.catalog.service import import_machines, import_products

    try:
        content = file.read_bytes()
    except OSError as exc:
        raise _fail(f"cannot read {file}: {exc.strerror}") from None
    use_case = import_machines if what is What.MACHINES else import_products
    report = _as_user(
        enterprise_email,
        lambda s, actor: use_case(s, actor=actor, filename=file.name, content=content),
    )
    typer.echo(
        f"{file.name}: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged"
    )


@catalog_app.command("export")
def export_command(
    what: Annotated[What, typer.Argument(help="machines or products")],
    enterprise_email: EmailOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="a .csv or .xlsx file to write")],
) -> None:
    """Write the firm's machines or products to a file that `catalog import` reads back."""
    from suigang.domains.catalog.io import format_of
    from suigang.domains.catalog.service import export_machines, export_products
    from suigang.errors import InvalidInput

    try:
        fmt = format_of(output.name)
    except InvalidInput as exc:
        raise _fail(exc.message) from None
    use_case = export_machines if what is What.MACHINES else export_products
    data = _as_user(enterprise_email, lambda s, actor: use_case(s, actor=actor, fmt=fmt))
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise _fail(f"cannot write {output}: {exc.strerror}") from None
    typer.echo(f"wrote {what.value} to {output}")


def register(app: typer.Typer) -> None:
    app.add_typer(catalog_app, name="catalog")
