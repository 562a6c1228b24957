"""Jobs over HTTP on SQLite and PostgreSQL: a scenario sweep compares its plans, a search
started through one server is seen and cancelled through another, a report job, tenancy."""

from __future__ import annotations

import time
import uuid

import pytest
from fastapi.testclient import TestClient

from suigang.api.app import API_PREFIX, create_app
from suigang.jobs import shutdown_runners
from tests.api.test_api_flow import login
from tests.api.test_api_planning import order_by_promise
from tests.world import build_world

V = API_PREFIX


@pytest.fixture
def two_servers(settings, session_factory):  # type: ignore[no-untyped-def]
    with session_factory() as s:
        world = build_world(s)
    with TestClient(create_app(settings)) as a, TestClient(create_app(settings)) as b:
        yield a, b, world
    shutdown_runners()


def poll(client: TestClient, job_id: str, headers: dict[str, str], until: set[str]) -> dict:  # type: ignore[type-arg]
    deadline, job = time.monotonic() + 90, {}
    while time.monotonic() < deadline:
        job = client.get(f"{V}/jobs/{job_id}", headers=headers).json()
        if job["state"] in until:
            break
        time.sleep(0.2)
    return job


def test_sweep_and_cancel_across_servers(two_servers) -> None:  # type: ignore[no-untyped-def]
    """Job rows are the shared truth: two app instances (two API processes) on one database
    see the same sweep and search, and a cancel sent to one stops work the other started."""
    a, b, w = two_servers
    hk1, gz = login(a, "hk1"), login(a, "gz1")
    order_by_promise(a, w, hk1, gz, 40)
    r = a.post(
        f"{V}/plans/sweeps",
        headers=gz,
        json={
            "scenarios": [
                {"name": "quick", "time_limit_s": 1},
                {"name": "seed 7", "time_limit_s": 1, "seed": 7},
            ]
        },
    )
    assert r.status_code == 202, r.text
    sweep = poll(b, r.json()["id"], gz, {"done", "failed", "cancelled"})
    assert sweep["state"] == "done", sweep
    # each scenario made its own draft: plans 1 and 2 in some order, best first
    assert sorted(row["number"] for row in sweep["result"]) == [1, 2]
    assert {row["scenario"] for row in sweep["result"]} == {"quick", "seed 7"}
    # a long search started through server a, cancelled through server b
    job_id = a.post(f"{V}/plans", headers=gz, json={"time_limit_s": 120}).json()["job_id"]
    assert poll(b, job_id, gz, {"running"})["state"] == "running"
    assert b.post(f"{V}/jobs/{job_id}/cancel", headers=hk1).status_code == 404  # not hk1's
    r = b.post(f"{V}/jobs/{job_id}/cancel", headers=gz)
    assert r.status_code == 200 and r.json()["cancel_requested"] is True
    job = poll(a, job_id, gz, {"done", "failed", "cancelled"})
    assert (job["state"], job["result"]) == ("cancelled", None)
    # cancelling it again says it is over
    r = b.post(f"{V}/jobs/{job_id}/cancel", headers=gz)
    assert r.status_code == 409 and r.json()["detail"] == f"job {job_id} is cancelled already"
    # the firm's list holds the sweep, its two searches and the cancelled one
    kinds = sorted(j["kind"] for j in b.get(f"{V}/jobs", headers=gz).json())
    assert kinds == ["plan", "plan", "plan", "sweep"]
    assert b.get(f"{V}/jobs", headers=hk1).json() == []  # hk1 sees none of them
    # a sweep cancelled through server b stops each of its searches
    long = [
        {"name": "long", "time_limit_s": 120},
        {"name": "seed 3", "time_limit_s": 120, "seed": 3},
    ]
    r = a.post(f"{V}/plans/sweeps", headers=gz, json={"scenarios": long})
    sweep_id = r.json()["id"]
    assert r.json()["state"] == "running"
    assert b.post(f"{V}/jobs/{sweep_id}/cancel", headers=gz).status_code == 200
    sweep = poll(b, sweep_id, gz, {"done", "failed", "cancelled"})
    # no search made a draft: both were stopped long before their 120 s
    assert sweep["state"] == "cancelled"
    assert [(row["scenario"], row["state"]) for row in sweep["result"]] == [
        ("long", "cancelled"),
        ("seed 3", "cancelled"),
    ]


def test_report_job_names_a_lot_it_cannot_certify(two_servers) -> None:  # type: ignore[no-untyped-def]
    """A report job runs each lot on its own: a lot it cannot certify is named in the result."""
    a, b, _ = two_servers
    gz = login(a, "gz1")
    lot = uuid.uuid4()
    r = a.post(f"{V}/lots/certificates/jobs", headers=gz, json={"lot_ids": [str(lot)]})
    assert r.status_code == 202, r.text
    job = poll(b, r.json()["id"], gz, {"done", "failed"})
    # the job finishes; the unknown lot is reported in its result, not as a failure
    assert job["state"] == "done" and job["result"] == [
        {"lot_id": str(lot), "error": f"lot {lot} not found"}
    ]
