"""What every ``suigang`` command shares."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from typing import Annotated, NoReturn

import typer

#: ``--json``: print JSON rather than text.
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def fail(message: str) -> NoReturn:
    """Print a clear message on stderr and exit with code 2 (bad input, not a crash)."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def register_modules(path: Iterable[str], package: str, target: typer.Typer) -> None:
    """Let every public module of ``package`` (at ``path``) add its commands to ``target``
    through its ``register(target)``, in name order."""
    for info in sorted(pkgutil.iter_modules(path), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(target)
