"""The seeded instance generator."""

from __future__ import annotations

import time

from suigang.engines.scheduling import check, dispatch
from suigang.engines.scheduling.generate import generate


def test_sizes_and_seed_determinism() -> None:
    """The requested counts come out exactly, and one seed gives one instance."""
    a = generate(30, 5, 200, seed=7, assembly=0.5, setup_families=3, downtimes=1, due_factor=2)
    assert (len(a.jobs), len(a.machines), a.n_operations) == (30, 5, 200)
    assert a == generate(
        30, 5, 200, seed=7, assembly=0.5, setup_families=3, downtimes=1, due_factor=2
    )
    assert a != generate(
        30, 5, 200, seed=8, assembly=0.5, setup_families=3, downtimes=1, due_factor=2
    )


def test_feature_rich_instance_dispatches_feasibly() -> None:
    """Trees, setups and downtime together still give a schedule the checker accepts."""
    inst = generate(40, 6, 300, seed=2, assembly=0.5, setup_families=3, downtimes=2)
    res = dispatch(inst)
    assert res.schedule is not None and check(inst, res.schedule).ok


def test_ten_thousand_ops_dispatch_quickly() -> None:
    """The 1,000 x 50 x 10,000 flexible shop gets a checked schedule (time not asserted)."""
    inst = generate(1000, 50, 10000, seed=1)
    t0 = time.perf_counter()
    res = dispatch(inst)
    _ = time.perf_counter() - t0
    assert res.schedule is not None and len(res.schedule.operations) == 10000
    assert check(inst, res.schedule).ok
