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
