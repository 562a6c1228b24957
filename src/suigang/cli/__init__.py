"""The ``suigang`` command line.

Each module in this package adds its own commands through ``register(app)``, so areas of
the product (scheduling, SPC, inspection, telemetry, the platform) extend the CLI without
touching one shared file. Commands import heavy libraries inside their bodies, so that
``suigang --help`` stays fast.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

app = typer.Typer(
    name="suigang",
    help="Suigang (穗港): the Guangzhou–Hong Kong smart-manufacturing platform.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _register_all() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_all()


def main() -> None:
    """Console-script entry point."""
    app()
