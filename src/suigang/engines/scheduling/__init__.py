"""Flexible job-shop scheduling: model, readers/writers, dispatching, tabu search, CP-SAT,
repair, an independent checker and a seeded instance generator.

``solve(instance, objective, time_limit_s=..., workers=..., seed=...)`` is the main verb;
``check(instance, schedule)`` judges any schedule; ``repair(...)`` mends one after a disruption;
``promise(...)`` inserts a new job keeping (or bumping) the others' due dates.
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
from suigang.engines.scheduling.insert import (
    Insertion,
    Promise,
    insert_job,
    insert_keeping_promises,
    normalise,
    pin_jobs,
    promise,
    steer,
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
from suigang.engines.scheduling.repair import (
    Disruption,
    MachineDown,
    OperationLate,
    RepairResult,
    RushJob,
    apply_disruption,
    repair,
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
    "Disruption",
    "FormatError",
    "Insertion",
    "Instance",
    "Job",
    "Machine",
    "MachineDown",
    "Mode",
    "Objective",
    "ObjectiveKind",
    "Operation",
    "OperationLate",
    "Promise",
    "RepairResult",
    "RushJob",
    "Schedule",
    "ScheduledOperation",
    "SolveResult",
    "Status",
    "apply_disruption",
    "check",
    "dispatch",
    "insert_job",
    "insert_keeping_promises",
    "instance_from_dict",
    "instance_to_dict",
    "job_completions",
    "normalise",
    "objective_values",
    "pin_jobs",
    "promise",
    "read_fjsplib",
    "read_instance",
    "read_jsplib",
    "read_schedule",
    "repair",
    "result_to_dict",
    "solve",
    "steer",
    "trivial_lower_bound",
    "write_instance",
    "write_solution",
]
