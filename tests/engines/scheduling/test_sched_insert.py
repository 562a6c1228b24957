"""Inserting a new job keeping promises, or bumping the unprotected jobs."""

from __future__ import annotations

from suigang.engines.scheduling import Schedule, ScheduledOperation, Status, check, promise
from tests.engines.scheduling.sched_helpers import chain, op, shop

S = ScheduledOperation


def one_machine() -> tuple:  # type: ignore[type-arg]
    """Job 0 (4 units, due 5) then job 1 (3 units, due 20) on one machine."""
    inst = shop([chain(op((0, 4)), due=5), chain(op((0, 3)), due=20)], 1)
    return inst, Schedule((S(0, 0, 0, 0, 4), S(1, 0, 0, 4, 7)))


def test_earliest_keeps_every_promise() -> None:
    """Fitted first, the 2-unit job would push job 0 to 6, past its due date 5; so job 0 is
    pinned and the new job goes after it (4..6), pushing only job 1 (to 9, due 20)."""
    inst, sched = one_machine()
    answer = promise(inst, sched, chain(op((0, 2)), priority=1), protected=frozenset({0, 1}))
    assert answer.status is Status.FEASIBLE and answer.earliest is not None
    assert answer.before == (4, 7)
    assert answer.earliest.completions == (4, 9, 6)
    assert check(answer.earliest.instance, answer.earliest.schedule).ok
    assert answer.bumping is None  # both jobs protected: nothing may be pushed


def test_bumping_pushes_unprotected_jobs() -> None:
    """With nobody protected the new job runs first (0..2) and both others slip by 2."""
    inst, sched = one_machine()
    answer = promise(inst, sched, chain(op((0, 2)), priority=1), protected=frozenset())
    assert answer.bumping is not None
    assert answer.bumping.completions == (6, 9, 2)
    assert answer.earliest is not None and answer.earliest.new_completion == 6
