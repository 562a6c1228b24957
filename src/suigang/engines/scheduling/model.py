"""The flexible job-shop model: frozen dataclasses that validate themselves on construction.

Everything refers to everything else by zero-based index: a mode names a machine by its
position in ``Instance.machines``; a precedence names operations by their position in the
job. Times are integers in the instance's own time unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Mode:
    """One way to run an operation: on ``machine`` for ``duration`` time units."""

    machine: int
    duration: int

    def __post_init__(self) -> None:
        if not isinstance(self.machine, int) or self.machine < 0:
            raise ValueError(f"mode machine must be a non-negative integer, got {self.machine!r}")
        if not isinstance(self.duration, int) or self.duration < 0:
            raise ValueError(f"mode duration must be a non-negative integer, got {self.duration!r}")


@dataclass(frozen=True, slots=True)
class Operation:
    """One step of a job; runs without interruption on exactly one of its modes.

    ``family`` selects the row/column of each machine's setup matrix. ``pinned_machine`` and
    ``pinned_start`` freeze the operation (the running part of a plan): solvers and repair
    keep it exactly there.
    """

    modes: tuple[Mode, ...]
    family: int = 0
    pinned_machine: int | None = None
    pinned_start: int | None = None
    name: str = ""

    def __post_init__(self) -> None:
        if not self.modes:
            raise ValueError(f"operation {self.name or '?'} has no modes (no eligible machine)")
        machines = [m.machine for m in self.modes]
        if len(set(machines)) != len(machines):
            raise ValueError(f"operation {self.name or '?'} lists a machine twice in modes")
        if not isinstance(self.family, int) or self.family < 0:
            raise ValueError(
                f"operation family must be a non-negative integer, got {self.family!r}"
            )
        if (self.pinned_machine is None) != (self.pinned_start is None):
            raise ValueError("pinned_machine and pinned_start must be given together")
        if self.pinned_machine is not None:
            if self.pinned_machine not in machines:
                raise ValueError(
                    f"pinned_machine {self.pinned_machine} is not one of the operation's modes"
                )
            if self.pinned_start is None or self.pinned_start < 0:
                raise ValueError(f"pinned_start must be >= 0, got {self.pinned_start!r}")

    @property
    def pinned(self) -> bool:
        """True when the operation is frozen at ``pinned_machine``/``pinned_start``."""
        return self.pinned_machine is not None

    def duration_on(self, machine: int) -> int | None:
        """The processing time on ``machine``, or None when the machine is not eligible."""
        for mode in self.modes:
            if mode.machine == machine:
                return mode.duration
        return None


@dataclass(frozen=True, slots=True)
class Job:
    """A job: operations plus a precedence DAG among them.

    ``precedences`` holds ``(before, after)`` pairs of operation indices. ``None`` means a
    chain in listed order (the classic job shop); an assembly tree lists its arcs explicitly.
    """

    operations: tuple[Operation, ...]
    precedences: tuple[tuple[int, int], ...] | None = None
    release: int = 0
    due: int | None = None
    weight: int = 1
    priority: int = 0
    name: str = ""

    def __post_init__(self) -> None:
        label = self.name or "?"
        if not self.operations:
            raise ValueError(f"job {label} has no operations")
        if self.release < 0:
            raise ValueError(f"job {label}: release must be >= 0, got {self.release}")
        if self.due is not None and self.due < 0:
            raise ValueError(f"job {label}: due must be >= 0, got {self.due}")
        if self.weight < 0:
            raise ValueError(f"job {label}: weight must be >= 0, got {self.weight}")
        if self.precedences is not None:
            n = len(self.operations)
            for arc in self.precedences:
                a, b = arc
                if not (0 <= a < n and 0 <= b < n) or a == b:
                    raise ValueError(f"job {label}: precedence {arc} is not a pair of operations")
            if _has_cycle(n, self.precedences):
                raise ValueError(f"job {label}: precedences contain a cycle")

    def arcs(self) -> tuple[tuple[int, int], ...]:
        """The precedence arcs, with the chain default made explicit."""
        if self.precedences is None:
            return tuple((i, i + 1) for i in range(len(self.operations) - 1))
        return self.precedences


def _has_cycle(n: int, arcs: tuple[tuple[int, int], ...]) -> bool:
    indeg = [0] * n
    succ: list[list[int]] = [[] for _ in range(n)]
    for a, b in arcs:
        succ[a].append(b)
        indeg[b] += 1
    stack = [i for i in range(n) if indeg[i] == 0]
    seen = 0
    while stack:
        i = stack.pop()
        seen += 1
        for j in succ[i]:
            indeg[j] -= 1
            if indeg[j] == 0:
                stack.append(j)
    return seen != n


@dataclass(frozen=True, slots=True)
class Machine:
    """A machine with optional sequence-dependent setups and unavailable intervals.

    ``setup_times[a][b]`` is the time needed between an operation of family ``a`` and a
    following one of family ``b`` (empty: no setups). ``unavailable`` holds half-open
    ``[start, end)`` intervals no operation's processing may overlap.
    """

    name: str = ""
    setup_times: tuple[tuple[int, ...], ...] = ()
    unavailable: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        label = self.name or "?"
        k = len(self.setup_times)
        for row in self.setup_times:
            if len(row) != k:
                raise ValueError(
                    f"machine {label}: setup_times must be square, got a row of {len(row)}"
                )
            if any(v < 0 for v in row):
                raise ValueError(f"machine {label}: setup_times must be >= 0")
        for start, end in self.unavailable:
            if start < 0 or end <= start:
                raise ValueError(f"machine {label}: unavailable interval ({start}, {end}) is empty")

    def setup(self, before: int, after: int) -> int:
        """Setup time from family ``before`` to family ``after`` (0 outside the matrix)."""
        if before < len(self.setup_times) and after < len(self.setup_times):
            return self.setup_times[before][after]
        return 0


@dataclass(frozen=True, slots=True)
class Instance:
    """A complete scheduling problem: machines and jobs."""

    machines: tuple[Machine, ...]
    jobs: tuple[Job, ...]
    name: str = "instance"
    n_operations: int = field(init=False)

    def __post_init__(self) -> None:
        if not self.machines:
            raise ValueError("instance has no machines")
        if not self.jobs:
            raise ValueError("instance has no jobs")
        n_m = len(self.machines)
        for j, job in enumerate(self.jobs):
            for i, op in enumerate(job.operations):
                for mode in op.modes:
                    if mode.machine >= n_m:
                        raise ValueError(
                            f"job {j} operation {i}: machine {mode.machine} does not exist "
                            f"(instance has {n_m} machines)"
                        )
        object.__setattr__(self, "n_operations", sum(len(j.operations) for j in self.jobs))

    def operations(self) -> list[tuple[int, int, Operation]]:
        """All operations as ``(job, index, operation)`` in file order."""
        return [
            (j, i, op) for j, job in enumerate(self.jobs) for i, op in enumerate(job.operations)
        ]


class ObjectiveKind(StrEnum):
    """A single scheduling objective (all minimised)."""

    MAKESPAN = "makespan"
    TWT = "twt"  # total weighted tardiness
    LMAX = "lmax"  # maximum lateness over jobs that have a due date
    SETUP = "setup"  # total setup time


@dataclass(frozen=True, slots=True)
class Objective:
    """A lexicographic sequence of objectives; one term is the plain case."""

    terms: tuple[ObjectiveKind, ...] = (ObjectiveKind.MAKESPAN,)

    def __post_init__(self) -> None:
        if not self.terms:
            raise ValueError("objective needs at least one term")
        if len(set(self.terms)) != len(self.terms):
            raise ValueError(f"objective repeats a term: {self.terms}")

    @classmethod
    def parse(cls, text: str) -> Objective:
        """Parse ``makespan``, ``twt``, ``lmax``, ``setup`` or ``lex:twt,makespan``."""
        body = text.strip().lower()
        if body.startswith("lex:"):
            names = [t.strip() for t in body[4:].split(",") if t.strip()]
        else:
            names = [body]
        terms = []
        for n in names:
            try:
                terms.append(ObjectiveKind(n))
            except ValueError:
                raise ValueError(
                    f"unknown objective {n!r} (expected makespan, twt, lmax, setup or lex:...)"
                ) from None
        return cls(tuple(terms))

    def __str__(self) -> str:
        if len(self.terms) == 1:
            return str(self.terms[0])
        return "lex:" + ",".join(str(t) for t in self.terms)
