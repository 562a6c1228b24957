"""The default backend: each job in its own process of this machine, ``workers`` at a time.

A process per job (rather than a pool) so that a cancelled job can be stopped at once,
whatever it is doing, without disturbing the others.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import deque
from multiprocessing.process import BaseProcess
from typing import Any

from suigang.jobs.worker import run_job

Call = tuple[str, str, Any, tuple[Any, ...], dict[str, Any]]  # run_job's arguments


class LocalBackend:
    name = "local"

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._ctx = multiprocessing.get_context("spawn")
        self._waiting: deque[tuple[str, Call]] = deque()
        self._running: dict[str, BaseProcess] = {}
        self._lock = threading.Lock()

    def submit(self, job_id: str, call: Call) -> None:
        with self._lock:
            self._waiting.append((job_id, call))
            self._start_ready()

    def poll(self) -> list[tuple[str, str | None]]:
        """Jobs whose worker ended since the last poll, with an error when it died."""
        ended = []
        with self._lock:
            for job_id, proc in list(self._running.items()):
                if proc.exitcode is not None:
                    proc.join()
                    del self._running[job_id]
                    error = None if proc.exitcode == 0 else f"worker exited with {proc.exitcode}"
                    ended.append((job_id, error))
            self._start_ready()
        return ended

    def kill(self, job_id: str) -> None:
        with self._lock:
            self._waiting = deque((j, c) for j, c in self._waiting if j != job_id)
            proc = self._running.pop(job_id, None)
        if proc is not None:
            proc.terminate()
            proc.join(5)
            if proc.exitcode is None:
                proc.kill()
                proc.join(5)

    def owned(self) -> list[str]:
        with self._lock:
            return [*self._running, *(j for j, _ in self._waiting)]

    def shutdown(self) -> None:
        for job_id in self.owned():
            self.kill(job_id)

    def _start_ready(self) -> None:
        while self._waiting and len(self._running) < self.workers:
            job_id, call = self._waiting.popleft()
            proc = self._ctx.Process(target=run_job, args=call, daemon=True)
            proc.start()
            self._running[job_id] = proc
