"""``suigang schedule ...``: solve, check and repair flexible job-shop schedules."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from suigang.cli._common import fail

schedule_app = typer.Typer(
    help="Flexible job-shop scheduling: solve, check, repair, generate.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add the ``schedule`` sub-commands."""
    app.add_typer(schedule_app, name="schedule")


def _load(path: Path, fmt: str | None = None) -> Any:
    from suigang.engines.scheduling import FormatError, read_instance

    if not path.is_file():
        fail(f"{path}: no such file")
    try:
        return read_instance(path, fmt)
    except (FormatError, ValueError) as exc:
        fail(str(exc))


def _load_schedule(path: Path) -> Any:
    from suigang.engines.scheduling import FormatError, read_schedule

    if not path.is_file():
        fail(f"{path}: no such file")
    try:
        return read_schedule(path)
    except (FormatError, ValueError) as exc:
        fail(str(exc))


@schedule_app.command("solve")
def solve_cmd(
    file: Path = typer.Argument(..., help="instance (FJSPLIB, JSPLIB/Taillard text or JSON)"),
    output: Path = typer.Option(..., "--output", "-o", help="solution JSON to write"),
    time_limit: float = typer.Option(10.0, "--time-limit", help="seconds"),
    workers: int = typer.Option(1, "--workers", help="search threads"),
    seed: int = typer.Option(0, "--seed"),
    objective: str = typer.Option(
        "makespan", "--objective", help="makespan|twt|lmax|setup|lex:a,b"
    ),
    fmt: str | None = typer.Option(None, "--format", help="fjsplib|jsplib|json (default: detect)"),
    gantt: Path | None = typer.Option(None, "--gantt", help="also write a chart (.html/.svg/.png)"),
) -> None:
    """Solve an instance and write the solution JSON."""
    from suigang.engines.scheduling import Objective, check, solve, write_solution

    if time_limit <= 0:
        fail(f"--time-limit must be > 0, got {time_limit}")
    if workers < 1:
        fail(f"--workers must be >= 1, got {workers}")
    try:
        obj = Objective.parse(objective)
    except ValueError as exc:
        fail(str(exc))
    if gantt is not None and gantt.suffix.lower() not in (".html", ".htm", ".svg", ".png"):
        fail(f"--gantt {gantt}: use a .html, .svg or .png file")
    instance = _load(file, fmt)
    if sys.stderr.isatty():
        result = _solve_with_progress(instance, obj, time_limit, workers, seed)
    else:
        result = solve(instance, obj, time_limit_s=time_limit, workers=workers, seed=seed)
    write_solution(result, output)
    if result.schedule is not None and gantt is not None:
        from suigang.engines.scheduling.gantt import write_gantt

        write_gantt(instance, result.schedule, gantt)
    ok = result.schedule is not None and check(instance, result.schedule).ok
    typer.echo(
        f"{instance.name}: {result.status} {obj}={result.objective_value} "
        f"makespan={result.makespan} lower_bound={result.lower_bound} "
        f"time={result.wall_time_s:.1f}s checked={'ok' if ok else 'FAILED'} -> {output}"
    )
    if result.schedule is None:
        raise typer.Exit(1)


def _solve_with_progress(instance: Any, obj: Any, limit: float, workers: int, seed: int) -> Any:
    import threading
    import time

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from suigang.engines.scheduling import solve

    stop = threading.Event()
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[best]}"),
        transient=False,
    ) as progress:
        task = progress.add_task(instance.name, total=limit, best="searching")
        t0 = time.perf_counter()

        def tick() -> None:
            while not stop.wait(0.2):
                progress.update(task, completed=min(limit, time.perf_counter() - t0))

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()

        def incumbent(t: float, value: tuple[int, ...]) -> None:
            progress.update(task, best=f"best {value} at {t:.1f}s")

        try:
            result = solve(
                instance,
                obj,
                time_limit_s=limit,
                workers=workers,
                seed=seed,
                on_incumbent=incumbent,
            )
        finally:
            stop.set()
            ticker.join()
        progress.update(task, completed=limit)
    return result


