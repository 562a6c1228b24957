"""Planning over HTTP on SQLite and PostgreSQL: promise → quote → accept → plan → release,
a background solve with progress, a stale edit refused with 409, and tenancy: a front shop
sees its own order's timeline and nothing of the factory's other customers."""

from __future__ import annotations

import time
from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from suigang.api.app import API_PREFIX, create_app
from tests.api.test_api_flow import iso, login
from tests.world import build_world

V = API_PREFIX


@pytest.fixture
def ctx(settings, session_factory):  # type: ignore[no-untyped-def]
    with session_factory() as s:
        world = build_world(s)
    with TestClient(create_app(settings)) as client:
        yield client, world


def order_by_promise(client, w, buyer, gz, quantity):  # type: ignore[no-untyped-def]
    """RFQ from ``buyer`` → CTP at gz1 → quote at the promised date → accepted order."""
    r = client.post(
        f"{V}/rfqs",
        headers=buyer,
        json={
            "title": "housing",
            "quantity": quantity,
            "wanted_date": iso(20),
            "factory_ids": [str(w.firms["gz1"].id)],
        },
    )
    rfq = r.json()
    r = client.post(
        f"{V}/rfqs/{rfq['id']}/promise",
        headers=gz,
        json={"product_id": str(w.products["gz1"].id)},
    )
    assert r.status_code == 200, r.text
    promise = r.json()
    r = client.post(
        f"{V}/rfqs/{rfq['id']}/quotes",
        headers=gz,
        json={
            "product_id": str(w.products["gz1"].id),
            "unit_price": "10",
            "currency": "CNY",
            "promised_date": promise["earliest"],
            "valid_until": iso(5),
        },
    )
    quote = r.json()
    r = client.post(
        f"{V}/quotes/{quote['id']}/accept", headers=buyer, json={"version": quote["version"]}
    )
    assert r.status_code == 200, r.text
    return promise, r.json()


def test_promise_plan_forecast_and_tenancy(ctx) -> None:  # type: ignore[no-untyped-def]
    """The quote's date comes from CTP; the released plan sets each order's forecast to the end
    of its last operation; hk1 sees its own two operations only, never hk2's order or plans."""
    client, w = ctx
    hk1, hk2, gz = login(client, "hk1"), login(client, "hk2"), login(client, "gz1")
    promise1, order1 = order_by_promise(client, w, hk1, gz, 40)
    assert promise1["plan_number"] is None and promise1["bumped"] == []
    _, order2 = order_by_promise(client, w, hk2, gz, 20)
    r = client.post(f"{V}/plans", headers=gz, json={"time_limit_s": 0})
    assert r.status_code == 202, r.text
    plan_id = r.json()["plan_id"]
    plan = client.get(f"{V}/plans/{plan_id}", headers=gz).json()
    assert (plan["status"], plan["number"], len(plan["operations"])) == ("draft", 1, 4)
    r = client.post(f"{V}/plans/{plan_id}/release", headers=gz, json={"version": plan["version"]})
    assert r.status_code == 200, r.text
    current = client.get(f"{V}/plans/current", headers=gz).json()
    assert current["id"] == plan_id and current["status"] == "released"
    ends = {}
    for op in current["operations"]:
        ends[op["order_id"]] = max(ends.get(op["order_id"], ""), op["end"])
    f1 = client.get(f"{V}/orders/{order1['id']}/forecast", headers=hk1)
    assert f1.status_code == 200, f1.text
    body = f1.json()
    # the forecast is the planned completion; the timeline lists this order's operations only
    assert datetime.fromisoformat(body["forecast_date"]) == datetime.fromisoformat(
        ends[order1["id"]]
    )
    assert [(e["seq"], e["name"]) for e in body["operations"]] == [
        (10, "rough milling"),
        (20, "finish milling"),
    ]
    assert "machine" not in str(body) and order2["number"] not in str(body)
    # another customer's order: not found; the factory's plans: forbidden to a front shop
    assert client.get(f"{V}/orders/{order2['id']}/forecast", headers=hk1).status_code == 404
    for path in ("/plans/current", f"/plans/{plan_id}", "/plans"):
        r = client.get(f"{V}{path}", headers=hk1)
        assert r.status_code in (403, 404) and "operations" not in r.text, path
    # another factory does not even learn the plan exists
    assert client.get(f"{V}/plans/{plan_id}", headers=login(client, "gz2")).status_code == 404


