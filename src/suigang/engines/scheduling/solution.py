"""Schedules and solve results, and the objective values of a schedule."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import StrEnum

from suigang.engines.scheduling.model import Instance, Objective, ObjectiveKind


class Status(StrEnum):
    """Outcome of a solve: proven optimal, feasible, proven infeasible, or nothing found."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class ScheduledOperation:
    """Operation ``index`` of job ``job`` runs on ``machine`` over ``[start, end)``."""

    job: int
    index: int
    machine: int
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.job < 0 or self.index < 0 or self.machine < 0:
            raise ValueError(f"scheduled operation has a negative index: {self}")
        if self.end < self.start:
            raise ValueError(f"scheduled operation ends before it starts: {self}")


@dataclass(frozen=True, slots=True)
class Schedule:
    """One start and machine per operation, ordered by (job, index)."""

    operations: tuple[ScheduledOperation, ...]

    @property
    def makespan(self) -> int:
        """Latest end over all operations (0 when empty)."""
        return max((o.end for o in self.operations), default=0)

    def by_key(self) -> dict[tuple[int, int], ScheduledOperation]:
        """Operations keyed by ``(job, index)``."""
        return {(o.job, o.index): o for o in self.operations}


@dataclass(frozen=True, slots=True)
class SolveResult:
    """What ``solve`` returns; ``schedule`` is None unless a schedule was found."""

    instance: str
    objective: Objective
    status: Status
    schedule: Schedule | None
    objective_value: tuple[int, ...] | None
    lower_bound: int | None
    wall_time_s: float
    incumbents: tuple[tuple[float, tuple[int, ...]], ...] = ()

    @property
    def makespan(self) -> int | None:
        """Makespan of the schedule, or None without one."""
        return None if self.schedule is None else self.schedule.makespan


def job_completions(instance: Instance, schedule: Schedule) -> list[int]:
    """Completion time of every job (latest end of its operations)."""
    done = [0] * len(instance.jobs)
    for o in schedule.operations:
        done[o.job] = max(done[o.job], o.end)
    return done


def objective_values(
    instance: Instance, schedule: Schedule, objective: Objective
) -> tuple[int, ...]:
    """The value of each objective term for ``schedule`` (all to be minimised)."""
    done = job_completions(instance, schedule)
    values: list[int] = []
    for term in objective.terms:
        if term is ObjectiveKind.MAKESPAN:
            values.append(schedule.makespan)
        elif term is ObjectiveKind.TWT:
            values.append(
                sum(
                    job.weight * max(0, done[j] - job.due)
                    for j, job in enumerate(instance.jobs)
                    if job.due is not None
                )
            )
        elif term is ObjectiveKind.LMAX:
            late = [done[j] - job.due for j, job in enumerate(instance.jobs) if job.due is not None]
            values.append(max(late, default=0))
        else:
            values.append(total_setup(instance, schedule))
    return tuple(values)


def total_setup(instance: Instance, schedule: Schedule) -> int:
    """Sum of the setup times between consecutive operations on each machine."""
    per_machine: dict[int, list[ScheduledOperation]] = {}
    for o in schedule.operations:
        per_machine.setdefault(o.machine, []).append(o)
    total = 0
    for m, ops in per_machine.items():
        ops.sort(key=lambda o: (o.start, o.end))
        machine = instance.machines[m]
        for a, b in itertools.pairwise(ops):
            fa = instance.jobs[a.job].operations[a.index].family
            fb = instance.jobs[b.job].operations[b.index].family
            total += machine.setup(fa, fb)
    return total
