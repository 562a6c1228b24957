"""Long work (schedule solves, model training) behind one interface.

``Jobs(backend="local")`` runs work in a local process pool; ``backend="ray"`` (a Ray
cluster, when one machine is not enough) is a named choice not built yet: it says what it
needs and refuses. A job
function takes a keyword argument ``report``: ``report(fraction, message)`` publishes
progress, which ``status(job_id)`` shows (the UI polls it).
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

__all__ = ["JobState", "JobStatus", "Jobs", "Progress"]


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Progress:
    at: datetime
    fraction: float | None
    message: str


@dataclass(frozen=True, slots=True)
class JobStatus:
    id: str
    name: str
    state: JobState
    submitted_at: datetime
    progress: tuple[Progress, ...] = ()
    result: Any = None
    error: str | None = None
    finished_at: datetime | None = None

    @property
    def last(self) -> Progress | None:
        return self.progress[-1] if self.progress else None


class _Reporter:
    """Picklable ``report(fraction, message)`` that forwards to the parent's queue."""

    def __init__(self, job_id: str, q: Any) -> None:
        self.job_id, self.q = job_id, q

    def __call__(self, fraction: float | None = None, message: str = "") -> None:
        self.q.put((self.job_id, fraction, message))


def _run(
    fn: Callable[..., Any], reporter: _Reporter, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    reporter(0.0, "started")
    return fn(*args, report=reporter, **kwargs)


@dataclass
class Jobs:
    """A job runner; thread-safe; ``shutdown()`` when done."""

    workers: int = 2
    backend: str = "local"
    _statuses: dict[str, JobStatus] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ValueError(f"workers must be at least 1, got {self.workers}")
        if self.backend == "local":
            ctx = multiprocessing.get_context("spawn")
            self._manager = ctx.Manager()
            self._queue = self._manager.Queue()
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)
        elif self.backend == "ray":
            raise ValueError(
                "backend 'ray' needs the ray package and a cluster address; "
                "install ray and pass backend='ray' with RAY_ADDRESS set"
            )
        else:
            raise ValueError(f"backend {self.backend!r} is not one of 'local', 'ray'")
        self._stop = threading.Event()
        self._drainer = threading.Thread(target=self._drain, daemon=True)
        self._drainer.start()

    def submit(self, name: str, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> str:
        """Start ``fn(*args, report=..., **kwargs)`` in a worker; returns the job id."""
        job_id = uuid.uuid4().hex
        with self._lock:
            self._statuses[job_id] = JobStatus(job_id, name, JobState.QUEUED, _now())
        future = self._pool.submit(_run, fn, _Reporter(job_id, self._queue), args, kwargs)
        future.add_done_callback(lambda f: self._finish(job_id, f))
        return job_id

    def status(self, job_id: str) -> JobStatus:
        with self._lock:
            try:
                return self._statuses[job_id]
            except KeyError:
                raise KeyError(f"no job {job_id}") from None

    def wait(self, job_id: str, timeout: float = 60.0) -> JobStatus:
        """Block until the job is done or failed (or ``timeout`` seconds pass)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            st = self.status(job_id)
            if st.state in (JobState.DONE, JobState.FAILED):
                return st
            time.sleep(0.02)
        return self.status(job_id)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._stop.set()
        self._drainer.join(timeout=2)
        self._drain_once()
        self._manager.shutdown()

    # -- internals ------------------------------------------------------------------------

    def _drain_once(self) -> None:
        while True:
            try:
                job_id, fraction, message = self._queue.get_nowait()
            except (queue.Empty, EOFError, OSError, BrokenPipeError):
                return
            with self._lock:
                st = self._statuses[job_id]
                state = JobState.RUNNING if st.state is JobState.QUEUED else st.state
                self._statuses[job_id] = replace(
                    st, state=state, progress=(*st.progress, Progress(_now(), fraction, message))
                )

    def _drain(self) -> None:
        while not self._stop.wait(0.05):
            self._drain_once()

    def _finish(self, job_id: str, future: Future[Any]) -> None:
        self._drain_once()
        with self._lock:
            st = self._statuses[job_id]
            exc = future.exception()
            if exc is None:
                st = replace(st, state=JobState.DONE, result=future.result(), finished_at=_now())
            else:
                detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
                st = replace(st, state=JobState.FAILED, error=detail, finished_at=_now())
            self._statuses[job_id] = st


def _now() -> datetime:
    return datetime.now(UTC)
