"""Zone steering over HTTP on SQLite and PostgreSQL: the overview and the cluster's path to
2035 for the zone office only, statistics filed and imported (bad lines 422, nothing stored),
rates, an admission application from draft to decision with a document, what the applicant
reads, and scheme matches."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from suigang.api.app import API_PREFIX, create_app
from suigang.engines.analytics.admission import load_demo_set, set_to_dict
from tests.api.test_api_relay import login
from tests.domains.relay.relay_world import PDF, relay_world

API = API_PREFIX


@pytest.fixture
def ctx(settings, session_factory):  # type: ignore[no-untyped-def]
    with session_factory() as s:
        world = relay_world(s)
    with TestClient(create_app(settings)) as client:
        yield client, world


def test_cluster_and_overview(ctx) -> None:  # type: ignore[no-untyped-def]
    client, _ = ctx
    zone, gz1, gz2 = (login(client, who) for who in ("zone", "gz1", "gz2"))
    r = client.post(f"{API}/zone/rates", headers=zone,
                    json={"effective": "2020-01-01", "cny_per_hkd": "0.9"})  # fmt: skip
    assert r.status_code == 201, r.text
    for year, out in ((2021, "1000000000"), (2022, "2000000000")):
        r = client.post(f"{API}/statistics", headers=gz1,
                        json={"year": year, "segment": "industrial_robots", "output": out,
                              "employees": 10})  # fmt: skip
        assert r.status_code == 201, r.text
    csv = b"firm,segment,currency,output,tax,rd_spending,employees\ngz2 Ltd,services,CNY,x,0,0,1\n"
    r = client.post(f"{API}/zone/statistics/import", headers=zone, data={"year": "2023"},
                    files={"file": ("2023.csv", csv, "text/csv")})  # fmt: skip
    # the bad line is named; nothing of 2023 is stored
    assert (r.status_code, r.json()["errors"]) == (422, ["line 2: output 'x' is not an amount"])
    good = csv.replace(b",x,", b",4000000000,")
    r = client.post(f"{API}/zone/statistics/import", headers=zone, data={"year": "2023"},
                    files={"file": ("2023.csv", good, "text/csv")})  # fmt: skip
    assert r.json() == {"year": 2023, "rows": 1, "firms": 1, "replaced": 0}
    r = client.get(f"{API}/zone/cluster", headers=zone)
    body = r.json()
    # 1, 2, 4 bn: (100 / 4)^(1/12) − 1 needed each year to 2035
    assert (body["target_cny"], body["target_year"], body["latest_year"],
            body["latest_output_cny"]) == ("100000000000", 2035, 2023, "4000000000.00")  # fmt: skip
    assert abs(body["required_cagr"] - (25 ** (1 / 12) - 1)) < 1e-12
    assert [p["year"] for p in body["projection"]][:2] == [2024, 2025]
    assert client.get(f"{API}/zone/cluster", headers=gz1).status_code == 403
    r = client.get(f"{API}/zone/cluster/export?format=pdf", headers=zone)
    assert (r.status_code, r.content[:5], r.headers["x-content-type-options"]) == (
        200,
        b"%PDF-",
        "nosniff",
    )
    overview = client.get(f"{API}/zone/overview", headers=zone).json()
    # the test world: 2 front shops, 2 factories, the zone office, an institute, a provider
    assert overview["total_firms"] == 7
    assert client.get(f"{API}/zone/overview", headers=gz2).status_code == 403


def test_admission_over_http(ctx) -> None:  # type: ignore[no-untyped-def]
    client, _ = ctx
    zone, gz1, gz2 = (login(client, who) for who in ("zone", "gz1", "gz2"))
    r = client.post(f"{API}/admission/indicator-sets", headers=zone,
                    json={"config": set_to_dict(load_demo_set())})  # fmt: skip
    assert r.status_code == 201, r.text
    draft = {"title": "Vision cells", "segment": "intelligent_inspection", "output": "1e400"}
    assert client.post(f"{API}/admission/applications", headers=gz1, json=draft).status_code == 422
    draft |= {"output": "90000000", "land_area": "20000", "floor_area": "30000",
              "building_footprint_area": "9000", "admin_land_area": "800", "green_area": "1000",
              "fixed_asset_investment": "100000000", "revenue": "90000000",
              "rd_spending": "1800000", "tax": "9000000"}  # fmt: skip
    r = client.post(f"{API}/admission/applications", headers=gz1, json=draft)
    assert r.status_code == 201, r.text
    aid = r.json()["id"]
    r = client.post(f"{API}/admission/applications/{aid}/documents", headers=gz1,
                    files={"file": ("plan.pdf", PDF, "application/pdf")})  # fmt: skip
    assert r.status_code == 201, r.text
    doc = r.json()["id"]
    assert client.get(f"{API}/admission/applications/{aid}", headers=gz2).status_code == 404
    r = client.post(f"{API}/admission/applications/{aid}/submit", headers=gz1)
    assert r.json()["status"] == "submitted"
    queue = client.get(f"{API}/zone/admission/queue", headers=zone).json()
    # intelligent inspection needs 3 % R&D: 1.8 m on 90 m is 2 %
    assert [(q["id"], q["verdict"], q["failed_rules"]) for q in queue] == [
        (aid, "failed", ["rd_intensity 0.020000 >= 0.03"])
    ]
    r = client.get(f"{API}/admission/applications/{aid}/documents/{doc}", headers=zone)
    assert (r.status_code, r.content) == (200, PDF)
    why = "R&D below the segment's 3 % floor"
    r = client.post(f"{API}/zone/admission/applications/{aid}/decision", headers=zone,
                    json={"approve": False, "reasons": why})  # fmt: skip
    assert r.json()["status"] == "rejected"
    seen = client.get(f"{API}/admission/applications/{aid}", headers=gz1).json()
    # the applicant reads the status and the reasons, not the scoring
    assert (seen["status"], seen["reasons"]) == ("rejected", why)
    assert not {"score", "verdict", "indicators"} & set(seen)
    assert client.get(f"{API}/zone/admission/queue", headers=gz1).status_code == 403
    r = client.post(f"{API}/schemes", headers=zone, json={
        "code": "RD", "name_en": "R&D", "name_zh_hans": "研发", "name_zh_hant": "研發",
        "sponsor": "Test", "applies_to": ["application"],
        "criteria": [{"field": "rd_intensity", "op": ">=", "value": "0.03"}],
        "source_url": "https://example.org/rd"})  # fmt: skip
    assert r.status_code == 200, r.text
    m = client.get(f"{API}/schemes/matches/applications/{aid}", headers=gz1).json()
    assert [(x["code"], x["missed"]) for x in m["matches"]] == [
        ("RD", ["rd_intensity ≥ 0.03: rd_intensity is 0.02"])
    ]
