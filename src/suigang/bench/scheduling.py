"""``suigang bench scheduling``: our engine beside PyJobShop (CP-SAT) in the same run."""

from __future__ import annotations

import csv
import fnmatch
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer


@dataclass
class Row:
    name: str
    ops: int
    ub: int | None
    ours: int | None
    ours_time: float
    peer: int | None
    peer_time: float


def register(bench_app: typer.Typer) -> None:
    """Add ``suigang bench scheduling``."""
    bench_app.command("scheduling")(scheduling)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _bks(family: Path) -> dict[str, int]:
    path = family / "bks.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as fh:
        return {r["instance"]: int(r["ub"]) for r in csv.DictReader(fh)}


def _select(family: Path, pattern: str | None) -> list[Path]:
    files = sorted(p for p in family.iterdir() if p.suffix in (".txt", ".json", ".fjs"))
    if not pattern:
        return files
    wanted: list[Path] = []
    for part in pattern.split(","):
        part = part.strip()
        hits = [p for p in files if fnmatch.fnmatch(p.stem, part)]
        if not hits:
            _fail(f"--instances {part!r} matches nothing in {family}")
        wanted.extend(h for h in hits if h not in wanted)
    return wanted


def run_pyjobshop(instance: Any, time_limit: float, workers: int) -> tuple[int | None, float]:
    """PyJobShop with its OR-Tools CP-SAT backend; model building counts towards the time."""
    from pyjobshop import Model

    t0 = time.perf_counter()
    model = Model()
    machines = [model.add_machine(name=m.name or f"M{i}") for i, m in enumerate(instance.machines)]
    for job in instance.jobs:
        pj = model.add_job(release_date=job.release)
        tasks = []
        for op in job.operations:
            task = model.add_task(pj, earliest_start=job.release)
            for md in op.modes:
                model.add_mode(task, machines[md.machine], md.duration)
            tasks.append(task)
        for a, b in job.arcs():
            model.add_end_before_start(tasks[a], tasks[b])
    build = time.perf_counter() - t0
    result = model.solve(
        "ortools", time_limit=max(0.1, time_limit - build), display=False, num_workers=workers
    )
    wall = time.perf_counter() - t0
    if not result.best.tasks or result.objective == float("inf"):
        return None, wall
    return int(result.best.makespan), wall


def _gap(value: int | None, ub: int | None) -> float | None:
    if value is None or ub is None:
        return None
    return 100.0 * (value - ub) / ub


def _fmt_gap(g: float | None) -> str:
    return "—" if g is None else f"{g:+.2f}%"


def scheduling(
    family: Path | None = typer.Option(None, "--family", help="folder of instances with bks.csv"),
    time_limit: float = typer.Option(10.0, "--time-limit", help="seconds per instance and engine"),
    workers: int = typer.Option(2, "--workers"),
    seed: int = typer.Option(0, "--seed"),
    vs: str | None = typer.Option(None, "--vs", help="peer engine: pyjobshop"),
    instances: str | None = typer.Option(
        None, "--instances", help="names or globs, comma-separated"
    ),
    generate: str | None = typer.Option(None, "--generate", help="JOBSxMACHINESxOPS instance"),
    output: Path | None = typer.Option(None, "--output", help="also write the Markdown here"),
) -> None:
    """Solve each instance with our engine (and the peer), print a Markdown table."""
    from suigang.bench._machine import machine_line
    from suigang.engines.scheduling import check, read_instance, solve
    from suigang.engines.scheduling.generate import generate as gen

    if vs not in (None, "pyjobshop"):
        _fail(f"--vs {vs!r}: the only peer is pyjobshop")
    if (family is None) == (generate is None):
        _fail("give exactly one of --family DIR or --generate JOBSxMACHINESxOPS")
    todo: list[tuple[Any, int | None]] = []
    if family is not None:
        if not family.is_dir():
            _fail(f"--family {family}: not a directory")
        bks = _bks(family)
        for path in _select(family, instances):
            try:
                inst = read_instance(path)
            except ValueError as exc:
                _fail(str(exc))
            todo.append((inst, bks.get(path.stem)))
    else:
        try:
            j, m, o = (int(x) for x in (generate or "").lower().split("x"))
            todo.append((gen(j, m, o, seed=seed), None))
        except ValueError as exc:
            _fail(f"--generate {generate!r}: {exc}")
    # load the compiled kernels once before timing (a first run compiles and caches them)
    solve(todo[0][0], time_limit_s=0.5, workers=1, iteration_limit=1, use_cpsat=False)
    rows: list[Row] = []
    for inst, ub in todo:
        res = solve(inst, time_limit_s=time_limit, workers=workers, seed=seed)
        ours = res.makespan if res.schedule is not None and check(inst, res.schedule).ok else None
        peer, peer_t = (None, 0.0)
        if vs == "pyjobshop":
            peer, peer_t = run_pyjobshop(inst, time_limit, workers)
        rows.append(Row(inst.name, inst.n_operations, ub, ours, res.wall_time_s, peer, peer_t))
        typer.echo(
            f"{inst.name}: ours {ours} ({res.wall_time_s:.1f}s)"
            + (f", pyjobshop {peer} ({peer_t:.1f}s)" if vs else ""),
            err=True,
        )
    text = _table(rows, vs is not None, time_limit, workers, family, generate, seed, instances)
    text = f"{machine_line()}\n\n{text}"
    typer.echo(text)
    if output is not None:
        output.write_text(text + "\n", encoding="utf-8")


def _table(
    rows: list[Row],
    with_peer: bool,
    time_limit: float,
    workers: int,
    family: Path | None,
    generate: str | None,
    seed: int,
    instances: str | None,
) -> str:
    what = f"--family {family}" if family else f"--generate {generate} --seed {seed}"
    sel = f" --instances {instances}" if instances else ""
    cmd = f"suigang bench scheduling {what}{sel} --time-limit {time_limit:g} --workers {workers}"
    if with_peer:
        cmd += " --vs pyjobshop"
    head = "| instance | ops | bks ub | ours | gap | time s |"
    rule = "|---|---:|---:|---:|---:|---:|"
    if with_peer:
        head += " PyJobShop | gap | time s |"
        rule += "---:|---:|---:|"
    lines = [f"`{cmd}`", "", head, rule]
    for r in rows:
        line = (
            f"| {r.name} | {r.ops} | {r.ub if r.ub is not None else '—'} | "
            f"{r.ours if r.ours is not None else 'none'} | {_fmt_gap(_gap(r.ours, r.ub))} | "
            f"{r.ours_time:.1f} |"
        )
        if with_peer:
            line += (
                f" {r.peer if r.peer is not None else 'none'} | {_fmt_gap(_gap(r.peer, r.ub))} | "
                f"{r.peer_time:.1f} |"
            )
        lines.append(line)
    ours_gaps = [g for r in rows if (g := _gap(r.ours, r.ub)) is not None]
    lines.append("")
    if ours_gaps:
        lines.append(f"Mean gap to bks ub, ours: {statistics.mean(ours_gaps):+.2f}%")
    if with_peer:
        peer_gaps = [g for r in rows if (g := _gap(r.peer, r.ub)) is not None]
        if peer_gaps:
            lines.append(f"Mean gap to bks ub, PyJobShop: {statistics.mean(peer_gaps):+.2f}%")
        better = sum(1 for r in rows if r.ours is not None and (r.peer is None or r.ours < r.peer))
        worse = sum(1 for r in rows if r.peer is not None and (r.ours is None or r.peer < r.ours))
        lines.append(f"Ours better on {better}, PyJobShop better on {worse}, of {len(rows)}.")
    return "\n".join(lines)
