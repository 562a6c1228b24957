"""Long plan searches as jobs of ``suigang.jobs`` (a local process pool), shared by the API
and the UI of one process; each job is visible to the factory that started it only."""

from __future__ import annotations

import atexit
import threading
import uuid
from dataclasses import dataclass

from suigang.domains.common import owned_by
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import require
from suigang.domains.planning.versions import solve_in_worker
from suigang.errors import InvalidInput, NotFound
from suigang.jobs import Jobs, JobState

_lock = threading.Lock()
_runner: list[Jobs] = []
_owner: dict[str, uuid.UUID] = {}


@dataclass(frozen=True, slots=True)
class SearchStatus:
    """Where a plan search stands: state, last progress, and the new plan's id when done."""

    job_id: str
    state: str
    fraction: float | None
    message: str
    plan_id: str | None
    error: str | None


def _jobs(workers: int) -> Jobs:
    with _lock:
        if not _runner:
            runner = Jobs(workers=max(1, workers))
            _runner.append(runner)
            atexit.register(runner.shutdown)
        return _runner[0]


def start_search(*, actor: Actor, database_url: str, time_limit_s: float, workers: int = 1) -> str:
    """Start a search of ``time_limit_s`` seconds for the actor's factory; returns the job id."""
    require(actor, "plan:write", owned_by(actor.enterprise_id))
    if not 0 < time_limit_s <= 600:
        raise InvalidInput(f"time_limit_s must be in (0, 600], got {time_limit_s}")
    job_id = _jobs(workers).submit("plan", solve_in_worker, database_url, actor, time_limit_s)
    _owner[job_id] = actor.enterprise_id
    return job_id


def search_status(*, actor: Actor, job_id: str) -> SearchStatus:
    """The job's state for the factory that started it (others: not found)."""
    if _owner.get(job_id) != actor.enterprise_id or not _runner:
        raise NotFound(f"job {job_id} not found")
    st = _runner[0].status(job_id)
    last = st.last
    return SearchStatus(
        job_id=st.id,
        state=st.state.value,
        fraction=last.fraction if last else None,
        message=last.message if last else "",
        plan_id=str(st.result) if st.state is JobState.DONE else None,
        error=st.error,
    )
