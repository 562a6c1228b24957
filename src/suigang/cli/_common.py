"""What every ``suigang`` command shares."""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer

#: ``--json``: print JSON rather than text.
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def fail(message: str) -> NoReturn:
    """Print a clear message on stderr and exit with code 2 (bad input, not a crash)."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)
