"""``suigang standards lookup``: find a standard's Chinese adoptions or a GB number's source;
``suigang standards import``: load a crosswalk or product-requirement table into the platform."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from suigang.cli._common import fail

standards_app = typer.Typer(help="The ISO/IEC ↔ GB standards crosswalk.", no_args_is_help=True)


@standards_app.command("lookup")
def lookup_command(
    query: Annotated[
        str, typer.Argument(help="a standard number as typed: 'ISO 9001', 'GBT19001-2016' ...")
    ],
    crosswalk: Annotated[
        list[Path],
        typer.Option(
            "--crosswalk",
            help="crosswalk CSV (intl_standard,cn_standard,adoption,year,...); repeat to merge",
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="print a JSON list of rows")] = False,
) -> None:
    """List the crosswalk rows of a standard, best first (the edition asked for, then newest)."""
    from suigang.engines.standards import (
        Crosswalk,
        decode_table,
        lookup,
        match_record,
        read_crosswalk,
    )

    tables = []
    try:
        for path in crosswalk:
            if not path.is_file():
                raise ValueError(f"{path}: no such file")
            try:
                text = decode_table(path.read_bytes())
            except ValueError as exc:
                raise ValueError(f"{path}: {exc}") from None
            tables.append(read_crosswalk(text, name=str(path)))
        result = lookup(Crosswalk.from_rows(*tables), query)
    except (ValueError, OSError) as exc:
        fail(str(exc))
        return
    for note in result.notes:
        typer.echo(f"note: {note.message}", err=True)
    records = [match_record(m) for m in result.matches]
    if as_json:
        json.dump(records, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    if not records:
        typer.echo(f"{', '.join(n.text for n in result.query)}: not in the crosswalk")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=" / ".join(n.text for n in result.query))
    for col in ("international", "Chinese", "kind", "year", "adoption", "edition", "topic"):
        table.add_column(col)
    for r in records:
        adoption = str(r["adoption"])
        if not r["verified"]:
            adoption = "unverified" if adoption == "UNVERIFIED" else f"{adoption} (no source)"
        edition = f"superseded by {r['superseded_by']}" if r["superseded"] else "current"
        table.add_row(
            str(r["intl_standard"]), str(r["cn_standard"]), str(r["cn_kind"]), str(r["year"]),
            adoption, edition, str(r["topic"]),
        )  # fmt: skip
    Console().print(table)


class Kind(StrEnum):
    CROSSWALK = "crosswalk"
    REQUIREMENTS = "requirements"


@standards_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="a crosswalk or product-requirement CSV")],
    kind: Annotated[
        Kind | None, typer.Option("--kind", help="which table (default: told by the header)")
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="drop the stored rows the file does not name")
    ] = False,
    enterprise_email: Annotated[
        str | None,
        typer.Option(
            "--enterprise-email",
            help="a zone office user to act as (default: the operator, as the zone office)",
        ),
    ] = None,
) -> None:
    """Load FILE into the configured database; a file with any bad row stores nothing and
    every bad row is listed with its line."""
    from sqlalchemy import select
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from suigang.config import get_settings
    from suigang.db import make_engine, make_session_factory, session_scope
    from suigang.domains.common import NOBODY
    from suigang.domains.identity.models import Enterprise, EnterpriseKind, User
    from suigang.domains.identity.permissions import Actor
    from suigang.domains.identity.service import actor_for_user
    from suigang.domains.registry import load_all_models
    from suigang.domains.standards.service import TableKind, import_table
    from suigang.errors import DomainError

    try:
        content = file.read_bytes()
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror}")
        return
    load_all_models()
    engine = make_engine(get_settings())
    try:
        with session_scope(make_session_factory(engine)) as session:
            if enterprise_email:
                user = session.scalar(
                    select(User).where(User.email == enterprise_email.strip().lower())
                )
                if user is None or not user.active:
                    fail(f"no active user with e-mail {enterprise_email}")
                    return
                actor = actor_for_user(user)
            else:
                zone = session.scalar(
                    select(Enterprise.id).where(Enterprise.kind == EnterpriseKind.ZONE_OFFICE)
                )
                actor = Actor(
                    enterprise_id=zone or NOBODY,
                    enterprise_kind=EnterpriseKind.ZONE_OFFICE.value,
                    role="zone_admin",
                    label="operator (suigang standards import)",
                )
            result = import_table(
                session,
                actor=actor,
                content=content,
                filename=file.name,
                kind=TableKind(kind.value) if kind else None,
                replace=replace,
            )
    except DomainError as exc:
        for line in exc.message.splitlines():
            typer.echo(line, err=True)
        raise typer.Exit(2) from None
    except (OperationalError, ProgrammingError) as exc:
        reason = str(exc.orig) if exc.orig is not None else str(exc)
        fail(f"the database cannot be used ({reason.splitlines()[0]}); run `suigang db upgrade`")
        return
    finally:
        engine.dispose()
    typer.echo(
        f"{file.name}: {result.kind}, {result.rows} rows: {result.added} added, "
        f"{result.updated} updated, {result.unchanged} unchanged"
        + (f", {result.removed} removed" if replace else "")
    )


def register(app: typer.Typer) -> None:
    """Add ``suigang standards``."""
    app.add_typer(standards_app, name="standards")
