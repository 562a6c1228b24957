"""A running server delivers outbox events by itself: an accepted order joins the released
plan, and a machine taken out of service on the board repairs it, with nobody running
``suigang plan events``."""

from __future__ import annotations

import time
from typing import Any

from fastapi.testclient import TestClient

from suigang.api.app import API_PREFIX, create_app
from tests.api.test_api_planning import login, order_by_promise
from tests.world import build_world

V = API_PREFIX


def current_plan(client: TestClient, gz: dict[str, str], number: int) -> dict[str, Any]:
    """The released plan once its number reaches ``number`` (the dispatcher polls at 0.1 s)."""
    deadline = time.monotonic() + 20
    while True:
        plan = client.get(f"{V}/plans/current", headers=gz).json()
        if plan.get("number", 0) >= number or time.monotonic() > deadline:
            return plan
        time.sleep(0.1)


def test_server_delivers_events_to_planning(settings, session_factory) -> None:  # type: ignore[no-untyped-def]
    """Plan 1 by hand; order 2 accepted -> plan 2 (ctp); its machine down -> plan 3 (repair)."""
    with session_factory() as s:
        w = build_world(s)
    app = create_app(settings.model_copy(update={"event_poll_seconds": 0.1}), deliver_events=True)
    with TestClient(app) as client:
        hk1, hk2, gz = login(client, "hk1"), login(client, "hk2"), login(client, "gz1")
        order_by_promise(client, w, hk1, gz, 40)
        r = client.post(f"{V}/plans", headers=gz, json={"time_limit_s": 0})
        plan = client.get(f"{V}/plans/{r.json()['plan_id']}", headers=gz).json()
        r = client.post(
            f"{V}/plans/{plan['id']}/release", headers=gz, json={"version": plan["version"]}
        )
        assert r.status_code == 200, r.text
        _, order2 = order_by_promise(client, w, hk2, gz, 20)
        joined = current_plan(client, gz, 2)
        assert (joined["number"], joined["reason"]) == (2, "ctp")
        assert order2["id"] in {op["order_id"] for op in joined["operations"]}
        machine = joined["operations"][0]["machine_id"]
        r = client.post(
            f"{V}/machines/{machine}/status",
            headers=gz,
            json={"status": "out_of_service", "reason": "spindle bearing"},
        )
        assert r.status_code == 200, r.text
        repaired = current_plan(client, gz, 3)
        assert (repaired["number"], repaired["reason"], repaired["status"]) == (
            3,
            "repair",
            "released",
        )
