"""What runs in a worker (a local process or a Ray task): the job function, with its progress
and outcome written to the job's row.

``fn(*args, report=report, **kwargs)``: ``report(fraction, message)`` records progress (in
batches, at most every quarter second) and raises ``JobCancelled`` once cancel has been
asked for, so a job stops at its next report; the runner also stops it by force.
"""

from __future__ import annotations

import os
import socket
import time
import traceback
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from suigang.domains.jobs.models import JobState
from suigang.domains.jobs.records import mark_started, record_outcome, record_progress

#: Seconds between two progress writes of one job.
FLUSH_EVERY_S = 0.25


class JobCancelled(Exception):
    """Raised by ``report`` in a job whose cancel was asked for."""


class Reporter:
    """``report(fraction, message)`` of one job, writing batches to its row."""

    def __init__(self, sessions: sessionmaker[Session], job_id: str) -> None:
        self.sessions, self.job_id = sessions, job_id
        self._pending: list[tuple[float | None, str]] = []
        self._last = 0.0

    def __call__(self, fraction: float | None = None, message: str = "") -> None:
        self._pending.append((fraction, message))
        if time.monotonic() - self._last >= FLUSH_EVERY_S or fraction == 1.0:
            self.flush()

    def flush(self) -> None:
        entries, self._pending = self._pending, []
        self._last = time.monotonic()
        with self.sessions() as session:
            cancelled = record_progress(session, self.job_id, entries)
        if cancelled:
            raise JobCancelled(self.job_id)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run_job(
    database_url: str,
    job_id: str,
    fn: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> str:
    """Run one job to its end and record the outcome; returns the final state."""
    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory

    engine = make_engine(Settings(), url=database_url, **_pool(database_url))
    sessions = make_session_factory(engine)
    try:
        with sessions() as session:
            if not mark_started(session, job_id, worker_name()):
                return JobState.CANCELLED.value
        report = Reporter(sessions, job_id)
        state, result, error = JobState.DONE, None, None
        try:
            result = fn(*args, report=report, **kwargs)
            report.flush()
        except JobCancelled:
            state = JobState.CANCELLED
        except Exception as exc:
            state = JobState.FAILED
            error = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        with sessions() as session:
            record_outcome(session, job_id, state, result=result, error=error)
        return state.value
    finally:
        engine.dispose()


def _pool(url: str) -> dict[str, Any]:
    # a worker holds one connection at a time and ends soon: no pool to keep open
    return {} if url.startswith("sqlite") else {"poolclass": NullPool}
