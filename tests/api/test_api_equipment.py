"""Machine states, OEE and live status over HTTP, for the owning factory only."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from suigang.api.app import API_PREFIX, create_app
from suigang.domains.equipment.models import CounterSample, MachineStateInterval
from tests.api.test_api_flow import login
from tests.world import build_world

T0 = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)


def at(minute: int) -> datetime:
    return T0 + timedelta(minutes=minute)


@pytest.fixture
def ctx(settings, session_factory):  # type: ignore[no-untyped-def]
    """gz1's first CNC on Sparkplug, with a 100-minute history: setup 10, run 60, down 30."""
    with session_factory() as s:
        world = build_world(s)
        m = world.machines["gz1"][0]
        m.sparkplug_group, m.sparkplug_node, m.sparkplug_device = "GZ1", "cell1", "CNC1"
        key = "GZ1/cell1/CNC1"
        s.add_all(
            [
                MachineStateInterval(
                    machine_key=key,
                    machine_id=m.id,
                    start=at(0),
                    end=at(10),
                    item_state="Executing",
                    operation_mode="Setup",
                ),
                MachineStateInterval(
                    machine_key=key,
                    machine_id=m.id,
                    start=at(10),
                    end=at(70),
                    item_state="Executing",
                    operation_mode="Processing",
                ),
                MachineStateInterval(
                    machine_key=key,
                    machine_id=m.id,
                    start=at(70),
                    end=None,
                    item_state="OutOfService",
                    operation_mode="None",
                ),
                CounterSample(
                    machine_key=key,
                    machine_id=m.id,
                    metric="Production/PartsProduced",
                    ts=at(0),
                    value=500,
                ),
                CounterSample(
                    machine_key=key,
                    machine_id=m.id,
                    metric="Production/PartsProduced",
                    ts=at(70),
                    value=560,
                ),
            ]
        )
        s.commit()
        machine_id = str(m.id)
    with TestClient(create_app(settings)) as client:
        yield client, machine_id


def test_states_and_oee_of_own_machine(ctx) -> None:  # type: ignore[no-untyped-def]
    """100 min window: APT 60, AUST 10, ADET 30 → availability 0.6; 60 parts at 60 s → E 1."""
    client, machine_id = ctx
    gz = login(client, "gz1m")
    q = {"start": at(0).isoformat(), "end": at(100).isoformat()}
    states = client.get(f"{API_PREFIX}/machines/{machine_id}/states", headers=gz, params=q)
    assert [(s["item_state"], s["operation_mode"]) for s in states.json()] == [
        ("Executing", "Setup"),
        ("Executing", "Processing"),
        ("OutOfService", "None"),
    ]
    r = client.get(f"{API_PREFIX}/machines/{machine_id}/oee", headers=gz, params={**q, "pru_s": 60})
    assert r.status_code == 200, r.text
    (period,) = r.json()
    oee = period["oee"]
    assert (oee["pbt"], oee["apt"], oee["aust"], oee["adet"]) == (6000, 3600, 600, 1800)
    assert (oee["availability"], oee["effectiveness"], oee["produced"]) == (0.6, 1.0, 60)


def test_other_firms_never_see_the_machine(ctx) -> None:  # type: ignore[no-untyped-def]
    """Another factory, a front shop and the zone office get 404 for states and OEE."""
    client, machine_id = ctx
    q = {"start": at(0).isoformat(), "end": at(100).isoformat()}
    for who in ("gz2", "hk1", "zone"):
        h = login(client, who)
        for what in ("states", "oee"):
            r = client.get(f"{API_PREFIX}/machines/{machine_id}/{what}", headers=h, params=q)
            assert r.status_code == 404, (who, what)


def test_live_status_streams_own_machines_only(ctx) -> None:  # type: ignore[no-untyped-def]
    """The first events are the current state of each of gz1's two machines."""
    client, machine_id = ctx
    gz = login(client, "gz1")
    with client.stream(
        "GET", f"{API_PREFIX}/telemetry/live", headers=gz, params={"max_events": 2}
    ) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        data = [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: ")]
    by_id = {d["machine_id"]: d for d in data}
    assert by_id[machine_id]["item_state"] == "OutOfService"
    assert {d["code"] for d in data} == {"gz1-CNC1", "gz1-CNC2"}


@pytest.mark.services
def test_worked_example_published_as_sparkplug_then_read_by_the_api(
    settings, session_factory, mqtt_broker
) -> None:  # type: ignore[no-untyped-def]
    """The issue's worked check end to end: the history published to Mosquitto with metric
    timestamps (a day ago) for gz1's registered CNC, ingested, then GET .../oee with PRU 30 s
    and the 30 planned minutes gives A 0.800, E 0.889, QR 0.950, OEE 0.6756, NEE 0.7319."""
    import uuid

    from tests.telemetry.test_worked_example_sparkplug import ingest_worked_example

    group = f"t{uuid.uuid4().hex[:10]}"
    with session_factory() as s:
        m = build_world(s).machines["gz1"][0]
        m.sparkplug_group, m.sparkplug_node, m.sparkplug_device = group, "edge", "press"
        s.commit()
        machine_id = str(m.id)
    t0 = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(days=1)
    at_ = lambda minute: t0 + timedelta(minutes=minute)  # noqa: E731
    ingest_worked_example(*mqtt_broker, group, session_factory, t0)
    with TestClient(create_app(settings)) as client:
        gz = login(client, "gz1")
        params = {
            "start": at_(0).isoformat(),
            "end": at_(480).isoformat(),
            "pru_s": 30,
            "planned_down": f"{at_(240).isoformat()}/{at_(270).isoformat()}",
        }
        r = client.get(f"{API_PREFIX}/machines/{machine_id}/oee", headers=gz, params=params)
        assert r.status_code == 200, r.text
        (period,) = r.json()
        oee = period["oee"]
        assert (oee["pot"], oee["pdot"], oee["apt"], oee["aust"], oee["adet"], oee["adot"]) == (
            28800,
            1800,
            21600,
            1800,
            2400,
            1200,
        )
        assert (
            round(oee["availability"], 3),
            round(oee["effectiveness"], 3),
            round(oee["quality_ratio"], 3),
            round(oee["oee"], 4),
            round(oee["nee"], 4),
            round(oee["setup_rate"], 4),
            round(oee["technical_efficiency"], 3),
        ) == (0.8, 0.889, 0.95, 0.6756, 0.7319, 0.0769, 0.9)
        bad = client.get(
            f"{API_PREFIX}/machines/{machine_id}/oee",
            headers=gz,
            params={**params, "planned_down": "yesterday"},
        )
        assert bad.status_code == 422
        assert "planned_down 'yesterday' is not an ISO 8601 interval" in bad.text
