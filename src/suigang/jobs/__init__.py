"""Long work (plan searches, scenario sweeps, reports, model retraining) behind one interface.

``Jobs(database_url)`` runs work in local processes (the default); ``backend="ray"`` sends
it to a Ray cluster when one machine is not enough (Ray is optional and imported only then).
Each job has a row in the ``job`` table (who, what, state, progress, result, error, cancel
asked), written by the worker itself, so status and cancel work from any API process and
survive a restart. A job function takes a keyword argument ``report``:
``report(fraction, message)`` publishes progress and stops the job once it is cancelled.

``runner_for(settings, database_url)`` is the process's runner for a database, built from
``SUIGANG_JOBS_BACKEND``, ``SUIGANG_JOBS_WORKERS`` and ``SUIGANG_RAY_ADDRESS``.
"""

from __future__ import annotations

import atexit
import threading

from suigang.config import Settings
from suigang.domains.jobs.models import FINISHED, Job, JobState
from suigang.jobs.runner import BACKENDS, Jobs
from suigang.jobs.worker import JobCancelled

__all__ = [
    "BACKENDS",
    "FINISHED",
    "Job",
    "JobCancelled",
    "JobState",
    "Jobs",
    "runner_for",
    "shutdown_runners",
]

_lock = threading.Lock()
_runners: dict[tuple[str, str, str | None, int], Jobs] = {}


def runner_for(settings: Settings, database_url: str | None = None) -> Jobs:
    """This process's runner for ``database_url`` (default: the settings' database) and the
    settings' backend: apps of other settings in one process (tests) get runners of their own."""
    url = database_url or settings.resolved_database_url()
    key = (url, settings.jobs_backend, settings.ray_address, max(1, settings.jobs_workers))
    with _lock:
        runner = _runners.get(key)
        if runner is None:
            runner = Jobs(
                url,
                backend=settings.jobs_backend,
                workers=max(1, settings.jobs_workers),
                ray_address=settings.ray_address,
            )
            _runners[key] = runner
        return runner


def shutdown_runners() -> None:
    """Stop every runner of this process (at exit; tests call it)."""
    with _lock:
        runners = list(_runners.values())
        _runners.clear()
    for runner in runners:
        runner.shutdown()


atexit.register(shutdown_runners)
