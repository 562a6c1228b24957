"""Quality over HTTP on SQLite and PostgreSQL: plans, measurements (JSON and CSV), charts,
alarms, corrections, station images by API key, review, and the lot certificate."""

from __future__ import annotations

import math

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from suigang.api.app import API_PREFIX, create_app
from suigang.domains.identity.models import AuditEvent
from suigang.domains.identity.service import create_api_key
from suigang.domains.quality.models import Measurement, VisualInspection
from suigang.engines.spc import ChartKind, ChartSpec, analyze_chart
from tests.domains.quality.quality_world import order_lot, pdf_text, png
from tests.world import PASSWORD, build_world

API = API_PREFIX


@pytest.fixture
def ctx(settings, session_factory):  # type: ignore[no-untyped-def]
    with session_factory() as s:
        world = build_world(s)
        lot = order_lot(s, world)
        _, station_key = create_api_key(
            s, enterprise_id=world.firms["gz1"].id, name="AOI station 1", actor=None
        )
    with TestClient(create_app(settings)) as client:
        yield client, world, lot, station_key, session_factory


def login(client: TestClient, who: str) -> dict[str, str]:
    r = client.post(
        f"{API}/auth/token", data={"username": f"{who}@test.suigang", "password": PASSWORD}
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def count(session_factory, model) -> int:  # type: ignore[no-untyped-def]
    with session_factory() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def make_plan(client: TestClient, headers: dict[str, str], product_id: str) -> dict:  # type: ignore[type-arg]
    r = client.post(
        f"{API}/inspection-plans",
        headers=headers,
        json={
            "product_id": product_id,
            "name": "Housing final inspection",
            "characteristics": [
                {
                    "name": "diameter",
                    "unit": "mm",
                    "lsl": 9,
                    "usl": 15,
                    "sample_size": 2,
                    "frequency": "2 parts every hour",
                    "chart": "xbar-r",
                },
                {"name": "wall", "unit": "mm", "lsl": 9.5, "usl": 10.6, "chart": "imr"},
            ],
        },
    )
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def test_measure_chart_alarm_and_tenancy_over_http(ctx) -> None:  # type: ignore[no-untyped-def]
    """Limits as the engine computes them; an alarm the buyer sees and another firm cannot."""
    client, w, lot, _, sf = ctx
    gz, hk = login(client, "gz1"), login(client, "hk1")
    plan = make_plan(client, gz, str(w.products["gz1"].id))
    assert plan["revision"] == 1 and [c["chart"] for c in plan["characteristics"]] == [
        "xbar-r",
        "imr",
    ]
    listed = client.get(f"{API}/inspection-plans", headers=gz).json()
    assert [p["id"] for p in listed["items"]] == [plan["id"]]
    assert client.get(f"{API}/inspection-plans", headers=hk).json()["total"] == 0
    diameter = plan["characteristics"][0]["id"]
    data = {1: (10, 12), 2: (11, 13), 3: (12, 12)}
    rows = [
        {"characteristic_id": diameter, "subgroup": s, "value": v}
        for s, pair in data.items()
        for v in pair
    ]
    r = client.post(f"{API}/lots/{lot.id}/measurements", headers=gz, json=rows)
    assert r.status_code == 201 and r.json()["stored"] == 6, r.text
    # the wall thickness by CSV: ten values in control (limits 10 ± 0.296 from these)
    wall_values = [10.0, 10.1, 9.9, 10.0, 10.05, 9.95, 10.0, 10.1, 9.9, 10.0]
    csv = "characteristic,subgroup,value\n" + "".join(
        f"wall,{i + 1},{v}\n" for i, v in enumerate(wall_values)
    )
    r = client.post(
        f"{API}/lots/{lot.id}/measurements/upload",
        headers=gz,
        files={"file": ("wall.csv", csv.encode(), "text/csv")},
    )
    assert r.status_code == 201 and r.json()["alarms"] == [], r.text
    r = client.post(
        f"{API}/lots/{lot.id}/measurements",
        headers=gz,
        json=[{"characteristic": "wall", "subgroup": 11, "value": 11.5}],
    )
    # with 11.5 the phase I limits become 10.136 ± 0.665 (I) and 0 … 0.817 (MR): the value
    # and its moving range of 1.5 are beyond them (WE1), and the ten earlier values now all
    # lie below the centre, so the 8th, 9th and 10th complete a run of eight (WE4)
    expected = [
        ("i", "10", "WE4"),
        ("i", "11", "WE1"),
        ("i", "8", "WE4"),
        ("i", "9", "WE4"),
        ("mr", "11", "WE1"),
    ]
    alarms = r.json()["alarms"]
    assert sorted((a["panel"], a["subgroup"], a["rule"]) for a in alarms) == expected

    q = client.get(f"{API}/lots/{lot.id}/quality", headers=hk)
    assert q.status_code == 200, q.text
    body = q.json()
    d, wq = body["characteristics"]
    # x̿ = 35/3, σ = R̄/d2(2) = (4/3)/(2/√π): the platform's limits are the engine's
    engine = analyze_chart(
        ChartSpec(
            kind=ChartKind.XBAR_R,
            values=(10, 12, 11, 13, 12, 12),
            subgroups=("1", "1", "2", "2", "3", "3"),
        )
    )
    assert d["chart"]["panels"][0]["ucl"] == list(engine.panels[0].ucl)
    assert d["chart"]["panels"][0]["center"][0] == pytest.approx(35 / 3, abs=1e-12)
    sigma = 2 * math.sqrt(math.pi) / 3
    assert d["chart"]["panels"][0]["ucl"][0] == pytest.approx(
        35 / 3 + 3 * sigma / math.sqrt(2), abs=1e-6
    )
    assert d["capability"]["cpk"] == pytest.approx((35 / 3 - 9) / (3 * sigma), abs=1e-6)
    # 11.5 is beyond the I chart's UCL and outside the specification (USL 10.6)
    assert sorted((v["panel"], v["point"], v["rule"]) for v in wq["chart"]["violations"]) == [
        ("i", 7, "WE4"),
        ("i", 8, "WE4"),
        ("i", 9, "WE4"),
        ("i", 10, "WE1"),
        ("mr", 10, "WE1"),
    ]
    assert wq["out_of_spec"] == 1
    assert sorted((a["panel"], a["subgroup"], a["rule"]) for a in body["alarms"]) == expected
    png_r = client.get(f"{API}/lots/{lot.id}/charts/{diameter}.png", headers=hk)
    assert png_r.status_code == 200 and png_r.content.startswith(b"\x89PNG")
    for who in ("hk2", "gz2", "zone"):
        h = login(client, who)
        for path in (f"/lots/{lot.id}/quality", f"/lots/{lot.id}/charts/{diameter}.png"):
            r = client.get(API + path, headers=h)
            assert r.status_code == 404 and lot.number not in r.text, (who, path)
        r = client.post(f"{API}/lots/{lot.id}/measurements", headers=h, json=rows[:1])
        assert r.status_code == 404, who
    assert count(sf, Measurement) == 17


def test_corrections_and_bad_input_over_http(ctx) -> None:  # type: ignore[no-untyped-def]
    """A correction is a new row; bad CSV, bad plan and bad values store nothing."""
    client, w, lot, _, sf = ctx
    gz, hk = login(client, "gz1"), login(client, "hk1")
    make_plan(client, gz, str(w.products["gz1"].id))
    r = client.post(
        f"{API}/lots/{lot.id}/measurements",
        headers=gz,
        json=[{"characteristic": "wall", "subgroup": s, "value": v} for s, v in ((1, 10), (2, 1))],
    )
    wrong = r.json()["measurements"][1]
    r = client.post(
        f"{API}/measurements/{wrong['id']}/corrections",
        headers=gz,
        json={"value": 10.1, "reason": "typed 1 for 10.1"},
    )
    assert r.status_code == 201, r.text
    assert r.json()["measurements"][0]["corrects_id"] == wrong["id"]
    stored = client.get(f"{API}/lots/{lot.id}/measurements", headers=hk).json()
    assert [(m["value"], m["corrects_id"]) for m in stored] == [
        (10, None),
        (1, None),
        (10.1, wrong["id"]),
    ]
    wall = client.get(f"{API}/lots/{lot.id}/quality", headers=hk).json()["characteristics"][1]
    assert wall["chart"]["panels"][0]["values"] == [10, 10.1]
    r = client.post(
        f"{API}/measurements/{wrong['id']}/corrections",
        headers=gz,
        json={"value": 10.2, "reason": "again"},
    )
    assert r.status_code == 409 and "already corrected" in r.text
    r = client.post(
        f"{API}/measurements/{wrong['id']}/corrections",
        headers=hk,
        json={"value": 10.2, "reason": "buyer"},
    )
    assert r.status_code == 403
    before = count(sf, Measurement)
    bad = b"characteristic,subgroup,value\nwall,3,10.0\nwall,4,abc\nwall,,10.1\n"
    r = client.post(
        f"{API}/lots/{lot.id}/measurements/upload",
        headers=gz,
        files={"file": ("bad.csv", bad, "text/csv")},
    )
    assert r.status_code == 422
    assert r.json()["errors"] == [
        {"line": 3, "column": "value", "reason": "'abc' is not a number"},
        {"line": 4, "column": "subgroup", "reason": "missing value"},
    ]
    r = client.post(
        f"{API}/lots/{lot.id}/measurements",
        headers=gz,
        json=[{"characteristic": "wall", "subgroup": 3, "value": "NaN"}],
    )
    assert r.status_code == 422
    r = client.post(
        f"{API}/inspection-plans",
        headers=gz,
        json={
            "product_id": str(w.products["gz1"].id),
            "name": "x",
            "characteristics": [{"name": "bore", "lsl": 12, "usl": 11}],
        },
    )
    assert r.status_code == 422 and "lsl (12) must be below usl (11)" in r.json()["detail"]
    assert count(sf, Measurement) == before


def test_station_image_review_and_certificate_over_http(ctx) -> None:  # type: ignore[no-untyped-def]
    """An AOI station posts by API key; a reviewer overrules (audited); the buyer downloads
    the certificate with the lot number and the Cpk, another firm gets 404."""
    client, w, lot, key, sf = ctx
    gz, hk = login(client, "gz1"), login(client, "hk1")
    station = {"X-API-Key": key}
    make_plan(client, gz, str(w.products["gz1"].id))
    r = client.get(f"{API}/lots/{lot.id}/certificate.pdf", headers=hk)
    # nothing inspected yet: no certificate (it said "Accepted" before)
    assert r.status_code == 409
    assert r.json()["detail"] == (
        f"lot {lot.number} lacks inspections its plan requires (diameter ×2, wall ×1); "
        "no certificate yet"
    )
    client.post(
        f"{API}/lots/{lot.id}/measurements",
        headers=station,
        json=[
            {"characteristic": "diameter", "subgroup": s, "value": v}
            for s, pair in ((1, (10, 12)), (2, (11, 13)), (3, (12, 12)))
            for v in pair
        ]
        + [{"characteristic": "wall", "subgroup": s, "value": 10.0} for s in (1, 2, 3)],
    )
    r = client.post(
        f"{API}/lots/{lot.id}/visual-inspections",
        headers=station,
        files={"image": ("part1.png", png(), "image/png")},
        data={"score": "0.82", "threshold": "0.5", "part_ref": "S/N 17"},
    )
    assert r.status_code == 201, r.text
    rec = r.json()
    assert (rec["verdict"], rec["source"], rec["station"]) == (
        "fail",
        "station",
        "api-key:AOI station 1",
    )
    for bad, message in ((b"", "empty"), (b"not an image", "not a PNG")):
        r = client.post(
            f"{API}/lots/{lot.id}/visual-inspections",
            headers=station,
            files={"image": ("x.png", bad, "image/png")},
            data={"verdict": "pass"},
        )
        assert r.status_code == 422 and message in r.json()["detail"]
    assert count(sf, VisualInspection) == 1
    img = client.get(f"{API}/visual-inspections/{rec['id']}/image", headers=hk)
    assert img.status_code == 200 and img.content == png()
    r = client.post(
        f"{API}/visual-inspections/{rec['id']}/reviews",
        headers=station,
        json={"decision": "overrule", "reason": "x"},
    )
    assert r.status_code == 403  # stations post; people review
    r = client.post(
        f"{API}/visual-inspections/{rec['id']}/reviews",
        headers=gz,
        json={"decision": "overrule", "verdict": "pass", "reason": "glare, part is clean"},
    )
    assert r.status_code == 201 and r.json()["verdict"] == "pass", r.text
    with sf() as s:
        event = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "visual_inspection.overruled")
        ).one()
        assert (event.actor_label, event.details["before"], event.details["after"]) == (
            "gz1@test.suigang",
            "fail",
            "pass",
        )
    vis = client.get(f"{API}/lots/{lot.id}/quality", headers=hk).json()["visual"]
    assert vis == {"inspected": 1, "passed": 1, "failed": 0, "overruled": 1, "pass_rate": 1.0}
    r = client.get(f"{API}/lots/{lot.id}/certificate.pdf", headers=hk)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    text = pdf_text(r.content)
    # Cpk = (35/3 − 9) / (3 · 2√π/3) = 0.752
    assert lot.number in text and "Cpk" in text and "0.752" in text
    for who in ("hk2", "gz2"):
        r = client.get(f"{API}/lots/{lot.id}/certificate.pdf", headers=login(client, who))
        assert r.status_code == 404 and not r.content.startswith(b"%PDF")


