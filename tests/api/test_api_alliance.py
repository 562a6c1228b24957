"""The alliance over HTTP on SQLite and PostgreSQL: search in any script with its reasons and
filters, 422 for empty and over-long queries, a firm's own profile and membership, declared
links (only the declaring firm changes them), a firm's chain, and the zone office's segments,
gaps and Excel export (no one else's)."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from suigang.api.app import API_PREFIX, create_app
from tests.api.test_api_relay import login
from tests.domains.alliance.alliance_world import alliance_world

API = API_PREFIX


@pytest.fixture
def ctx(settings, session_factory):  # type: ignore[no-untyped-def]
    with session_factory() as s:
        world = alliance_world(s)
    with TestClient(create_app(settings)) as client:
        yield client, world


def test_search_over_http(ctx) -> None:  # type: ignore[no-untyped-def]
    client, _w = ctx
    hk = login(client, "hk1")
    r = client.get(f"{API}/alliance/search", params={"q": "燒焊 不鏽鋼 支架"}, headers=hk)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["hits"][0]["name"] == "gz1 Ltd"  # the zone's welding shop first
    assert {"query_term": "燒焊", "profile_words": ["燒焊"], "kind": "term",
            "concept": "welding"} in body["hits"][0]["matches"]  # fmt: skip
    r = client.get(f"{API}/alliance/search", params={"q": "testing", "region": "zone"}, headers=hk)
    assert "sp Lab" not in [h["name"] for h in r.json()["hits"]]  # sp is in Hong Kong
    r = client.get(f"{API}/alliance/search", params={"q": "   "}, headers=hk)
    assert (r.status_code, r.json()["detail"]) == (422, "q: the search needs some words")
    r = client.get(f"{API}/alliance/search", params={"q": "x" * 501}, headers=hk)
    assert r.status_code == 422 and "at most 500 characters" in r.text
    r = client.get(f"{API}/alliance/search", params={"q": "weld"})
    assert r.status_code == 401  # signed in only


def test_profile_membership_and_links_over_http(ctx) -> None:  # type: ignore[no-untyped-def]
    client, w = ctx
    hk2, gz1, gz1m, gz2 = (login(client, who) for who in ("hk2", "gz1", "gz1m", "gz2"))
    r = client.put(
        f"{API}/alliance/profile",
        headers=hk2,
        json={"description": "Brand owner of e-bikes", "segment": "high_end_equipment"},
    )
    assert (r.status_code, r.json()["version"]) == (200, 2)  # made, then written
    assert client.post(f"{API}/alliance/membership", headers=hk2).json()["member"] is True
    assert client.post(f"{API}/alliance/membership", headers=hk2).status_code == 409
    assert client.put(f"{API}/alliance/profile", headers=gz1m, json={}).status_code == 403
    r = client.get(f"{API}/alliance/profiles/{w.firms['hk2'].id}", headers=gz1)
    assert r.json()["description"] == "Brand owner of e-bikes"  # a member: public
    assert client.delete(f"{API}/alliance/membership", headers=hk2).json()["member"] is False
    r = client.get(f"{API}/alliance/profiles/{w.firms['hk2'].id}", headers=gz1)
    assert r.status_code == 404  # left: no longer in the directory
    link = {
        "supplier_id": str(w.firms["gz1"].id), "customer_id": str(w.firms["gz2"].id),
        "item": "welded frames", "kind": "subcontract", "segment": "key_components",
        "annual_value_cny": "300000.00",
    }  # fmt: skip
    r = client.post(f"{API}/alliance/links", headers=gz2, json=link)
    assert r.status_code == 201, r.text
    lid = r.json()["id"]
    assert client.get(f"{API}/alliance/links/{lid}", headers=gz1).status_code == 200  # party
    assert client.delete(f"{API}/alliance/links/{lid}", headers=gz1).status_code == 403
    assert client.get(f"{API}/alliance/links/{lid}", headers=hk2).status_code == 404
    r = client.post(f"{API}/alliance/links", headers=gz2, json={**link, "annual_value_cny": "-1"})
    assert r.status_code == 422  # no negative volume; nothing stored
    chain = client.get(f"{API}/alliance/chain", headers=gz1).json()
    assert [(e["partner_name"], e["item"]) for e in chain["downstream"]] == [
        ("gz2 Ltd", "welded frames")
    ]
    assert client.delete(f"{API}/alliance/links/{lid}", headers=gz2).status_code == 204
    assert client.get(f"{API}/alliance/chain", headers=gz1).json()["downstream"] == []


def test_the_zone_office_reads_the_chain_and_gaps(ctx) -> None:  # type: ignore[no-untyped-def]
    client, w = ctx
    zone, gz2 = login(client, "zone"), login(client, "gz2")
    r = client.post(
        f"{API}/alliance/links",
        headers=gz2,
        json={"supplier_name": "Servo GmbH", "supplier_region": "mainland_other",
              "customer_id": str(w.firms["gz2"].id), "item": "servo motor",
              "kind": "component", "segment": "key_components", "annual_value_cny": "800000"},
    )  # fmt: skip
    assert r.status_code == 201, r.text
    gaps = client.get(f"{API}/alliance/zone/gaps", headers=zone).json()
    assert [(g["item"], g["buyers"], g["value_cny"]) for g in gaps] == [
        ("servo motor", 1, "800000.00")
    ]
    chain = client.get(f"{API}/alliance/zone/chain", headers=zone).json()
    assert [(e["source"], e["target"]) for e in chain["edges"]] == [
        ("elsewhere", "high_end_equipment")
    ]  # gz2 is high-end equipment; its supplier is outside the zone
    r = client.get(f"{API}/alliance/zone/export", headers=zone)
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(r.content))
    assert book["Gaps"]["A2"].value == "servo motor"
    assert client.get(f"{API}/alliance/zone/gaps", headers=gz2).status_code == 403
    assert client.get(f"{API}/alliance/chain", headers=zone).status_code == 403
