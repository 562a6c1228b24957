"""The local process-pool job runner: results, progress, failures."""

from __future__ import annotations

from typing import Any

import pytest

from suigang.jobs import Jobs, JobState


def squares(n: int, *, report: Any) -> list[int]:
    out = []
    for i in range(n):
        out.append(i * i)
        report((i + 1) / n, f"{i + 1} of {n}")
    return out


def broken(*, report: Any) -> None:
    raise ValueError("machine 7 has no calendar")


@pytest.fixture(scope="module")
def jobs():  # type: ignore[no-untyped-def]
    runner = Jobs(workers=1)
    yield runner
    runner.shutdown()


def test_job_result_and_progress(jobs: Jobs) -> None:
    """A job's return value and every progress report arrive, in order."""
    job = jobs.submit("squares", squares, 3)
    st = jobs.wait(job, timeout=60)
    assert st.state is JobState.DONE and st.result == [0, 1, 4]
    assert [p.message for p in st.progress] == ["started", "1 of 3", "2 of 3", "3 of 3"]
    assert st.last is not None and st.last.fraction == 1.0


def test_failed_job_keeps_the_error(jobs: Jobs) -> None:
    """An exception in the worker becomes a failed status that names it."""
    st = jobs.wait(jobs.submit("broken", broken), timeout=60)
    assert st.state is JobState.FAILED
    assert st.error == "ValueError: machine 7 has no calendar"


def test_unknown_backend_and_job_are_named(jobs: Jobs) -> None:
    """Bad choices say what was asked and what exists."""
    with pytest.raises(ValueError, match="backend 'slurm' is not one of 'local', 'ray'"):
        Jobs(backend="slurm")
    with pytest.raises(KeyError, match="no job nope"):
        jobs.status("nope")
