"""Small hand-made instances shared by the scheduling tests."""

from __future__ import annotations

from suigang.engines.scheduling import Instance, Job, Machine, Mode, Operation


def op(*modes: tuple[int, int], **kw: object) -> Operation:
    """An operation from (machine, duration) pairs."""
    return Operation(tuple(Mode(m, d) for m, d in modes), **kw)  # type: ignore[arg-type]


def chain(*ops: Operation, **kw: object) -> Job:
    """A job whose operations run in listed order."""
    return Job(tuple(ops), **kw)  # type: ignore[arg-type]


def shop(jobs: list[Job], n_machines: int, machines: list[Machine] | None = None) -> Instance:
    """An instance with plain machines unless given."""
    ms = tuple(machines) if machines is not None else tuple(Machine() for _ in range(n_machines))
    return Instance(ms, tuple(jobs), name="t")
