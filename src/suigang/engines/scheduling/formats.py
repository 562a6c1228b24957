"""Readers and writers: FJSPLIB and JSPLIB text, the model's JSON form, solution JSON.

FJSPLIB (Brandimarte, Hurink, Dauzère-Pérès & Paulli): a header ``n_jobs n_machines
[avg]``, then per job ``n_ops`` and per operation ``k m1 p1 ... mk pk`` with 1-based
machines. JSPLIB / Taillard (as distributed in JSPLIB): a header ``n_jobs n_machines`` and per
job ``machine time`` pairs with 0-based machines; lines starting with ``#`` are comments.
Errors name the file, line and token.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from suigang.engines.scheduling.model import Instance, Job, Machine, Mode, Operation
from suigang.engines.scheduling.solution import (
    Schedule,
    ScheduledOperation,
    SolveResult,
    Status,
)

#: More machines than any shop floor has: a header asking for more is a bad file (it would
#: otherwise make a machine object for each before reading a single operation).
MAX_MACHINES = 100_000


class FormatError(ValueError):
    """A file that cannot be read; the message names file, line and token."""

    def __init__(self, path: str, line: int, token: str, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem} (token {token!r})")
        self.path = path
        self.line = line
        self.token = token


class _Tokens:
    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.items: list[tuple[str, int]] = []
        self.line_starts: list[int] = []
        for no, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            self.line_starts.append(len(self.items))
            self.items.extend((tok, no) for tok in line.split())
        self.pos = 0
        self.last_line = len(text.splitlines()) or 1

    def next_count(self, what: str, high: int) -> int:
        """A count in ``1..high``."""
        line = self.line_of_next()
        value = self.next_int(what, 1)
        if value > high:
            tok = self.items[self.pos - 1][0]
            raise FormatError(self.path, line, tok, f"{what} must be at most {high:,}")
        return value

    def next_int(self, what: str, low: int = 0) -> int:
        if self.pos >= len(self.items):
            raise FormatError(self.path, self.last_line, "", f"file ends where {what} was expected")
        tok, line = self.items[self.pos]
        self.pos += 1
        try:
            value = int(tok)
        except ValueError:
            raise FormatError(self.path, line, tok, f"{what} must be an integer") from None
        if value < low:
            raise FormatError(self.path, line, tok, f"{what} must be >= {low}")
        return value

    def line_of_next(self) -> int:
        return self.items[self.pos][1] if self.pos < len(self.items) else self.last_line


def read_fjsplib(path: str | Path, text: str | None = None) -> Instance:
    """Read an FJSPLIB file (1-based machine ids become zero-based)."""
    p = str(path)
    toks = _Tokens(Path(path).read_text(encoding="utf-8") if text is None else text, p)
    n_jobs = toks.next_int("number of jobs", 1)
    n_machines = toks.next_count("number of machines", MAX_MACHINES)
    # the optional third header token (average machines per operation) may be a float
    if toks.pos < len(toks.items) and toks.items[toks.pos][1] == toks.items[0][1]:
        toks.pos += 1
    jobs = []
    for j in range(n_jobs):
        n_ops = toks.next_int(f"operation count of job {j + 1}", 1)
        ops = []
        for i in range(n_ops):
            k = toks.next_int(f"mode count of job {j + 1} operation {i + 1}", 1)
            modes: list[Mode] = []
            for _ in range(k):
                line = toks.line_of_next()
                m = toks.next_int("machine", 1)
                if m > n_machines:
                    tok = toks.items[toks.pos - 1][0]
                    raise FormatError(p, line, tok, f"machine {m} exceeds {n_machines} machines")
                d = toks.next_int("processing time", 0)
                if any(x.machine == m - 1 for x in modes):
                    raise FormatError(
                        p, line, str(m), f"machine {m} listed twice for one operation"
                    )
                modes.append(Mode(m - 1, d))
            ops.append(Operation(tuple(modes)))
        jobs.append(Job(tuple(ops)))
    if toks.pos < len(toks.items):
        tok, line = toks.items[toks.pos]
        raise FormatError(p, line, tok, f"unexpected data after {n_jobs} jobs")
    return Instance(tuple(Machine() for _ in range(n_machines)), tuple(jobs), name=Path(p).stem)


def read_jsplib(path: str | Path, text: str | None = None) -> Instance:
    """Read a JSPLIB / Taillard job-shop file (0-based machine ids)."""
    p = str(path)
    raw = Path(path).read_text(encoding="utf-8") if text is None else text
    toks = _Tokens(raw, p)
    n_jobs = toks.next_int("number of jobs", 1)
    n_machines = toks.next_count("number of machines", MAX_MACHINES)
    jobs = []
    for j in range(n_jobs):
        ops: list[Operation] = []
        line_no = toks.line_of_next()
        for _ in range(n_machines):
            line = toks.line_of_next()
            if ops and line != line_no:
                raise FormatError(
                    p, line, toks.items[toks.pos][0], f"job {j} has too few operations"
                )
            m = toks.next_int("machine", 0)
            if m >= n_machines:
                raise FormatError(p, line, str(m), f"machine {m} exceeds {n_machines - 1}")
            d = toks.next_int("processing time", 0)
            ops.append(Operation((Mode(m, d),)))
        jobs.append(Job(tuple(ops)))
    if toks.pos < len(toks.items):
        tok, line = toks.items[toks.pos]
        raise FormatError(p, line, tok, f"unexpected data after {n_jobs} jobs")
    return Instance(tuple(Machine() for _ in range(n_machines)), tuple(jobs), name=Path(p).stem)


def read_instance(path: str | Path, fmt: str | None = None) -> Instance:
    """Read an instance, choosing the format from ``fmt`` or the file's content.

    ``fmt`` is ``fjsplib``, ``jsplib`` or ``json``. Without it: JSON when the file starts with
    ``{``; JSPLIB when the header has two numbers and every job line holds exactly one
    ``machine time`` pair per machine; FJSPLIB otherwise.
    """
    text = Path(path).read_text(encoding="utf-8")
    if fmt is None:
        fmt = _guess(text)
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FormatError(
                str(path), exc.lineno, exc.doc[exc.pos : exc.pos + 10], exc.msg
            ) from None
        try:
            return instance_from_dict(data, default_name=Path(path).stem)
        except (KeyError, TypeError, ValueError) as exc:
            raise FormatError(str(path), 1, "", f"invalid instance JSON: {exc}") from None
    if fmt == "jsplib":
        return read_jsplib(path, text)
    if fmt == "fjsplib":
        return read_fjsplib(path, text)
    raise ValueError(f"unknown format {fmt!r} (expected fjsplib, jsplib or json)")


def _guess(text: str) -> str:
    if text.lstrip().startswith("{"):
        return "json"
    lines = [
        ln.split() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")
    ]
    if not lines:
        return "fjsplib"
    if len(lines[0]) == 2 and len(lines) > 1:
        try:
            n_jobs, n_m = int(lines[0][0]), int(lines[0][1])
        except ValueError:
            return "fjsplib"
        body = lines[1 : 1 + n_jobs]
        if len(body) == n_jobs and all(len(r) == 2 * n_m for r in body):
            return "jsplib"
    return "fjsplib"


def instance_to_dict(instance: Instance) -> dict[str, Any]:
    """The model's JSON form (the inverse of :func:`instance_from_dict`)."""
    return {
        "name": instance.name,
        "machines": [
            {
                "name": m.name,
                "setup_times": [list(r) for r in m.setup_times],
                "unavailable": [list(i) for i in m.unavailable],
            }
            for m in instance.machines
        ],
        "jobs": [
            {
                "name": j.name,
                "release": j.release,
                "due": j.due,
                "weight": j.weight,
                "priority": j.priority,
                "precedences": None if j.precedences is None else [list(a) for a in j.precedences],
                "operations": [
                    {
                        "name": o.name,
                        "modes": [[md.machine, md.duration] for md in o.modes],
                        "family": o.family,
                        "pinned": None
                        if o.pinned_machine is None
                        else {"machine": o.pinned_machine, "start": o.pinned_start},
                    }
                    for o in j.operations
                ],
            }
            for j in instance.jobs
        ],
    }


def instance_from_dict(data: dict[str, Any], default_name: str = "instance") -> Instance:
    """Build an :class:`Instance` from its JSON form; missing optional fields take defaults."""
    machines = tuple(
        Machine(
            name=str(m.get("name", "")),
            setup_times=tuple(tuple(int(v) for v in r) for r in m.get("setup_times", [])),
            unavailable=tuple((int(a), int(b)) for a, b in m.get("unavailable", [])),
        )
        for m in data["machines"]
    )
    jobs = []
    for j in data["jobs"]:
        ops = []
        for o in j["operations"]:
            pin = o.get("pinned")
            ops.append(
                Operation(
                    modes=tuple(Mode(int(m), int(d)) for m, d in o["modes"]),
                    family=int(o.get("family", 0)),
                    pinned_machine=None if pin is None else int(pin["machine"]),
                    pinned_start=None if pin is None else int(pin["start"]),
                    name=str(o.get("name", "")),
                )
            )
        prec = j.get("precedences")
        jobs.append(
            Job(
                operations=tuple(ops),
                precedences=None if prec is None else tuple((int(a), int(b)) for a, b in prec),
                release=int(j.get("release", 0)),
                due=None if j.get("due") is None else int(j["due"]),
                weight=int(j.get("weight", 1)),
                priority=int(j.get("priority", 0)),
                name=str(j.get("name", "")),
            )
        )
    return Instance(machines, tuple(jobs), name=str(data.get("name", default_name)))


def write_instance(instance: Instance, path: str | Path) -> None:
    """Write the model's JSON form."""
    Path(path).write_text(json.dumps(instance_to_dict(instance)), encoding="utf-8")


def result_to_dict(result: SolveResult) -> dict[str, Any]:
    """Solution JSON (DESIGN §6) of a solve result."""
    sched = result.schedule
    return {
        "instance": result.instance,
        "objective": str(result.objective),
        "status": str(result.status),
        "makespan": None if sched is None else sched.makespan,
        "lower_bound": result.lower_bound,
        "wall_time_s": round(result.wall_time_s, 3),
        "objective_value": None if result.objective_value is None else list(result.objective_value),
        "operations": []
        if sched is None
        else [
            {"job": o.job, "index": o.index, "machine": o.machine, "start": o.start, "end": o.end}
            for o in sched.operations
        ],
    }


def write_solution(result: SolveResult, path: str | Path) -> None:
    """Write solution JSON (DESIGN §6)."""
    Path(path).write_text(json.dumps(result_to_dict(result), indent=1), encoding="utf-8")


def read_schedule(path: str | Path) -> Schedule:
    """Read the operations of a solution JSON file."""
    p = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise FormatError(p, exc.lineno, exc.doc[exc.pos : exc.pos + 10], exc.msg) from None
    if not isinstance(data, dict) or not isinstance(data.get("operations"), list):
        raise FormatError(p, 1, "operations", "solution JSON needs an 'operations' list")
    ops = []
    for n, o in enumerate(data["operations"]):
        try:
            ops.append(
                ScheduledOperation(
                    int(o["job"]),
                    int(o["index"]),
                    int(o["machine"]),
                    int(o["start"]),
                    int(o["end"]),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise FormatError(p, 1, f"operations[{n}]", f"bad scheduled operation: {exc}") from None
    return Schedule(tuple(ops))


def status_of(path: str | Path) -> Status:
    """The status field of a solution JSON file."""
    return Status(json.loads(Path(path).read_text(encoding="utf-8"))["status"])
