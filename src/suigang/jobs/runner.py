"""``Jobs``: submit long work to a backend and follow it through its row in the database.

The row is the truth: the worker writes its progress and outcome there, so every API process
(and a restarted one) reads the same state, and ``cancel`` from any of them sets a flag that
the worker sees at its next report and that the submitting process's watcher enforces by
stopping the worker (a local process is terminated, a Ray task cancelled with force).
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from suigang.domains.jobs import records
from suigang.domains.jobs.models import FINISHED, Job, JobState
from suigang.jobs.local import Call, LocalBackend

BACKENDS = ("local", "ray")
WATCH_EVERY_S = 0.2


class Backend(Protocol):
    name: str

    def submit(self, job_id: str, call: Call) -> None: ...
    def poll(self) -> list[tuple[str, str | None]]: ...
    def kill(self, job_id: str) -> None: ...
    def owned(self) -> list[str]: ...
    def shutdown(self) -> None: ...


class Jobs:
    """A job runner on one database; thread-safe; ``shutdown()`` when done."""

    def __init__(
        self,
        database_url: str,
        *,
        backend: str = "local",
        workers: int = 2,
        ray_address: str | None = None,
    ) -> None:
        from suigang.config import Settings
        from suigang.db import make_engine, make_session_factory

        if backend not in BACKENDS:
            raise ValueError(f"backend {backend!r} is not one of 'local', 'ray'")
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.database_url = database_url
        self._engine = make_engine(Settings(), url=database_url)
        self.sessions: sessionmaker[Session] = make_session_factory(self._engine)
        self.host = socket.gethostname()
        self.name = f"{self.host}:{os.getpid()}"
        self.backend: Backend
        if backend == "ray":
            from suigang.jobs.ray_backend import RayBackend

            self.backend = RayBackend(workers, ray_address)
        else:
            self.backend = LocalBackend(workers)
            self._fail_orphans()
        self._stop = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="jobs-watcher", daemon=True)
        self._watcher.start()

    def submit(
        self,
        kind: str,
        fn: Callable[..., Any],
        /,
        *args: Any,
        enterprise_id: uuid.UUID | None = None,
        user_id: uuid.UUID | None = None,
        params: dict[str, Any] | None = None,
        parent_id: str | None = None,
        **kwargs: Any,
    ) -> str:
        """Store a queued job and start ``fn(*args, report=..., **kwargs)`` in a worker.

        ``fn`` is a module-level function (workers import it); its return value must be JSON.
        """
        job_id = records.new_job_id()
        with self.sessions() as session:
            records.add_job(
                session,
                job_id=job_id,
                kind=kind,
                backend=self.backend.name,
                runner=self.name,
                enterprise_id=enterprise_id,
                user_id=user_id,
                params=params or {},
                parent_id=parent_id,
            )
        self.backend.submit(job_id, (self.database_url, job_id, fn, args, kwargs))
        return job_id

    def status(self, job_id: str) -> Job:
        with self.sessions() as session:
            job = session.get(Job, job_id)
            if job is None:
                raise KeyError(f"no job {job_id}")
            return job

    def children(self, parent_id: str) -> list[Job]:
        with self.sessions() as session:
            query = select(Job).where(Job.parent_id == parent_id).order_by(Job.created_at)
            return list(session.scalars(query))

    def cancel(self, job_id: str) -> None:
        """Ask the job to stop (from any process: the flag is on its row)."""
        with self.sessions() as session:
            records.request_cancel(session, job_id)
            session.commit()

    def wait(self, job_id: str, timeout: float = 60.0) -> Job:
        """Block until the job has finished (or ``timeout`` seconds pass); its last state."""
        deadline = time.monotonic() + timeout
        job = self.status(job_id)
        while job.state not in FINISHED and time.monotonic() < deadline:
            time.sleep(0.05)
            job = self.status(job_id)
        return job

    def shutdown(self) -> None:
        self._stop.set()
        self._watcher.join(timeout=5)
        owned = self.backend.owned()
        self.backend.shutdown()
        with self.sessions() as session:
            for job_id in owned:
                records.record_outcome(
                    session, job_id, JobState.FAILED, error="the runner was shut down"
                )
        self._engine.dispose()

    # -- the watcher ----------------------------------------------------------------------

    def _watch(self) -> None:
        while not self._stop.wait(WATCH_EVERY_S):
            try:
                self.watch_once()
            except Exception:  # a lost database must not end the watcher; try again
                import logging

                logging.getLogger(__name__).exception("watching jobs failed")

    def watch_once(self) -> None:
        """Record workers that died, and stop jobs whose cancel was asked for."""
        ended = self.backend.poll()
        with self.sessions() as session:
            for job_id, error in ended:
                if error is not None:
                    records.record_outcome(session, job_id, JobState.FAILED, error=error)
            for job_id in records.cancels_asked(session, self.backend.owned()):
                self.backend.kill(job_id)
                records.record_outcome(session, job_id, JobState.CANCELLED)

    def _fail_orphans(self) -> None:
        """Local jobs of this host whose submitting process is gone failed with it."""
        with self.sessions() as session:
            runners = session.scalars(
                select(Job.runner)
                .where(Job.backend == "local", Job.state.not_in(FINISHED))
                .where(Job.runner.startswith(f"{self.host}:"))
                .distinct()
            ).all()
            alive = {r for r in runners if _pid_alive(r)} | {self.name}
            records.fail_orphans(session, runner_prefix=f"{self.host}:", alive=alive)


def _pid_alive(runner: str) -> bool:
    try:
        os.kill(int(runner.rsplit(":", 1)[1]), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
