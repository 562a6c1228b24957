"""Repair after disruptions: feasible, pins untouched, unaffected work kept in place."""

from __future__ import annotations

from suigang.engines.scheduling import Job, Schedule, ScheduledOperation, Status, check, dispatch
from suigang.engines.scheduling.generate import generate
from suigang.engines.scheduling.repair import MachineDown, OperationLate, RushJob, repair
from tests.engines.scheduling.sched_helpers import chain, op, shop

S = ScheduledOperation


def test_machine_down_shifts_only_what_it_must() -> None:
    """Machine 0 down over [1, 4): job 0's op (0..2) restarts at 4 (no other machine), its
    successor follows; job 1 on machine 1 is untouched, so 2 operations move."""
    inst = shop([chain(op((0, 2)), op((1, 1))), chain(op((1, 3)))], 2)
    sched = Schedule((S(0, 0, 0, 0, 2), S(0, 1, 1, 3, 4), S(1, 0, 1, 0, 3)))
    out = repair(inst, sched, MachineDown(0, 1, 4))
    assert out.status is Status.FEASIBLE and out.schedule is not None
    got = out.schedule.by_key()
    assert (got[(0, 0)].start, got[(0, 1)].start, got[(1, 0)].start) == (4, 6, 0)
    assert out.moved == 2
    assert out.completion_change == (3, 0)
    assert check(out.instance, out.schedule).ok


def test_machine_down_moves_to_free_alternative() -> None:
    """The op hit by the outage may also run on idle machine 1, so it moves there at 0."""
    inst = shop([chain(op((0, 2), (1, 2)))], 2)
    sched = Schedule((S(0, 0, 0, 0, 2),))
    out = repair(inst, sched, MachineDown(0, 0, 10))
    assert out.schedule is not None
    assert out.schedule.operations[0] == S(0, 0, 1, 0, 2)
    assert out.completion_change == (0,)


def test_pinned_operations_never_move() -> None:
    """A pinned op stays at its start while the late op before it shifts the rest after it."""
    inst = shop(
        [
            chain(op((0, 3))),
            Job((op((0, 2), pinned_machine=0, pinned_start=5),)),
            chain(op((0, 2))),
        ],
        1,
    )
    sched = Schedule((S(0, 0, 0, 0, 3), S(1, 0, 0, 5, 7), S(2, 0, 0, 7, 9)))
    out = repair(inst, sched, OperationLate(0, 0, 4))
    assert out.schedule is not None
    got = out.schedule.by_key()
    assert (got[(1, 0)].start, got[(1, 0)].end) == (5, 7)
    assert check(out.instance, out.schedule).ok


def test_rush_job_goes_first() -> None:
    """A rush job on the busy machine is placed at its release, pushing planned work right."""
    inst = shop([chain(op((0, 4)))], 1)
    sched = Schedule((S(0, 0, 0, 0, 4),))
    out = repair(inst, sched, RushJob(chain(op((0, 2)))))
    assert out.schedule is not None
    got = out.schedule.by_key()
    assert (got[(1, 0)].start, got[(0, 0)].start) == (0, 2)
    assert out.completion_change == (2, 2)
    assert check(out.instance, out.schedule).ok


def test_repair_on_generated_instance_is_feasible_and_keeps_pins() -> None:
    """On a 2,000-op generated shop, every disruption yields a checked schedule."""
    inst = generate(200, 20, 2000, seed=5)
    base = dispatch(inst).schedule
    assert base is not None
    for d in (MachineDown(3, 50, 400), OperationLate(7, 1, 30)):
        out = repair(inst, base, d)
        assert out.schedule is not None
        assert check(out.instance, out.schedule).ok
        assert len(out.completion_change) == 200
