"""The maturity self-assessment over HTTP on SQLite and PostgreSQL: start with proposals,
answers in Chinese words, confirm/override, result, PDF, submit, the zone office's levels,
tenancy (404 for anyone else, the zone office included) and the licensed import."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from suigang.api.app import API_PREFIX, create_app
from tests.world import PASSWORD, build_world

API = f"{API_PREFIX}/maturity"


@pytest.fixture
def ctx(settings, session_factory):  # type: ignore[no-untyped-def]
    with session_factory() as s:
        world = build_world(s)
    with TestClient(create_app(settings)) as client:
        yield client, world


def login(client: TestClient, who: str) -> dict[str, str]:
    r = client.post(
        f"{API_PREFIX}/auth/token", data={"username": f"{who}@test.suigang", "password": PASSWORD}
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_assessment_over_http(ctx) -> None:  # type: ignore[no-untyped-def]
    client, _ = ctx
    gz1, gz1m, gz2, zone = (login(client, w) for w in ("gz1", "gz1m", "gz2", "zone"))
    r = client.post(f"{API}/assessments", headers=gz1m, json={"title": "2026 self-check"})
    assert r.status_code == 201, r.text
    a = r.json()
    url = f"{API}/assessments/{a['id']}"
    # two machines, neither connected: the equipment answers are proposed as not met
    proposed = {(x["subdomain"], x["level"], x["requirement"]): x for x in a["answers"]}
    r1 = proposed[("R1", 2, "b")]
    assert (r1["proposed"], r1["answer"], r1["decision"]) == ("not_met", None, "proposed")
    assert r1["evidence"]["figures"]["machines"] == 2
    # answers in Chinese words; a bad one is named by its position and nothing is stored
    p1 = {"subdomain": "组织战略", "level": 1, "requirement": "a", "answer": "全部满足"}
    p2 = {"subdomain": "P2", "level": 1, "requirement": "a", "answer": "差不多"}
    bad = {"answers": [p1, p2]}
    r = client.put(f"{url}/answers", headers=gz1m, json=bad)
    assert r.status_code == 422 and "answer 2: unknown answer '差不多'" in r.text
    assert all(x["answer"] is None for x in client.get(url, headers=gz1m).json()["answers"])
    bad["answers"][1]["answer"] = "不适用"
    r = client.put(f"{url}/answers", headers=gz1m, json=bad)
    assert r.status_code == 200, r.text
    # override a proposal without a reason: refused; with one: stored
    decision = f"{url}/answers/{r1['id']}/decision"
    r = client.post(decision, headers=gz1m, json={"answer": "partially"})
    assert r.status_code == 422 and "reason" in r.text
    r = client.post(decision, headers=gz1m, json={"answer": "partially", "reason": "PLC links"})
    assert (r.status_code, r.json()["decision"], r.json()["answer"]) == (
        200,
        "overridden",
        "partially",
    )
    # still pending proposals: submission refused
    r = client.post(f"{url}/submit", headers=gz1)
    assert r.status_code == 409 and "confirm or override" in r.text
    for x in client.get(url, headers=gz1m).json()["answers"]:
        if x["answer"] is None:
            r = client.post(f"{url}/answers/{x['id']}/decision", headers=gz1m, json={})
            assert r.json()["decision"] == "confirmed"
    result = client.get(f"{url}/result", headers=gz1m, params={"lang": "zh-Hans"}).json()
    # P1 fully met and P2 not applicable at level 1 (no other level-1 answers): level 1
    # scores 1.0, so the total reaches level 1
    assert (result["level_scores"]["1"], result["level"]) == (1.0, 1)
    assert result["radar"]["1"]["P"] == 1.0 and result["radar"]["1"]["R"] is None
    assert result["gaps"][0]["text"]  # a requirement text in Simplified Chinese
    assert any(r["feature"] == "machines" for r in result["roadmap"])
    r = client.get(f"{url}/report.pdf", headers=gz1m)
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert r.headers["content-type"] == "application/pdf"
    # members answer, admins submit
    assert client.post(f"{url}/submit", headers=gz1m).status_code == 403
    r = client.post(f"{url}/submit", headers=gz1)
    assert (r.status_code, r.json()["status"], r.json()["level"]) == (200, "submitted", 1)
    assert client.delete(url, headers=gz1).status_code == 409  # submitted stays
    # the zone office: levels of all firms, never an assessment
    levels = client.get(f"{API}/levels", headers=zone).json()
    assert [(x["firm_en"], x["level"]) for x in levels] == [("gz1 Ltd", 1)]
    for who in (zone, gz2):
        assert client.get(url, headers=who).status_code == 404
        assert client.get(f"{url}/report.pdf", headers=who).status_code == 404
    assert client.get(f"{API}/levels", headers=gz1).status_code == 403
    assert client.get(f"{API}/assessments", headers=gz2).json() == []


def test_licensed_requirement_import(ctx) -> None:  # type: ignore[no-untyped-def]
    client, _ = ctx
    zone, gz1 = login(client, "zone"), login(client, "gz1")
    bad = "subdomain,level,requirement,text_en\nP1,1,1.1,Plans exist\nP1,9,1.2,Nope\n"
    r = client.post(f"{API}/requirements/import", headers=zone,
                    files={"file": ("licensed.csv", bad.encode(), "text/csv")})  # fmt: skip
    assert r.status_code == 422 and "licensed.csv line 3: level '9'" in r.text
    kinds = {x["kind"] for x in client.get(f"{API}/requirements", headers=gz1).json()}
    assert kinds == {"summary"}  # nothing stored
    good = "subdomain,level,requirement,text_en\nP1,1,1.1,Plans exist\n"
    r = client.post(f"{API}/requirements/import", headers=gz1,
                    files={"file": ("l.csv", good.encode(), "text/csv")})  # fmt: skip
    assert r.status_code == 403
    r = client.post(f"{API}/requirements/import", headers=zone,
                    files={"file": ("l.csv", good.encode(), "text/csv")})  # fmt: skip
    assert r.json() == {"stored": 1}
    rows = client.get(f"{API}/requirements", headers=zone).json()
    assert [(x["subdomain"], x["requirement"], x["kind"]) for x in rows] == [
        ("P1", "1.1", "standard")
    ]
