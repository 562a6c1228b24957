"""Jobs seen by the people who asked for them: status, list and cancel from any process.

A job belongs to the firm that started it; who may see or cancel it follows its kind (a plan
search needs ``plan:read`` to be seen and ``plan:write`` to be cancelled). Another firm's job
is not found, so ids cannot be probed.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.domains.common import commit_once, owned_by
from suigang.domains.identity.permissions import Actor, Addressable, can
from suigang.domains.identity.service import require
from suigang.domains.jobs import records
from suigang.domains.jobs.models import Job, JobState
from suigang.errors import Conflict, NotFound

#: Per kind of job: the permission to see it and the one to cancel it.
KIND_PERMISSIONS: dict[str, tuple[str, str]] = {
    "plan": ("plan:read", "plan:write"),
    "sweep": ("plan:read", "plan:write"),
    "report": ("quality:read", "quality:read"),
    "retrain": ("inspection_plan:read", "inspection_plan:write"),
}

__all__ = ["KIND_PERMISSIONS", "Job", "JobState", "cancel_job", "get_job", "list_jobs"]


def get_job(session: Session, *, actor: Actor, job_id: str) -> Job:
    """The job ``job_id`` if the actor's firm started it and may see its kind."""
    job = session.get(Job, job_id, populate_existing=True)
    if job is None or job.enterprise_id != actor.enterprise_id:
        raise NotFound(f"job {job_id} not found")
    perms = KIND_PERMISSIONS.get(job.kind)
    if perms is None or not can(actor, perms[0], _own(actor)):
        raise NotFound(f"job {job_id} not found")
    return job


def list_jobs(
    session: Session, *, actor: Actor, kind: str | None = None, limit: int = 50
) -> list[Job]:
    """The firm's newest jobs (of ``kind`` when given) that the actor may see."""
    query = select(Job).where(Job.enterprise_id == actor.enterprise_id)
    if kind is not None:
        query = query.where(Job.kind == kind)
    kinds = [k for k, (read, _) in KIND_PERMISSIONS.items() if can(actor, read, _own(actor))]
    query = query.where(Job.kind.in_(kinds)).order_by(Job.created_at.desc()).limit(limit)
    return list(session.scalars(query))


def cancel_job(session: Session, *, actor: Actor, job_id: str) -> Job:
    """Ask the job to stop; the process running it stops it within a second or so.

    Cancelling a finished job is a conflict naming its state.
    """
    job = get_job(session, actor=actor, job_id=job_id)
    _, write = KIND_PERMISSIONS[job.kind]
    require(actor, write, owned_by(job.enterprise_id or actor.enterprise_id))
    if job.finished:
        raise Conflict(f"job {job_id} is {job.state.value} already")
    records.request_cancel(session, job_id)
    commit_once(session)
    session.refresh(job)
    return job


def _own(actor: Actor) -> Addressable:
    return owned_by(actor.enterprise_id)
