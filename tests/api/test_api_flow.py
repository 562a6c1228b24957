"""The order flow over HTTP, tenancy at the edge, and bad input, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from suigang.api.app import API_PREFIX, create_app
from suigang.domains.orders.models import RFQ, Order
from tests.world import PASSWORD, build_world


@pytest.fixture
def ctx(settings, session_factory):  # type: ignore[no-untyped-def]
    with session_factory() as s:
        world = build_world(s)
    with TestClient(create_app(settings)) as client:
        yield client, world, session_factory


def login(client: TestClient, who: str) -> dict[str, str]:
    r = client.post(
        f"{API_PREFIX}/auth/token", data={"username": f"{who}@test.suigang", "password": PASSWORD}
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def iso(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def count(session_factory, model) -> int:  # type: ignore[no-untyped-def]
    with session_factory() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_flow_over_http(ctx) -> None:  # type: ignore[no-untyped-def]
    """RFQ → quote → accept → order and work order, each step by its own firm."""
    client, w, _ = ctx
    hk, gz = login(client, "hk1"), login(client, "gz1")
    me = client.get(f"{API_PREFIX}/me", headers=hk).json()
    assert (me["enterprise_kind"], me["role"], me["enterprise_name"]) == (
        "front_shop",
        "admin",
        "hk1 Ltd",
    )
    r = client.post(
        f"{API_PREFIX}/rfqs",
        headers=hk,
        json={
            "title": "Scanner housing",
            "quantity": 40,
            "wanted_date": iso(30),
            "currency": "HKD",
            "factory_ids": [str(w.firms["gz1"].id)],
        },
    )
    assert r.status_code == 201, r.text
    rfq = r.json()
    assert rfq["status"] == "open" and rfq["recipients"][0]["status"] == "pending"
    # the factory sees it in its inbox
    inbox = client.get(f"{API_PREFIX}/rfqs", headers=gz).json()
    assert [x["id"] for x in inbox["items"]] == [rfq["id"]]
    r = client.post(
        f"{API_PREFIX}/rfqs/{rfq['id']}/quotes",
        headers=gz,
        json={
            "product_id": str(w.products["gz1"].id),
            "unit_price": "88.5",
            "currency": "CNY",
            "promised_date": iso(20),
            "valid_until": iso(5),
        },
    )
    assert r.status_code == 201, r.text
    quote = r.json()
    # 40 units × 88.50 CNY
    assert (quote["total_price"], quote["currency"]) == ("3540.00", "CNY")
    r = client.post(
        f"{API_PREFIX}/quotes/{quote['id']}/accept", headers=hk, json={"version": quote["version"]}
    )
    assert r.status_code == 200, r.text
    order = r.json()
    assert order["status"] == "placed" and order["total_price"] == "3540.00"
    wos = client.get(f"{API_PREFIX}/work-orders", headers=gz).json()
    assert wos["total"] == 1 and wos["items"][0]["order_id"] == order["id"]
    assert [op["seq"] for op in wos["items"][0]["operations"]] == [10, 20]
    # the buyer cannot see the factory's work orders, and sees its order
    assert client.get(f"{API_PREFIX}/work-orders", headers=hk).json()["total"] == 0
    assert client.get(f"{API_PREFIX}/orders/{order['id']}", headers=hk).status_code == 200


def test_other_firms_get_404_never_the_data(ctx) -> None:  # type: ignore[no-untyped-def]
    """Another front shop and another factory cannot read or act on an RFQ or its order."""
    client, w, sf = ctx
    hk, gz = login(client, "hk1"), login(client, "gz1")
    rfq = client.post(
        f"{API_PREFIX}/rfqs",
        headers=hk,
        json={
            "title": "Bracket",
            "quantity": 5,
            "wanted_date": iso(9),
            "factory_ids": [str(w.firms["gz1"].id)],
        },
    ).json()
    quote = client.post(
        f"{API_PREFIX}/rfqs/{rfq['id']}/quotes",
        headers=gz,
        json={
            "product_id": str(w.products["gz1"].id),
            "unit_price": "3",
            "currency": "HKD",
            "promised_date": iso(8),
            "valid_until": iso(2),
        },
    ).json()
    for who in ("hk2", "gz2", "zone"):
        h = login(client, who)
        for path in (f"/rfqs/{rfq['id']}", f"/quotes/{quote['id']}"):
            r = client.get(API_PREFIX + path, headers=h)
            assert r.status_code == 404 and rfq["title"] not in r.text, (who, path)
        r = client.post(f"{API_PREFIX}/quotes/{quote['id']}/accept", headers=h, json={})
        assert r.status_code == 404, who
    assert count(sf, Order) == 0


def test_every_private_route_needs_credentials(ctx) -> None:  # type: ignore[no-untyped-def]
    """Deny by default: without a token every operation but sign-in and health answers 401."""
    client, _, _ = ctx
    open_paths = {f"{API_PREFIX}/auth/token", f"{API_PREFIX}/health"}
    checked = 0
    for path, operations in client.app.openapi()["paths"].items():
        if path in open_paths:
            continue
        url = re.sub(r"\{[^}]+\}", "00000000-0000-0000-0000-000000000001", path)
        for method in operations:
            r = client.request(method.upper(), url)
            assert r.status_code == 401, (method, path, r.status_code)
            checked += 1
    # the order flow alone has 15 operations; other domains add theirs
    assert checked >= 15


def test_bad_input_gets_its_status_and_stores_nothing(ctx) -> None:  # type: ignore[no-untyped-def]
    """Malformed JSON, wrong types, unknown ids, illegal moves: each its status; no rows."""
    client, w, sf = ctx
    hk, gz = login(client, "hk1"), login(client, "gz1")
    r = client.post(
        f"{API_PREFIX}/rfqs",
        headers={**hk, "Content-Type": "application/json"},
        content=b'{"title": "x", ',
    )
    assert r.status_code == 422 and "JSON" in r.text
    r = client.post(
        f"{API_PREFIX}/rfqs",
        headers=hk,
        json={
            "title": "x",
            "quantity": "many",
            "wanted_date": iso(3),
            "factory_ids": [str(w.firms["gz1"].id)],
        },
    )
    assert r.status_code == 422 and "quantity" in r.text
    r = client.post(
        f"{API_PREFIX}/rfqs",
        headers=hk,
        json={
            "title": "x",
            "quantity": 1,
            "wanted_date": "2027-01-01T00:00:00",
            "factory_ids": [str(w.firms["gz1"].id)],
        },
    )
    assert r.status_code == 422 and "timezone" in r.text
    r = client.post(
        f"{API_PREFIX}/rfqs",
        headers=hk,
        json={
            "title": "x",
            "quantity": 1,
            "wanted_date": iso(3),
            "factory_ids": ["00000000-0000-0000-0000-00000000abcd"],
        },
    )
    assert r.status_code == 422
    assert r.json()["detail"] == (
        "factory_ids: 00000000-0000-0000-0000-00000000abcd is not a factory of the zone"
    )
    assert client.get(f"{API_PREFIX}/orders/not-a-uuid", headers=hk).status_code == 422
    unknown = "00000000-0000-0000-0000-000000000042"
    r = client.get(f"{API_PREFIX}/orders/{unknown}", headers=hk)
    assert (r.status_code, r.json()["detail"]) == (404, f"order {unknown} not found")
    r = client.post(
        f"{API_PREFIX}/rfqs",
        headers=gz,
        json={
            "title": "x",
            "quantity": 1,
            "wanted_date": iso(3),
            "factory_ids": [str(w.firms["gz2"].id)],
        },
    )
    assert r.status_code == 403
    assert count(sf, RFQ) == 0


def test_rfq_wanted_in_the_past_or_untitled_is_refused(ctx) -> None:  # type: ignore[no-untyped-def]
    """A wanted date already past and a title of spaces are refused with 422, naming the
    field; nothing is stored."""
    client, w, sf = ctx
    hk = login(client, "hk1")
    body = {"title": "Bracket", "quantity": 5, "factory_ids": [str(w.firms["gz1"].id)]}
    r = client.post(f"{API_PREFIX}/rfqs", headers=hk, json={**body, "wanted_date": iso(-1)})
    assert r.status_code == 422
    # the message names the field and says why
    assert r.json()["detail"].startswith("wanted_date: ") and "is in the past" in r.json()["detail"]
    r = client.post(
        f"{API_PREFIX}/rfqs", headers=hk, json={**body, "title": "   ", "wanted_date": iso(3)}
    )
    assert r.status_code == 422
    # spaces are stripped first, so the title is empty: too short
    assert [(e["loc"], e["type"]) for e in r.json()["detail"]] == [
        (["body", "title"], "string_too_short")
    ]
    assert count(sf, RFQ) == 0


def test_illegal_transition_and_stale_version_are_409(ctx) -> None:  # type: ignore[no-untyped-def]
    """Shipping a placed order is illegal; a stale version is refused; the order is kept."""
    client, w, _ = ctx
    hk, gz = login(client, "hk1"), login(client, "gz1")
    rfq = client.post(
        f"{API_PREFIX}/rfqs",
        headers=hk,
        json={
            "title": "Bracket",
            "quantity": 5,
            "wanted_date": iso(9),
            "factory_ids": [str(w.firms["gz1"].id)],
        },
    ).json()
    quote = client.post(
        f"{API_PREFIX}/rfqs/{rfq['id']}/quotes",
        headers=gz,
        json={
            "product_id": str(w.products["gz1"].id),
            "unit_price": "3",
            "currency": "HKD",
            "promised_date": iso(8),
            "valid_until": iso(2),
        },
    ).json()
    order = client.post(f"{API_PREFIX}/quotes/{quote['id']}/accept", headers=hk).json()
    url = f"{API_PREFIX}/orders/{order['id']}/status"
    r = client.post(url, headers=gz, json={"status": "shipped", "version": order["version"]})
    assert r.status_code == 409
    assert r.json()["detail"] == (
        f"order {order['number']} is placed and cannot become "
        "shipped; allowed next: cancelled, in_production"
    )
    ok = client.post(url, headers=gz, json={"status": "in_production", "version": order["version"]})
    assert ok.status_code == 200 and ok.json()["version"] == order["version"] + 1
    r = client.post(url, headers=gz, json={"status": "shipped", "version": order["version"]})
    assert r.status_code == 409 and "you sent version" in r.json()["detail"]
    assert client.get(f"{API_PREFIX}/orders/{order['id']}", headers=hk).json()["status"] == (
        "in_production"
    )


def test_lists_paginate(ctx) -> None:  # type: ignore[no-untyped-def]
    """Five RFQs in pages of two: totals stay five, the last page holds one."""
    client, w, _ = ctx
    hk = login(client, "hk1")
    for i in range(5):
        client.post(
            f"{API_PREFIX}/rfqs",
            headers=hk,
            json={
                "title": f"Part {i}",
                "quantity": 1 + i,
                "wanted_date": iso(9),
                "factory_ids": [str(w.firms["gz1"].id)],
            },
        )
    pages = [
        client.get(f"{API_PREFIX}/rfqs?offset={o}&limit=2", headers=hk).json() for o in (0, 2, 4)
    ]
    assert [len(p["items"]) for p in pages] == [2, 2, 1]
    assert {p["total"] for p in pages} == {5}
    assert client.get(f"{API_PREFIX}/rfqs?limit=500", headers=hk).status_code == 422


def test_wrong_password_is_401(ctx) -> None:  # type: ignore[no-untyped-def]
    """A wrong password gets 401 with the bearer challenge."""
    client, _, _ = ctx
    r = client.post(
        f"{API_PREFIX}/auth/token", data={"username": "hk1@test.suigang", "password": "nope"}
    )
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"


def test_api_key_reads_own_work_orders_and_is_audited(ctx) -> None:  # type: ignore[no-untyped-def]
    """A factory admin makes a key; the key authenticates as the factory; members may not."""
    client, _, _ = ctx
    gz, gzm = login(client, "gz1"), login(client, "gz1m")
    assert client.post(f"{API_PREFIX}/api-keys", headers=gzm, json={"name": "x"}).status_code == 403
    r = client.post(f"{API_PREFIX}/api-keys", headers=gz, json={"name": "AOI station 1"})
    assert r.status_code == 201
    key = r.json()["key"]
    assert key.startswith("sgk_")
    r = client.get(f"{API_PREFIX}/work-orders", headers={"X-API-Key": key})
    assert (r.status_code, r.json()["total"]) == (200, 0)
    bad = client.get(f"{API_PREFIX}/work-orders", headers={"X-API-Key": key + "x"})
    assert bad.status_code == 401
    log = client.get(f"{API_PREFIX}/audit", headers=gz).json()
    assert [(e["action"], e["details"]["name"]) for e in log] == [
        ("api_key.created", "AOI station 1")
    ]
    # the stored hash is not the key
    assert key not in client.get(f"{API_PREFIX}/api-keys", headers=gz).text


def test_firm_directory_filters_by_name(ctx) -> None:  # type: ignore[no-untyped-def]
    """GET /enterprises?name= keeps the firms whose name contains it in any script, case
    aside; with kind it narrows further; a % is a character, not a wildcard."""
    client, _, _ = ctx
    zone = login(client, "zone")

    def names(query: str) -> list[str]:
        r = client.get(f"{API_PREFIX}/enterprises?{query}", headers=zone)
        assert r.status_code == 200, r.text
        return [e["name_en"] for e in r.json()["items"]]

    assert names("name=GZ") == ["gz1 Ltd", "gz2 Ltd"]  # case does not matter
    assert names("name=gz1%E6%9C%89") == ["gz1 Ltd"]  # "gz1有", the Chinese name
    assert names("name=ltd&kind=front_shop") == ["hk1 Ltd", "hk2 Ltd"]
    assert names("name=%25") == []  # no firm has a % in its name
