"""Catalogue over HTTP: machines, spreadsheets, tenancy."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from suigang.api.app import API_PREFIX, create_app
from suigang.domains.catalog.models import Machine
from tests.api.test_api_flow import login
from tests.world import build_world


@pytest.fixture
def ctx(settings, session_factory):  # type: ignore[no-untyped-def]
    with session_factory() as s:
        world = build_world(s)
    with TestClient(create_app(settings)) as client:
        yield client, world, session_factory


def machines_in_db(sf) -> int:  # type: ignore[no-untyped-def]
    with sf() as s:
        return s.scalar(select(func.count()).select_from(Machine)) or 0


def test_machine_lifecycle_and_tenancy(ctx) -> None:  # type: ignore[no-untyped-def]
    """A factory admin adds a machine; its own users read it; others get 404."""
    client, _, _ = ctx
    gz = login(client, "gz1")
    r = client.post(
        f"{API_PREFIX}/machines",
        headers=gz,
        json={
            "code": "ROB-7",
            "name": "Welding robot cell",
            "kind": "robot_cell",
            "sparkplug_group": "gz1",
            "sparkplug_node": "line2",
            "sparkplug_device": "ROB-7",
        },
    )
    assert r.status_code == 201, r.text
    m = r.json()
    # the world's two CNCs plus the new robot
    assert client.get(f"{API_PREFIX}/machines", headers=login(client, "gz1m")).json()["total"] == 3
    for who in ("gz2", "hk1", "zone"):
        assert (
            client.get(f"{API_PREFIX}/machines/{m['id']}", headers=login(client, who)).status_code
            == 404
        )
    r = client.post(
        f"{API_PREFIX}/machines/{m['id']}/status",
        headers=gz,
        json={"status": "out_of_service", "reason": "servo alarm"},
    )
    assert (r.status_code, r.json()["status"]) == (200, "out_of_service")


def test_bad_spreadsheet_rows_reject_the_file_and_store_nothing(ctx) -> None:  # type: ignore[no-untyped-def]
    """Two bad rows: 422 lists both with their line numbers; no machine is added."""
    client, _, sf = ctx
    gz = login(client, "gz1")
    before = machines_in_db(sf)
    csv = (
        b"code,name,kind\n"
        b"AOI-1,AOI station,aoi_station\n"
        b"AOI-2,AOI station,teleporter\n"
        b",Nameless,cmm_station\n"
    )
    r = client.post(
        f"{API_PREFIX}/machines/import",
        headers=gz,
        files={"file": ("machines.csv", csv, "text/csv")},
    )
    assert r.status_code == 422, r.text
    assert [e["line"] for e in r.json()["errors"]] == [3, 4]
    assert machines_in_db(sf) == before


def test_export_then_import_round_trips(ctx) -> None:  # type: ignore[no-untyped-def]
    """Exporting and importing the same file changes nothing."""
    client, _, _ = ctx
    gz = login(client, "gz1")
    body = client.get(f"{API_PREFIX}/machines/export?format=xlsx", headers=gz).content
    r = client.post(
        f"{API_PREFIX}/machines/import", headers=gz, files={"file": ("machines.xlsx", body)}
    )
    assert r.status_code == 200, r.text
    assert r.json() == {"created": 0, "updated": 0, "unchanged": 2}