@schedule_app.command("check")
def check_cmd(
    file: Path = typer.Argument(..., help="instance file"),
    solution: Path = typer.Argument(..., help="solution JSON"),
    fmt: str | None = typer.Option(None, "--format"),
) -> None:
    """Verify every constraint; exit 0 when feasible, 1 with the violations otherwise."""
    from suigang.engines.scheduling import check

    instance = _load(file, fmt)
    schedule = _load_schedule(solution)
    report = check(instance, schedule)
    if report.ok:
        typer.echo(f"feasible: {len(schedule.operations)} operations, makespan {schedule.makespan}")
        return
    for v in report.violations:
        typer.echo(v)
    typer.echo(f"infeasible: {len(report.violations)} violation(s) shown", err=True)
    raise typer.Exit(1)


def _parse_down(text: str) -> Any:
    from suigang.engines.scheduling.repair import MachineDown

    parts = text.split(":")
    try:
        m, a, b = (int(p) for p in parts)
        return MachineDown(m, a, b)
    except ValueError:
        fail(f"--machine-down {text!r}: expected MACHINE:START:END with START < END")


def _parse_late(text: str) -> Any:
    from suigang.engines.scheduling.repair import OperationLate

    try:
        j, i, d = (int(p) for p in text.split(":"))
        return OperationLate(j, i, d)
    except ValueError:
        fail(f"--late {text!r}: expected JOB:INDEX:DELAY with DELAY > 0")


@schedule_app.command("repair")
def repair_cmd(
    file: Path = typer.Argument(..., help="instance file"),
    solution: Path = typer.Argument(..., help="solution JSON to repair"),
    output: Path = typer.Option(..., "--output", "-o"),
    machine_down: str | None = typer.Option(None, "--machine-down", help="MACHINE:START:END"),
    late: str | None = typer.Option(None, "--late", help="JOB:INDEX:DELAY"),
    fmt: str | None = typer.Option(None, "--format"),
) -> None:
    """Repair a schedule after a machine outage or a late operation."""
    from suigang.engines.scheduling import Objective, SolveResult, check, write_solution
    from suigang.engines.scheduling.repair import repair

    if (machine_down is None) == (late is None):
        fail("give exactly one of --machine-down M:START:END or --late J:I:DELAY")
    disruption = _parse_down(machine_down) if machine_down else _parse_late(late or "")
    instance = _load(file, fmt)
    schedule = _load_schedule(solution)
    before = check(instance, schedule)
    if not before.ok:
        fail(f"{solution} is not feasible for {file}: {before.violations[0]}")
    try:
        out = repair(instance, schedule, disruption)
    except ValueError as exc:
        fail(str(exc))
    result = SolveResult(
        instance.name,
        Objective(),
        out.status,
        out.schedule,
        None if out.schedule is None else (out.schedule.makespan,),
        None,
        out.wall_time_s,
    )
    write_solution(result, output)
    if out.schedule is None:
        typer.echo("repair failed: pinned operations cannot all hold", err=True)
        raise typer.Exit(1)
    slipped = sum(1 for c in out.completion_change if c > 0)
    verdict = "ok" if check(out.instance, out.schedule).ok else "FAILED"
    typer.echo(
        f"repaired in {out.wall_time_s:.2f}s: {out.moved} operation(s) moved, {slipped} job(s) "
        f"later (max {max(out.completion_change, default=0)}), makespan {schedule.makespan} -> "
        f"{out.schedule.makespan}, checked={verdict}"
        f" -> {output}"
    )


@schedule_app.command("generate")
def generate_cmd(
    output: Path = typer.Option(..., "--output", "-o", help="instance JSON to write"),
    jobs: int = typer.Option(1000, "--jobs"),
    machines: int = typer.Option(50, "--machines"),
    operations: int = typer.Option(10000, "--operations"),
    seed: int = typer.Option(1, "--seed"),
    max_modes: int = typer.Option(3, "--max-modes"),
) -> None:
    """Write a seeded random flexible job-shop instance as JSON."""
    from suigang.engines.scheduling import write_instance
    from suigang.engines.scheduling.generate import generate

    try:
        inst = generate(jobs, machines, operations, seed=seed, max_modes=max_modes)
    except ValueError as exc:
        fail(str(exc))
    write_instance(inst, output)
    typer.echo(f"{inst.name}: {inst.n_operations} operations -> {output}")
