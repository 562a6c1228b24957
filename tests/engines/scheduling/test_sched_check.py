"""The independent checker catches each kind of violation."""

from __future__ import annotations

from suigang.engines.scheduling import Job, Machine, Schedule, ScheduledOperation, check
from tests.engines.scheduling.sched_helpers import chain, op, shop

S = ScheduledOperation


def test_feasible_schedule_passes() -> None:
    """Two chained ops back to back on their machines break nothing."""
    inst = shop([chain(op((0, 2)), op((1, 3)))], 2)
    assert check(inst, Schedule((S(0, 0, 0, 0, 2), S(0, 1, 1, 2, 5)))).ok


def test_each_violation_is_named() -> None:
    """Overlap, precedence, wrong duration, ineligible machine and a missing op: five findings."""
    inst = shop([chain(op((0, 2)), op((1, 3))), chain(op((0, 2))), chain(op((1, 1)))], 2)
    sched = Schedule(
        (
            S(0, 0, 0, 0, 2),
            S(0, 1, 1, 1, 4),  # starts before its predecessor ends
            S(1, 0, 0, 1, 4),  # overlaps job 0 on machine 0 and runs 3 instead of 2
        )
    )
    report = check(inst, sched)
    text = "\n".join(report.violations)
    assert not report.ok
    assert "job 0: operation 1 starts at 1 before operation 0 ends at 2" in text
    assert "runs 3 on machine 0, needs 2" in text
    assert "overlaps" in text
    assert "job 2 operation 0 is not scheduled" in text
    bad_machine = check(inst, Schedule((S(2, 0, 0, 0, 1),)))
    assert any("machine 0 is not eligible" in v for v in bad_machine.violations)


def test_setup_calendar_pin_release() -> None:
    """Setup gap too short, downtime overlap, moved pin and early start are each reported."""
    m0 = Machine(setup_times=((0, 4), (4, 0)), unavailable=((20, 30),))
    inst = shop(
        [
            chain(op((0, 2), family=0)),
            chain(op((0, 2), family=1)),
            chain(op((0, 5)), release=10),
            Job((op((0, 1), pinned_machine=0, pinned_start=40),)),
        ],
        1,
        [m0],
    )
    sched = Schedule((S(0, 0, 0, 0, 2), S(1, 0, 0, 3, 5), S(2, 0, 0, 8, 13), S(3, 0, 0, 25, 26)))
    text = "\n".join(check(inst, sched).violations)
    assert "leaves less than setup 4" in text
    assert "before release 10" in text
    assert "overlaps machine 0 unavailable [20, 30)" in text
    assert "pinned to machine 0 at 40" in text
