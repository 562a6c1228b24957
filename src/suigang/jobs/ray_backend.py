"""Jobs on a Ray cluster (``SUIGANG_JOBS_BACKEND=ray``): each job is a Ray task.

``SUIGANG_RAY_ADDRESS`` names the cluster (``ray://head:10001`` or ``auto``); without it a
local Ray is started in this process with ``workers`` CPUs. The worker writes the job's row
itself, so it needs the same database URL and the ``suigang`` package on every node.
"""

from __future__ import annotations

import threading
from typing import Any

from suigang.jobs.local import Call
from suigang.jobs.worker import run_job


class RayBackend:
    name = "ray"

    def __init__(self, workers: int, address: str | None) -> None:
        try:
            import ray
        except ImportError:  # pragma: no cover - depends on the installation
            raise ValueError(
                "backend 'ray' needs the ray package: pip install 'suigang[ray]'"
            ) from None
        self._ray = ray
        self._started = False
        if not ray.is_initialized():
            if address:
                ray.init(address=address, log_to_driver=False)
            else:
                ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
                self._started = True
        self._task = ray.remote(num_cpus=1, max_retries=0)(run_job)
        self._refs: dict[str, Any] = {}
        self._lock = threading.Lock()

    def submit(self, job_id: str, call: Call) -> None:
        ref = self._task.remote(*call)
        with self._lock:
            self._refs[job_id] = ref

    def poll(self) -> list[tuple[str, str | None]]:
        with self._lock:
            refs = dict(self._refs)
        if not refs:
            return []
        ready, _ = self._ray.wait(list(refs.values()), num_returns=len(refs), timeout=0)
        ended = []
        for job_id, ref in refs.items():
            if ref in ready:
                error = None
                try:
                    self._ray.get(ref)
                except Exception as exc:  # the task died (cancelled, node lost)
                    error = f"Ray task ended: {type(exc).__name__}"
                with self._lock:
                    self._refs.pop(job_id, None)
                ended.append((job_id, error))
        return ended

    def kill(self, job_id: str) -> None:
        with self._lock:
            ref = self._refs.pop(job_id, None)
        if ref is not None:
            self._ray.cancel(ref, force=True)

    def owned(self) -> list[str]:
        with self._lock:
            return list(self._refs)

    def shutdown(self) -> None:
        for job_id in self.owned():
            self.kill(job_id)
        if self._started:
            self._ray.shutdown()
