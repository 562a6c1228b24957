"""The ``suigang`` command line.

Each module in this package adds its own commands through ``register(app)``, so areas of
the product (scheduling, SPC, inspection, telemetry, the platform) extend the CLI without
touching one shared file. Commands import heavy libraries inside their bodies, so that
``suigang --help`` stays fast.
"""

from __future__ import annotations

import typer

from suigang.cli._common import register_modules

app = typer.Typer(
    name="suigang",
    help="Suigang (穗港): the Guangzhou–Hong Kong smart-manufacturing platform.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


register_modules(__path__, __name__, app)


def main() -> None:
    """Console-script entry point."""
    app()
