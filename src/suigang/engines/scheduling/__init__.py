"""Flexible job-shop scheduling: model, readers/writers, dispatching, tabu search, CP-SAT,
repair, an independent checker and a seeded instance generator.

``solve(instance, objective, time_limit_s=..., workers=..., seed=...)`` is the main verb;
``check(instance, schedule)`` judges any schedule; ``repair(...)`` mends one after a disruption.
"""

from suigang.engines.scheduling.check import CheckReport, check
from suigang.engines.scheduling.formats import (
    FormatError,
    instance_from_dict,
    instance_to_dict,
    read_fjsplib,
    read_instance,
    read_jsplib,
    read_schedule,
    result_to_dict,
    write_instance,
    write_solution,
)
from suigang.engines.scheduling.model import (
    Instance,
    Job,
    Machine,
    Mode,
    Objective,
    ObjectiveKind,
    Operation,
)
from suigang.engines.scheduling.solution import (
    Schedule,
    ScheduledOperation,
    SolveResult,
    Status,
    job_completions,
    objective_values,
)
from suigang.engines.scheduling.solver import dispatch, solve, trivial_lower_bound

__all__ = [
    "CheckReport",
    "FormatError",
    "Instance",
    "Job",
    "Machine",
    "Mode",
    "Objective",
    "ObjectiveKind",
    "Operation",
    "Schedule",
    "ScheduledOperation",
    "SolveResult",
    "Status",
    "check",
    "dispatch",
    "instance_from_dict",
    "instance_to_dict",
    "job_completions",
    "objective_values",
    "read_fjsplib",
    "read_instance",
    "read_jsplib",
    "read_schedule",
    "result_to_dict",
    "solve",
    "trivial_lower_bound",
    "write_instance",
    "write_solution",
]
