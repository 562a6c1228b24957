"""Plan jobs on Ray: a local Ray in this process (one CPU) runs a plan search started
through the API with its progress, and a search started by one API process is seen and
cancelled from another runner on the same PostgreSQL database."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from suigang.api.app import API_PREFIX, create_app
from suigang.domains.jobs import service as jobs_service
from suigang.jobs import Jobs, JobState, shutdown_runners
from tests.api.test_api_flow import login
from tests.api.test_api_planning import order_by_promise
from tests.conftest import REQUIRE_SERVICES
from tests.world import build_world

try:
    import ray
except ImportError:  # the ray extra is not installed: a failure where CI requires it
    if REQUIRE_SERVICES:
        raise
    pytest.skip("ray is not installed (pip install 'suigang[ray]')", allow_module_level=True)
V = API_PREFIX


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """One local Ray for the module, shut down after it (no process of it is left)."""
    ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False)
    yield
    shutdown_runners()
    ray.shutdown()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_plan_job_on_ray_with_progress_and_cancel_from_another_process(
    local_ray: None, settings, session_factory
) -> None:  # type: ignore[no-untyped-def]
    """The worker is a Ray task writing the job's row: the first search ends with its plan,
    the second is seen running by a second runner and cancelled through it."""
    with session_factory() as s:
        world = build_world(s)
    ray_settings = settings.model_copy(update={"jobs_backend": "ray"})
    other = Jobs(settings.resolved_database_url(), backend="ray", workers=1)
    try:
        with TestClient(create_app(ray_settings)) as client:
            hk1, gz = login(client, "hk1"), login(client, "gz1")
            order_by_promise(client, world, hk1, gz, 40)
            job_id = client.post(f"{V}/plans", headers=gz, json={"time_limit_s": 1}).json()[
                "job_id"
            ]
            job = other.wait(job_id, timeout=120)
            # the search ran on Ray (the row says so) and stored plan 1
            assert (job.state, job.backend, job.message) == (
                JobState.DONE,
                "ray",
                "plan 1 stored",
            )
            assert job.progress[0][2] == "started" and job.fraction == 1.0
            assert client.get(f"{V}/plans/{job.result}", headers=gz).json()["number"] == 1

            long_id = client.post(f"{V}/plans", headers=gz, json={"time_limit_s": 300}).json()[
                "job_id"
            ]
            deadline = time.monotonic() + 120
            while other.status(long_id).state is not JobState.RUNNING:
                assert time.monotonic() < deadline, "the Ray task never started"
                time.sleep(0.1)
            with other.sessions() as session:  # the other process's session and use case
                jobs_service.cancel_job(session, actor=world.actor("gz1"), job_id=long_id)
            job = other.wait(long_id, timeout=30)
            # stopped long before its 300 s: the app's runner cancelled the Ray task
            assert (job.state, job.result) == (JobState.CANCELLED, None)
            assert job.finished_at is not None and job.started_at is not None
            assert (job.finished_at - job.started_at).total_seconds() < 60
    finally:
        other.shutdown()
