"""What runners and workers write on a job's row.

Workers (a local process or a Ray task) write their own progress and outcome, each write its
own short transaction, so that every API process reads the same state. A finished job is
never written again: a late progress report or a second outcome is ignored.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.jobs.models import FINISHED, Job, JobState

#: Progress entries kept on a row (the newest); the first one, "started", is always kept.
MAX_PROGRESS = 100


def new_job_id() -> str:
    return uuid.uuid4().hex


def add_job(
    session: Session,
    *,
    job_id: str,
    kind: str,
    backend: str,
    runner: str,
    enterprise_id: uuid.UUID | None,
    user_id: uuid.UUID | None,
    params: dict[str, Any],
    parent_id: str | None = None,
) -> Job:
    """Store a queued job and commit it (the runner hands it to a worker right after)."""
    job = Job(
        id=job_id,
        kind=kind,
        backend=backend,
        runner=runner,
        enterprise_id=enterprise_id,
        user_id=user_id,
        params=params,
        parent_id=parent_id,
        progress=[],
    )
    session.add(job)
    session.commit()
    return job


def mark_started(session: Session, job_id: str, worker: str) -> bool:
    """Mark the job running; False (and the job cancelled) when cancel was asked meanwhile."""
    job = session.get(Job, job_id, with_for_update=_lock(session))
    if job is None or job.state in FINISHED:
        session.rollback()
        return False
    now = utcnow()
    if job.cancel_requested:
        _finish(job, JobState.CANCELLED, now, message="cancelled before it started")
        session.commit()
        return False
    job.state, job.started_at, job.updated_at = JobState.RUNNING, now, now
    job.runner = job.runner or worker
    job.progress = [_entry(now, 0.0, "started")]
    job.fraction, job.message = 0.0, "started"
    session.commit()
    return True


def record_progress(session: Session, job_id: str, entries: list[tuple[float | None, str]]) -> bool:
    """Append progress reports (fraction, message); returns whether cancel was asked for."""
    job = session.get(Job, job_id, with_for_update=_lock(session))
    if job is None or job.state in FINISHED:
        session.rollback()
        return True
    now = utcnow()
    kept = [*job.progress, *(_entry(now, f, m) for f, m in entries)]
    if len(kept) > MAX_PROGRESS:
        kept = [kept[0], *kept[-(MAX_PROGRESS - 1) :]]
    job.progress, job.updated_at = kept, now
    for fraction, message in entries:
        job.fraction = fraction if fraction is not None else job.fraction
        job.message = message[:500]
    cancel = job.cancel_requested
    session.commit()
    return cancel


def record_outcome(
    session: Session,
    job_id: str,
    state: JobState,
    *,
    result: Any = None,
    error: str | None = None,
) -> bool:
    """Finish the job once (done, failed or cancelled); False when it was finished already."""
    job = session.get(Job, job_id, with_for_update=_lock(session))
    if job is None or job.state in FINISHED:
        session.rollback()
        return False
    now = utcnow()
    message = {JobState.DONE: job.message, JobState.CANCELLED: "cancelled"}.get(state, "failed")
    _finish(job, state, now, message=message, result=result, error=error)
    session.commit()
    return True


def request_cancel(session: Session, job_id: str) -> None:
    """Ask a job and the jobs it started (a sweep's searches) to stop (no commit: the
    caller's use case commits)."""
    session.execute(
        update(Job)
        .where(or_(Job.id == job_id, Job.parent_id == job_id), Job.state.not_in(FINISHED))
        .values(cancel_requested=True, updated_at=utcnow())
    )


def cancels_asked(session: Session, job_ids: list[str]) -> list[str]:
    """Of ``job_ids``, those still running or queued whose cancel was asked for."""
    if not job_ids:
        return []
    rows = session.scalars(
        select(Job.id).where(Job.id.in_(job_ids), Job.cancel_requested, Job.state.not_in(FINISHED))
    )
    return list(rows)


def fail_orphans(session: Session, *, runner_prefix: str, alive: set[str]) -> int:
    """Fail unfinished local jobs of this host whose submitting process is gone (a restart):
    their worker died with it. ``alive`` are the runners (``host:pid``) still running."""
    jobs = session.scalars(
        select(Job).where(
            Job.backend == "local",
            Job.state.not_in(FINISHED),
            Job.runner.startswith(runner_prefix),
        )
    ).all()
    now, count = utcnow(), 0
    for job in jobs:
        if job.runner not in alive:
            state = JobState.CANCELLED if job.cancel_requested else JobState.FAILED
            _finish(job, state, now, message="stopped", error="the process running it stopped")
            count += 1
    session.commit()
    return count


def _finish(
    job: Job,
    state: JobState,
    now: datetime,
    *,
    message: str,
    result: Any = None,
    error: str | None = None,
) -> None:
    job.state, job.finished_at, job.updated_at = state, now, now
    job.result, job.error, job.message = result, error, message
    if state is JobState.DONE:
        job.fraction = 1.0


def _entry(at: datetime, fraction: float | None, message: str) -> list[Any]:
    return [at.isoformat(), fraction, message[:500]]


def _lock(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"
