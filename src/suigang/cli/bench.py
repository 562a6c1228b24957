"""``suigang bench ...``: the benchmarks whose numbers docs/benchmarks.md records.

Each module in ``suigang.bench`` adds one benchmark command through ``register(bench_app)``.
"""

from __future__ import annotations

import typer

import suigang.bench
from suigang.cli._common import register_modules

bench_app = typer.Typer(
    help="Benchmarks (results go to docs/benchmarks.md with machine, date and command).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    register_modules(suigang.bench.__path__, "suigang.bench", bench_app)
    app.add_typer(bench_app, name="bench")