def test_stale_edit_gets_409_and_background_solve_reports(ctx) -> None:  # type: ignore[no-untyped-def]
    """Two freezes sent with the same plan version: the first makes draft 2, the second is
    refused with a message. A 1-second search runs as a job whose result is a new draft."""
    client, w = ctx
    hk1, gz = login(client, "hk1"), login(client, "gz1")
    order_by_promise(client, w, hk1, gz, 40)
    plan_id = client.post(f"{V}/plans", headers=gz, json={}).json()["plan_id"]
    plan = client.get(f"{V}/plans/{plan_id}", headers=gz).json()
    seen = plan["version"]
    until = iso(0.05)
    r = client.post(
        f"{V}/plans/{plan_id}/freeze", headers=gz, json={"version": seen, "until": until}
    )
    assert r.status_code == 201, r.text
    assert (r.json()["number"], r.json()["reason"]) == (2, "manual")
    # the list counts each version's moves; which ones moved comes with the version alone
    listed = client.get(f"{V}/plans", headers=gz).json()
    assert [p["number"] for p in listed] == [2, 1] and all("moved" not in p for p in listed)
    for p in listed:
        moved = client.get(f"{V}/plans/{p['id']}", headers=gz).json()["moved"]
        assert p["moved_count"] == len(moved), p["number"]
    r = client.post(
        f"{V}/plans/{plan_id}/freeze",
        headers=login(client, "gz1m"),
        json={"version": seen, "until": until},
    )
    assert r.status_code == 409 and "changed by someone else" in r.json()["detail"]
    r = client.post(f"{V}/plans", headers=gz, json={"time_limit_s": 1})
    job_id = r.json()["job_id"]
    deadline = time.monotonic() + 90
    status = {}
    while time.monotonic() < deadline:
        status = client.get(f"{V}/jobs/{job_id}", headers=gz).json()
        if status["state"] in ("done", "failed"):
            break
        time.sleep(0.2)
    assert status["state"] == "done", status
    assert status["fraction"] == 1.0 and status["message"] == "plan 3 stored"
    assert client.get(f"{V}/plans/{status['result']}", headers=gz).json()["number"] == 3
    # the job is the factory's own
    assert client.get(f"{V}/jobs/{job_id}", headers=hk1).status_code == 404


def test_rush_notifies_only_the_bumped_customer_over_http(ctx) -> None:  # type: ignore[no-untyped-def]
    """hk2's order is planned; hk1's later order is rushed: the repair is released at once,
    hk2 (whose order now ends after the promise) gets one notification naming only its own
    order, hk1 none; the comparison lists hk2's order as later. Webhooks are per firm."""
    client, w = ctx
    hk1, hk2, gz = login(client, "hk1"), login(client, "hk2"), login(client, "gz1")
    # loopback is reachable for webhooks only once the zone office allows it
    assert (
        client.post(f"{V}/webhook-hosts", headers=login(client, "zone"), json={"host": "127.0.0.1"})
    ).status_code == 201
    r = client.post(
        f"{V}/webhooks",
        headers=hk2,
        json={"url": "http://127.0.0.1:9/hook", "kinds": ["order.forecast_slipped"]},
    )
    assert r.status_code == 201 and len(r.json()["secret"]) >= 32
    assert client.get(f"{V}/webhooks", headers=hk1).json() == []
    assert (
        client.post(
            f"{V}/webhooks",
            headers=hk2,
            json={"url": "ftp://x", "kinds": ["order.forecast_slipped"]},
        ).status_code
        == 422
    )
    _, bumped = order_by_promise(client, w, hk2, gz, 40)
    plan_id = client.post(f"{V}/plans", headers=gz, json={}).json()["plan_id"]
    version = client.get(f"{V}/plans/{plan_id}", headers=gz).json()["version"]
    client.post(f"{V}/plans/{plan_id}/release", headers=gz, json={"version": version})
    _, rush = order_by_promise(client, w, hk1, gz, 40)
    r = client.post(f"{V}/orders/{rush['id']}/rush", headers=gz, json={"priority": 10})
    assert r.status_code == 200, r.text
    repaired = r.json()
    assert (repaired["reason"], repaired["status"], repaired["number"]) == ("repair", "released", 2)
    # the front shop may not rush anything
    assert client.post(f"{V}/orders/{rush['id']}/rush", headers=hk1, json={}).status_code == 404
    notes = client.get(f"{V}/notifications", headers=hk2).json()
    assert [(n["kind"], n["data"]["order_number"]) for n in notes] == [
        ("order.forecast_slipped", bumped["number"])
    ]
    assert rush["number"] not in str(notes)
    assert client.get(f"{V}/notifications", headers=hk1).json() == []
    cmp = client.get(f"{V}/plans/{plan_id}/compare/{repaired['id']}", headers=gz).json()
    later = {c["order_number"]: c["change_min"] for c in cmp["orders"]}
    assert later[bumped["number"]] > 0
    r = client.post(f"{V}/notifications/{notes[0]['id']}/read", headers=hk2)
    assert r.json()["read_at"] is not None
    assert client.get(f"{V}/notifications?unread_only=true", headers=hk2).json() == []
