"""``suigang bench ...``: the benchmarks whose numbers docs/benchmarks.md records.

Each module in ``suigang.bench`` adds one benchmark command through ``register(bench_app)``.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

import suigang.bench

bench_app = typer.Typer(
    help="Benchmarks (results go to docs/benchmarks.md with machine, date and command).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    for info in sorted(pkgutil.iter_modules(suigang.bench.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"suigang.bench.{info.name}")
        hook = getattr(module, "register", None)
        if hook is not None:
            hook(bench_app)
    app.add_typer(bench_app, name="bench")
