"""The relay and standards over HTTP on SQLite and PostgreSQL: the baton pass, document
upload and download headers, tenancy (404 for anyone not taking part, the zone office
included, on evidence and documents), the funnel, look-ups and imports."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from suigang.api.app import API_PREFIX, create_app
from tests.conftest import shared_path
from tests.domains.relay.relay_world import PDF, relay_world
from tests.world import PASSWORD

API = API_PREFIX


@pytest.fixture
def ctx(settings, session_factory):  # type: ignore[no-untyped-def]
    with session_factory() as s:
        world = relay_world(s)
    with TestClient(create_app(settings)) as client:
        yield client, world


def login(client: TestClient, who: str) -> dict[str, str]:
    r = client.post(
        f"{API}/auth/token", data={"username": f"{who}@test.suigang", "password": PASSWORD}
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_relay_over_http(ctx) -> None:  # type: ignore[no-untyped-def]
    client, w = ctx
    ri, gz1, zone, hk2 = (login(client, who) for who in ("ri", "gz1", "zone", "hk2"))
    r = client.post(
        f"{API}/relay/projects",
        headers=ri,
        json={"title_en": "Vision probe", "title_zh_hant": "視覺探頭", "trl": 3, "mrl": 3},
    )
    assert r.status_code == 201, r.text
    project = r.json()
    pid = project["id"]
    # the Simplified title was made from the Traditional one
    assert (project["title_zh_hans"], project["gate"]["criteria"]) == (
        "视觉探头",
        ["TRL 3", "MRL 3"],
    )
    listed = client.get(f"{API}/relay/projects", headers=ri).json()
    assert {k: listed["items"][0][k] for k in ("id", "title", "leg", "trl", "mrl")} == {
        "id": pid, "title": "Vision probe", "leg": 1, "trl": 3, "mrl": 3,
    }  # fmt: skip
    assert listed["items"][0]["baton_holder"]["id"] == str(w.firms["ri"].id)
    # the gate names what it lacks; nothing is stored
    r = client.post(
        f"{API}/relay/projects/{pid}/handovers",
        headers=ri,
        json={"to_enterprise_id": str(w.firms["gz1"].id)},
    )
    assert (r.status_code, r.json()["errors"]) == (
        409, ["TRL 3 has no evidence", "MRL 3 has no evidence"],
    )  # fmt: skip
    # a script named .pdf is refused by its content
    r = client.post(
        f"{API}/relay/projects/{pid}/evidence/documents",
        headers=ri,
        files={"file": ("proof.pdf", b"#!/bin/sh\necho hi\n", "application/pdf")},
        data={"scale": "TRL", "level": "3"},
    )
    assert r.status_code == 422 and "not a PDF, PNG or JPEG" in r.json()["detail"]
    r = client.post(
        f"{API}/relay/projects/{pid}/evidence/documents",
        headers=ri,
        files={"file": ("测试 report.pdf", PDF, "text/html")},  # the declared type is ignored
        data={"scale": "TRL", "level": "3", "title": "Bench test"},
    )
    assert r.status_code == 201, r.text
    doc = r.json()
    assert (doc["media_type"], doc["filename"]) == ("application/pdf", "测试 report.pdf")
    r = client.post(
        f"{API}/relay/projects/{pid}/evidence/reviews",
        headers=ri,
        json={
            "title": "Design review",
            "note": "ready",
            "level": {"scale": "MRL", "level": 3, "threads": ["C"]},
        },
    )
    assert r.status_code == 201, r.text
    url = f"{API}/relay/projects/{pid}/evidence/{doc['id']}/document"
    got = client.get(url, headers=ri)
    assert got.status_code == 200 and got.content == PDF
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["content-disposition"] == (
        "attachment; filename=\"__ report.pdf\"; filename*=UTF-8''%E6%B5%8B%E8%AF%95%20report.pdf"
    )
    assert got.headers["x-content-type-options"] == "nosniff"
    # nobody but the participants: a stranger, the offered factory (not yet), the zone office
    for headers in (hk2, gz1, zone):
        assert client.get(url, headers=headers).status_code == 404
        assert (
            client.get(f"{API}/relay/projects/{pid}/evidence", headers=headers).status_code == 404
        )
        assert client.get(f"{API}/relay/projects/{pid}", headers=headers).status_code == 404
    # the zone office sees the summary: leg, levels, dates, holders
    summary = client.get(f"{API}/relay/projects/{pid}/summary", headers=zone).json()
    assert (summary["leg"], summary["mrl"], summary["baton_holder"]["name"]) == (1, 3, "ri Lab")
    assert "evidence" not in summary
    offer = client.post(
        f"{API}/relay/projects/{pid}/handovers",
        headers=ri,
        json={"to_enterprise_id": str(w.firms["gz1"].id), "note": "over to you"},
    )
    assert offer.status_code == 201, offer.text
    pending = client.get(f"{API}/relay/handovers", headers=gz1).json()
    assert [h["id"] for h in pending["items"]] == [offer.json()["id"]]
    # offered the baton, the factory may read the document before deciding
    assert client.get(url, headers=gz1).status_code == 200
    member = login(client, "gz1m")
    hid = offer.json()["id"]
    assert client.post(f"{API}/relay/handovers/{hid}/accept", headers=member).status_code == 403
    assert client.post(f"{API}/relay/handovers/{hid}/accept", headers=hk2).status_code == 404
    accepted = client.post(f"{API}/relay/handovers/{hid}/accept", headers=gz1)
    assert accepted.status_code == 200, accepted.text
    assert (accepted.json()["leg"], accepted.json()["baton_holder"]["id"]) == (
        2,
        str(w.firms["gz1"].id),
    )
    funnel = client.get(f"{API}/zone/relay", headers=zone).json()
    assert [(f["leg"], f["reached"], f["current"]) for f in funnel["legs"][:2]] == [
        (1, 1, 0),
        (2, 1, 1),
    ]
    assert (funnel["share_hk"], funnel["share_zone"]) == (0.5, 0.5)
    for headers in (ri, gz1):
        assert client.get(f"{API}/zone/relay", headers=headers).status_code == 403


def test_standards_over_http(ctx) -> None:  # type: ignore[no-untyped-def]
    client, _ = ctx
    zone, gz1 = login(client, "zone"), login(client, "gz1")
    shared = shared_path("reference", "standards", "crosswalk.csv")
    r = client.post(
        f"{API}/standards/import",
        headers=zone,
        files={"file": (shared.name, shared.read_bytes(), "text/csv")},
    )
    assert (r.status_code, r.json()["added"]) == (200, 45)
    bad = b"category,jurisdiction,standard,source\nRobot,mars,ISO 10218-1,\nRobot,mainland,,x\n"
    r = client.post(
        f"{API}/standards/import", headers=zone, files={"file": ("r.csv", bad, "text/csv")}
    )
    assert r.status_code == 422
    assert [e["line"] for e in r.json()["errors"]] == [2, 3]
    assert client.get(f"{API}/standards/categories", headers=zone).json() == []
    r = client.post(
        f"{API}/standards/import", headers=gz1, files={"file": ("r.csv", bad, "text/csv")}
    )
    assert r.status_code == 403
    found = client.get(f"{API}/standards", params={"q": "GBT5226.1-2019"}, headers=gz1).json()
    assert [(i["intl_standard"], i["matched"]) for i in found["items"]] == [
        ("IEC 60204-1:2016", "cn")
    ]
    assert client.get(f"{API}/standards", params={"q": "hello"}, headers=gz1).status_code == 422
