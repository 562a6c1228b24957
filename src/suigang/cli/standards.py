"""``suigang standards lookup``: find a standard's Chinese adoptions or a GB number's source."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

standards_app = typer.Typer(help="The ISO/IEC ↔ GB standards crosswalk.", no_args_is_help=True)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


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
        _fail(str(exc))
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


def register(app: typer.Typer) -> None:
    """Add ``suigang standards``."""
    app.add_typer(standards_app, name="standards")
