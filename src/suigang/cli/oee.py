"""``suigang oee compute``: ISO 22400 time elements and KPIs from a table of machine states."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from suigang.cli._common import fail

oee_app = typer.Typer(help="ISO 22400 OEE from machine states.", no_args_is_help=True)


@oee_app.command("compute")
def compute_command(
    states: Annotated[
        Path,
        typer.Argument(
            help="CSV: machine,start,end,item_state,operation_mode,produced,scrap,rework"
        ),
    ],
    pru: Annotated[float, typer.Option("--pru", help="planned run time per unit, seconds")],
    planned_down: Annotated[
        Path | None, typer.Option("--planned-down", help="CSV: machine,start,end (machine * = all)")
    ] = None,
    start: Annotated[str | None, typer.Option("--start", help="window start (ISO 8601)")] = None,
    end: Annotated[str | None, typer.Option("--end", help="window end (ISO 8601)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Compute time elements (seconds) and KPIs per machine; the window is POT."""
    from suigang.engines.oee import OeeInput, compute
    from suigang.engines.oee.records import (
        ALL_MACHINES,
        parse_time,
        read_planned_down,
        read_states,
        result_to_dict,
    )

    try:
        if not pru > 0 or pru == float("inf"):
            raise ValueError(f"--pru must be a positive number of seconds, got {pru}")
        if not states.is_file():
            raise ValueError(f"{states}: no such file")
        with states.open(encoding="utf-8-sig", newline="") as fh:
            per_machine = read_states(fh, name=str(states))
        if not per_machine:
            raise ValueError(f"{states}: no state rows")
        down: list[tuple[str, object]] = []
        if planned_down is not None:
            if not planned_down.is_file():
                raise ValueError(f"{planned_down}: no such file")
            with planned_down.open(encoding="utf-8-sig", newline="") as fh:
                down = list(read_planned_down(fh, name=str(planned_down)))
        all_intervals = [iv for ivs in per_machine.values() for iv in ivs]
        t0 = parse_time(start, where="--start") if start else min(i.start for i in all_intervals)
        t1 = parse_time(end, where="--end") if end else max(i.end for i in all_intervals)
        if t1 <= t0:
            raise ValueError(f"--end {t1.isoformat()} is not after --start {t0.isoformat()}")
        results = []
        for machine in sorted(per_machine):
            mine = tuple(p for m, p in down if m in (machine, ALL_MACHINES))
            try:
                data = OeeInput(t0, t1, tuple(per_machine[machine]), pru, mine)  # type: ignore[arg-type]
            except ValueError as exc:
                raise ValueError(f"machine {machine}: {exc}") from None
            row = {"machine": machine, "start": t0.isoformat(), "end": t1.isoformat()}
            row.update(result_to_dict(compute(data)))
            results.append(row)
    except (ValueError, OSError) as exc:
        fail(str(exc))
        return
    if as_json:
        json.dump(results, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"OEE {t0.isoformat()} – {t1.isoformat()}")
    for col in ("machine", "availability", "effectiveness", "quality_ratio", "oee", "nee"):
        table.add_column(col)
    for row in results:
        table.add_row(
            row["machine"],
            *(
                "undefined" if row[k] is None else f"{row[k]:.4f}"
                for k in ("availability", "effectiveness", "quality_ratio", "oee", "nee")
            ),
        )
    Console().print(table)


def register(app: typer.Typer) -> None:
    """Add ``suigang oee``."""
    app.add_typer(oee_app, name="oee")