def test_alarm_disposition_over_http(ctx) -> None:  # type: ignore[no-untyped-def]
    """The factory records a disposition of an alarm (201, shown on the lot's quality); a
    station key and the buyer get 403, another factory 404, an empty reason 422."""
    client, w, lot, key, _ = ctx
    gz, hk = login(client, "gz1"), login(client, "hk1")
    make_plan(client, gz, str(w.products["gz1"].id))
    r = client.post(
        f"{API}/lots/{lot.id}/measurements",
        headers=gz,
        json=[
            {"characteristic": "wall", "subgroup": s, "value": v}
            for s, v in ((1, 10.0), (2, 10.0), (3, 10.0), (4, 10.0), (5, 10.0), (6, 10.0))
        ]
        + [{"characteristic": "wall", "subgroup": 7, "value": 10.5}],
    )
    assert r.status_code == 201, r.text
    alarm = r.json()["alarms"][0]
    path = f"{API}/quality-alarms/{alarm['id']}/dispositions"
    body = {"decision": "release", "reason": "fixture shimmed; 20 parts re-measured"}
    assert client.post(path, headers={"X-API-Key": key}, json=body).status_code == 403
    assert client.post(path, headers=hk, json=body).status_code == 403
    assert client.post(path, headers=login(client, "gz2"), json=body).status_code == 404
    r = client.post(path, headers=gz, json={"decision": "release", "reason": ""})
    assert r.status_code == 422
    r = client.post(path, headers=gz, json=body)
    assert r.status_code == 201, r.text
    assert (r.json()["decision"], r.json()["decided_by"]) == ("release", "gz1@test.suigang")
    alarms = client.get(f"{API}/lots/{lot.id}/quality", headers=hk).json()["alarms"]
    shown = {a["id"]: a["disposition"] for a in alarms}
    assert shown[alarm["id"]]["reason"] == "fixture shimmed; 20 parts re-measured"
