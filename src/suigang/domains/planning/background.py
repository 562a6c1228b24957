"""Long plan searches and scenario sweeps as jobs of ``suigang.jobs``.

The job's row in the database holds its state, so any API process (or the UI's) sees a
search started by another and may cancel it; each job is visible to the factory that started
it only. A sweep runs several what-if searches at once (each a plan job of the sweep, spread
over the backend's workers: local processes or a Ray cluster) and compares their drafts.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.config import Settings
from suigang.domains.common import owned_by
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import require
from suigang.domains.jobs import records
from suigang.domains.jobs.models import FINISHED, Job, JobState
from suigang.domains.jobs.service import get_job
from suigang.domains.planning.versions import solve_in_worker
from suigang.errors import InvalidInput

#: Most scenarios in one sweep (each is a search occupying a worker for its time limit).
MAX_SCENARIOS = 8


@dataclass(frozen=True, slots=True)
class SearchStatus:
    """Where a plan search stands: state, last progress, and the new plan's id when done."""

    job_id: str
    state: str
    fraction: float | None
    message: str
    plan_id: str | None
    error: str | None


@dataclass(frozen=True, slots=True)
class Scenario:
    """One what-if search of a sweep: how long it searches and from which seed."""

    name: str
    time_limit_s: float
    seed: int = 0

    def __post_init__(self) -> None:
        if not 0 < self.time_limit_s <= 600:
            raise InvalidInput(
                f"scenario {self.name!r}: time_limit_s must be in (0, 600], got {self.time_limit_s}"
            )


def _runner(settings: Settings, database_url: str):  # type: ignore[no-untyped-def]
    from suigang.jobs import runner_for  # the runner lives outside the domains

    return runner_for(settings, database_url)


def _url(session: Session) -> str:
    return session.get_bind().engine.url.render_as_string(hide_password=False)


def start_search(
    session: Session, *, actor: Actor, settings: Settings, time_limit_s: float, seed: int = 0
) -> str:
    """Start a search of ``time_limit_s`` seconds for the actor's factory; returns the job id."""
    require(actor, "plan:write", owned_by(actor.enterprise_id))
    if not 0 < time_limit_s <= 600:
        raise InvalidInput(f"time_limit_s must be in (0, 600], got {time_limit_s}")
    url = _url(session)
    runner = _runner(settings, url)
    job_id: str = runner.submit(
        "plan",
        solve_in_worker,
        url,
        actor,
        time_limit_s,
        seed=seed,
        enterprise_id=actor.enterprise_id,
        user_id=actor.user_id,
        params={"time_limit_s": time_limit_s, "seed": seed},
    )
    return job_id


def search_status(session: Session, *, actor: Actor, job_id: str) -> SearchStatus:
    """The job's state for the factory that started it (others: not found)."""
    job = get_job(session, actor=actor, job_id=job_id)
    return SearchStatus(
        job_id=job.id,
        state=job.state.value,
        fraction=job.fraction,
        message=job.message,
        plan_id=str(job.result) if job.state is JobState.DONE and job.result else None,
        error=job.error,
    )


def start_sweep(
    session: Session, *, actor: Actor, settings: Settings, scenarios: list[Scenario]
) -> str:
    """Search every scenario at once, each a plan job of the sweep; returns the sweep's id."""
    require(actor, "plan:write", owned_by(actor.enterprise_id))
    if not 1 <= len(scenarios) <= MAX_SCENARIOS:
        raise InvalidInput(f"scenarios: 1 to {MAX_SCENARIOS} are allowed, got {len(scenarios)}")
    url = _url(session)
    runner = _runner(settings, url)
    sweep_id = records.new_job_id()
    records.add_job(
        session,
        job_id=sweep_id,
        kind="sweep",
        backend=runner.backend.name,
        runner=runner.name,
        enterprise_id=actor.enterprise_id,
        user_id=actor.user_id,
        params={"scenarios": [s.name for s in scenarios]},
    )
    records.mark_started(session, sweep_id, runner.name)  # its searches are its work
    for s in scenarios:
        runner.submit(
            "plan",
            solve_in_worker,
            url,
            actor,
            s.time_limit_s,
            seed=s.seed,
            enterprise_id=actor.enterprise_id,
            user_id=actor.user_id,
            params={"scenario": s.name, "time_limit_s": s.time_limit_s, "seed": s.seed},
            parent_id=sweep_id,
        )
    return sweep_id


def sweep_status(session: Session, *, actor: Actor, job_id: str) -> Job:
    """The sweep, finished (its result: each scenario's plan, best first) once every search
    of it has finished; a cancelled sweep cancels its searches."""
    sweep = get_job(session, actor=actor, job_id=job_id)
    children = list(
        session.scalars(select(Job).where(Job.parent_id == sweep.id).order_by(Job.created_at))
    )
    if sweep.cancel_requested:
        for child in children:
            if child.state not in FINISHED and not child.cancel_requested:
                records.request_cancel(session, child.id)
        session.commit()
    if sweep.state in FINISHED or any(c.state not in FINISHED for c in children):
        done = sum(c.state in FINISHED for c in children)
        sweep.fraction = done / len(children) if children else None
        return sweep
    state = JobState.CANCELLED if sweep.cancel_requested else JobState.DONE
    records.record_outcome(session, sweep.id, state, result=_compare(session, children))
    return get_job(session, actor=actor, job_id=job_id)


def _compare(session: Session, children: list[Job]) -> list[dict[str, Any]]:
    from suigang.domains.planning.models import ScheduleVersion

    out = []
    for child in children:
        row: dict[str, Any] = {"scenario": child.params.get("scenario"), "state": child.state.value}
        if child.state is JobState.DONE and child.result:
            version = session.get(ScheduleVersion, uuid.UUID(str(child.result)))
            if version is not None:
                row |= {"plan_id": str(version.id), "number": version.number}
                keys = ("twt_min", "late_work_orders", "makespan_min")
                row |= {k: version.objective.get(k) for k in keys}
        out.append(row)
    return sorted(out, key=_rank)


def _rank(row: dict[str, Any]) -> tuple[Any, ...]:
    if "plan_id" not in row:
        return (1, 0, 0, 0)
    return (0, row["twt_min"] or 0, row["makespan_min"] or 0, row["number"])
