"""The job runner on its default backend (a process per job) with records in the database:
results, progress, failures, cancel from another process's runner, a restart."""

from __future__ import annotations

import os
import socket
import time
from typing import Any

import pytest

from suigang.domains.jobs import records
from suigang.jobs import Jobs, JobState


def squares(n: int, *, report: Any) -> list[int]:
    out = []
    for i in range(n):
        out.append(i * i)
        report((i + 1) / n, f"{i + 1} of {n}")
    return out


def broken(*, report: Any) -> None:
    raise ValueError("machine 7 has no calendar")


def chatty(seconds: float, *, report: Any) -> str:
    """Reports every 50 ms: stops at its next report once cancelled."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        report(None, "working")
        time.sleep(0.05)
    return "finished"


def silent(seconds: float, *, report: Any) -> str:
    """Never reports after it starts: only the runner's watcher can stop it."""
    report(0.1, "asleep")
    time.sleep(seconds)
    return "woke up"


@pytest.fixture
def jobs(db_url: str):  # type: ignore[no-untyped-def]
    runner = Jobs(db_url, workers=2)
    yield runner
    runner.shutdown()


def wait_for(jobs: Jobs, job_id: str, message: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while jobs.status(job_id).message != message and time.monotonic() < deadline:
        time.sleep(0.05)


def test_job_result_and_progress(jobs: Jobs) -> None:
    """A job's return value and every progress report reach its row, in order."""
    job_id = jobs.submit("plan", squares, 3, params={"n": 3})
    job = jobs.wait(job_id, timeout=60)
    assert job.state is JobState.DONE and job.result == [0, 1, 4]
    assert [p[2] for p in job.progress] == ["started", "1 of 3", "2 of 3", "3 of 3"]
    # the last report is the job's message; done means all of it
    assert (job.fraction, job.message, job.params) == (1.0, "3 of 3", {"n": 3})


def test_failed_job_keeps_the_error(jobs: Jobs) -> None:
    """An exception in the worker becomes a failed row that names it."""
    job = jobs.wait(jobs.submit("plan", broken), timeout=60)
    assert job.state is JobState.FAILED
    assert job.error == "ValueError: machine 7 has no calendar"


def test_cancel_from_another_runner_stops_the_job(jobs: Jobs, db_url: str) -> None:
    """A second runner on the same database (another API process) sees the job and cancels
    it: one that reports stops at its next report, one that never reports is stopped by the
    watcher of the runner that started it."""
    other = Jobs(db_url, workers=1)
    try:
        talking = jobs.submit("plan", chatty, 60)
        sleeping = jobs.submit("plan", silent, 60)
        wait_for(other, talking, "working")
        wait_for(other, sleeping, "asleep")
        assert other.status(talking).state is JobState.RUNNING  # seen from the other process
        other.cancel(talking)
        other.cancel(sleeping)
        for job_id in (talking, sleeping):
            job = other.wait(job_id, timeout=20)
            # cancelled well before its 60 s, without a result
            assert (job.state, job.result, job.cancel_requested) == (
                JobState.CANCELLED,
                None,
                True,
            )
        deadline = time.monotonic() + 10  # the watcher reaps ended workers every 0.2 s
        while jobs.backend.owned() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert jobs.backend.owned() == []  # no worker left behind
    finally:
        other.shutdown()


def test_a_restarted_runner_fails_the_jobs_of_a_process_gone(db_url: str) -> None:
    """The row outlives its process: a runner starting on the same host marks the unfinished
    jobs of a process that no longer exists as failed, and leaves other hosts' alone."""
    first = Jobs(db_url, workers=1)
    host = socket.gethostname()
    with first.sessions() as session:
        for job_id, runner in (("a" * 32, f"{host}:999999999"), ("b" * 32, "elsewhere:1")):
            records.add_job(
                session,
                job_id=job_id,
                kind="plan",
                backend="local",
                runner=runner,
                enterprise_id=None,
                user_id=None,
                params={},
            )
    first.shutdown()
    second = Jobs(db_url, workers=1)
    try:
        gone, elsewhere = second.status("a" * 32), second.status("b" * 32)
        assert (gone.state, gone.error) == (JobState.FAILED, "the process running it stopped")
        assert elsewhere.state is JobState.QUEUED  # another host's process is not ours to judge
        assert second.name == f"{host}:{os.getpid()}"
    finally:
        second.shutdown()


def test_unknown_backend_and_job_are_named(jobs: Jobs) -> None:
    """Bad choices say what was asked and what exists."""
    with pytest.raises(ValueError, match="backend 'slurm' is not one of 'local', 'ray'"):
        Jobs(jobs.database_url, backend="slurm")
    with pytest.raises(KeyError, match="no job nope"):
        jobs.status("nope")
