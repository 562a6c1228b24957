"""Numbers handed out under concurrency (SQLite and PostgreSQL): simultaneous requests each
get their own RFQ number, plan version and inspection-plan revision, and none fails."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient

from suigang.api.app import API_PREFIX, create_app
from tests.api.test_api_flow import login
from tests.api.test_api_planning import order_by_promise
from tests.world import build_world

N = 6  # simultaneous requests


@pytest.fixture
def ctx(settings, session_factory):  # type: ignore[no-untyped-def]
    with session_factory() as s:
        world = build_world(s)
    app = create_app(settings)
    with TestClient(app) as client:
        yield app, client, world


def at_once(app, request: Callable[[TestClient], httpx.Response]) -> list[httpx.Response]:  # type: ignore[no-untyped-def]
    """``request`` sent N times at the same moment, each from its own client thread."""
    start = threading.Barrier(N)

    def one(_: int) -> httpx.Response:
        client = TestClient(app)
        start.wait()
        return request(client)

    with ThreadPoolExecutor(N) as pool:
        return list(pool.map(one, range(N)))


def test_simultaneous_rfqs_get_distinct_numbers(ctx) -> None:  # type: ignore[no-untyped-def]
    """Six RFQs sent at once: all 201, numbered 0001 to 0006 with none twice."""
    app, client, w = ctx
    hk = login(client, "hk1")
    wanted = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    body = {
        "title": "housing",
        "quantity": 5,
        "wanted_date": wanted,
        "factory_ids": [str(w.firms["gz1"].id)],
    }
    responses = at_once(app, lambda c: c.post(f"{API_PREFIX}/rfqs", headers=hk, json=body))
    assert [r.status_code for r in responses] == [201] * N, [r.text for r in responses]
    year = datetime.now(UTC).year
    numbers = sorted(r.json()["number"] for r in responses)
    assert numbers == [f"RFQ-{year}-{i:04d}" for i in range(1, N + 1)]


def test_simultaneous_plans_get_distinct_version_numbers(ctx) -> None:  # type: ignore[no-untyped-def]
    """Six plans made at once by one factory: versions 1 to 6, none refused."""
    app, client, w = ctx
    gz = login(client, "gz1")
    order_by_promise(client, w, login(client, "hk1"), gz, 10)  # work to plan
    responses = at_once(app, lambda c: c.post(f"{API_PREFIX}/plans", headers=gz, json={}))
    assert [r.status_code for r in responses] == [202] * N, [r.text for r in responses]
    plans = client.get(f"{API_PREFIX}/plans", headers=gz).json()
    assert sorted(p["number"] for p in plans) == list(range(1, N + 1))


def test_simultaneous_inspection_plans_get_distinct_revisions(ctx) -> None:  # type: ignore[no-untyped-def]
    """Six revisions of one product's inspection plan at once: revisions 1 to 6."""
    app, client, w = ctx
    gz = login(client, "gz1")
    body = {
        "product_id": str(w.products["gz1"].id),
        "name": "final inspection",
        "characteristics": [
            {"name": "wall", "unit": "mm", "lsl": 9.5, "usl": 10.6, "chart": "imr"}
        ],
    }
    responses = at_once(
        app, lambda c: c.post(f"{API_PREFIX}/inspection-plans", headers=gz, json=body)
    )
    assert [r.status_code for r in responses] == [201] * N, [r.text for r in responses]
    assert sorted(r.json()["revision"] for r in responses) == list(range(1, N + 1))


def test_a_quote_accepted_twice_at_once_makes_one_order_and_no_database_text(ctx) -> None:  # type: ignore[no-untyped-def]
    """Two accepts of one quote at the same moment: one order; the other answer is 409 in
    our words, never the database's (which would name the stored values)."""
    app, client, w = ctx
    hk, gz = login(client, "hk1"), login(client, "gz1")
    wanted = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    rfq = client.post(
        f"{API_PREFIX}/rfqs",
        headers=hk,
        json={
            "title": "x",
            "quantity": 5,
            "wanted_date": wanted,
            "factory_ids": [str(w.firms["gz1"].id)],
        },
    ).json()
    quote = client.post(
        f"{API_PREFIX}/rfqs/{rfq['id']}/quotes",
        headers=gz,
        json={
            "product_id": str(w.products["gz1"].id),
            "unit_price": "10",
            "currency": "HKD",
            "promised_date": wanted,
            "valid_until": (datetime.now(UTC) + timedelta(days=5)).isoformat(),
        },
    ).json()
    responses = at_once(
        app, lambda c: c.post(f"{API_PREFIX}/quotes/{quote['id']}/accept", headers=hk, json={})
    )
    codes = sorted(r.status_code for r in responses)
    assert codes.count(200) == 1 and set(codes) <= {200, 409}, [r.text for r in responses]
    for r in responses:
        if r.status_code == 409:
            text = r.text.lower()
            assert not any(w in text for w in ("unique", "duplicate", "constraint", "key (", "sql"))
    assert client.get(f"{API_PREFIX}/orders", headers=hk).json()["total"] == 1
