"""Model validation, objectives and the JSON form."""

from __future__ import annotations

import pytest

from suigang.engines.scheduling import (
    Instance,
    Job,
    Machine,
    Mode,
    Objective,
    ObjectiveKind,
    Operation,
    instance_from_dict,
    instance_to_dict,
)
from tests.engines.scheduling.sched_helpers import chain, op, shop


def test_mode_rejects_negative_duration() -> None:
    """A negative processing time is named with its value."""
    with pytest.raises(ValueError, match=r"duration.*-3"):
        Mode(0, -3)


def test_operation_needs_a_mode() -> None:
    """An operation without an eligible machine cannot run anywhere."""
    with pytest.raises(ValueError, match="no modes"):
        Operation(())


def test_pin_must_name_an_eligible_machine() -> None:
    """Pinning to a machine the operation cannot use is rejected with the machine named."""
    with pytest.raises(ValueError, match="pinned_machine 2"):
        Operation((Mode(0, 1),), pinned_machine=2, pinned_start=0)


def test_job_precedence_cycle_rejected() -> None:
    """A precedence cycle makes the job unschedulable, so construction refuses it."""
    with pytest.raises(ValueError, match="cycle"):
        Job((op((0, 1)), op((0, 1))), precedences=((0, 1), (1, 0)))


def test_instance_rejects_unknown_machine() -> None:
    """A mode naming machine 5 of a 2-machine shop names both numbers."""
    with pytest.raises(ValueError, match=r"machine 5 does not exist.*2 machines"):
        shop([chain(op((5, 1)))], 2)


def test_setup_matrix_must_be_square() -> None:
    """A ragged setup matrix cannot be indexed by family pairs."""
    with pytest.raises(ValueError, match="square"):
        Machine(setup_times=((0, 1), (1,)))


def test_objective_parse_lex() -> None:
    """lex:twt,makespan keeps the order of its terms."""
    obj = Objective.parse("lex:twt,makespan")
    assert obj.terms == (ObjectiveKind.TWT, ObjectiveKind.MAKESPAN)
    assert str(obj) == "lex:twt,makespan"


def test_objective_parse_unknown() -> None:
    """An unknown objective name is quoted in the error."""
    with pytest.raises(ValueError, match="'speed'"):
        Objective.parse("speed")


def test_json_round_trip_keeps_everything() -> None:
    """Setups, calendars, pins, trees, due dates survive to_dict/from_dict unchanged."""
    inst = Instance(
        (Machine("a", ((0, 2), (3, 0)), ((5, 9),)), Machine("b")),
        (
            Job(
                (
                    op((0, 2), (1, 3), family=1),
                    op((1, 1)),
                    op((0, 4), pinned_machine=0, pinned_start=20),
                ),
                precedences=((0, 2), (1, 2)),
                release=1,
                due=30,
                weight=2,
                priority=3,
                name="assembly",
            ),
        ),
        name="rt",
    )
    assert instance_from_dict(instance_to_dict(inst)) == inst
    assert inst.n_operations == 3
