"""OPC UA: the simulated machine server and the subscribing client, on localhost."""

from __future__ import annotations

import asyncio
import random
import socket
from datetime import UTC, datetime, timedelta

import pytest

from suigang.config import Settings
from suigang.db import make_engine, make_session_factory
from suigang.domains.equipment.service import counter_increments, machine_states
from suigang.domains.registry import load_all_models
from suigang.telemetry.opcua import OpcUaIngest, SimulatedOpcUaMachines
from suigang.telemetry.simulator import MachineModel

P = "Production/PartsProduced"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_opcua_client_stores_what_the_server_publishes(tmp_path) -> None:
    """Every state change and every part the server's machine makes is stored, dated by it."""
    engine = make_engine(Settings(), url=f"sqlite:///{tmp_path / 'opcua.db'}")
    load_all_models().create_all(engine)
    sessions = make_session_factory(engine)
    endpoint = f"opc.tcp://127.0.0.1:{free_port()}/suigang/"
    model = MachineModel(rng=random.Random(2), cycle_s=20.0, mtbf_s=1800.0)
    t0 = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    published_states = []
    start_count = model.produced

    async def scenario() -> None:
        server = SimulatedOpcUaMachines(endpoint, {"press-1": model})
        await server.start(now=t0)
        ingest = OpcUaIngest(endpoint, {"opcua/press-1": "press-1"}, sessions)
        try:
            await ingest.start()
            await asyncio.sleep(0.5)
            published_states.append((model.item_state, model.operation_mode))
            for k in range(1, 61):
                await server.step(120.0, now=t0 + timedelta(minutes=k))
                pair = (model.item_state, model.operation_mode)
                if pair != published_states[-1]:
                    published_states.append(pair)
                await asyncio.sleep(0.12)  # more than the publishing interval: no change merged
            await asyncio.sleep(0.5)
        finally:
            await ingest.stop()
            await server.stop()

    asyncio.run(scenario())
    lo, hi = datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
    with sessions() as s:
        produced = counter_increments(s, machine_id="opcua/press-1", metric=P, start=lo, end=hi)
        states = machine_states(s, machine_id="opcua/press-1", start=lo, end=hi)
    assert sum(d for _, d in produced) == model.produced - start_count > 0
    assert all(t0 < ts <= t0 + timedelta(minutes=60) for ts, _ in produced)
    stored = [(r.item_state, r.operation_mode) for r in states]
    assert stored[-len(published_states) + 1 :] == published_states[1:]


@pytest.mark.slow
def test_server_restart_marks_not_available_then_resumes_with_exact_counts(tmp_path) -> None:
    """Server gone → NotAvailable; server back on the same endpoint → data resumes, no part lost."""
    from suigang.domains.equipment.service import current_states

    engine = make_engine(Settings(), url=f"sqlite:///{tmp_path / 'opcua2.db'}")
    load_all_models().create_all(engine)
    sessions = make_session_factory(engine)
    endpoint = f"opc.tcp://127.0.0.1:{free_port()}/suigang/"
    model = MachineModel(rng=random.Random(5), cycle_s=20.0, mtbf_s=10 * 3600.0)
    t0 = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    during_outage: list[str] = []

    async def scenario() -> None:
        server = SimulatedOpcUaMachines(endpoint, {"lathe": model})
        await server.start(now=t0)
        ingest = OpcUaIngest(endpoint, {"opcua/lathe": "lathe"}, sessions)
        try:
            await ingest.start()
            for k in range(1, 11):
                await server.step(120.0, now=t0 + timedelta(minutes=k))
                await asyncio.sleep(0.12)
            await server.stop()
            for _ in range(100):
                if ingest.client.stats.get("connection_lost"):
                    break
                await asyncio.sleep(0.1)
            await ingest.flush()
            with sessions() as s:
                during_outage.extend(
                    r.item_state for r in current_states(s, machine_keys=["opcua/lathe"])
                )
            server = SimulatedOpcUaMachines(endpoint, {"lathe": model})
            await server.start(now=t0 + timedelta(minutes=11))
            for _ in range(100):  # wait for the client to reconnect and re-subscribe
                if (
                    ingest.client.stats.get("values", 0) > 0
                    and ingest.client._client.uaclient.state.value == "connected"
                ):
                    break
                await asyncio.sleep(0.1)
            await asyncio.sleep(1.5)
            for k in range(12, 22):
                await server.step(120.0, now=t0 + timedelta(minutes=k))
                await asyncio.sleep(0.12)
            await asyncio.sleep(0.5)
        finally:
            await ingest.stop()
            await server.stop()

    asyncio.run(scenario())
    lo, hi = datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
    with sessions() as s:
        produced = counter_increments(s, machine_id="opcua/lathe", metric=P, start=lo, end=hi)
        now_state = [r.item_state for r in current_states(s, machine_keys=["opcua/lathe"])]
    assert during_outage == ["NotAvailable"]
    assert sum(d for _, d in produced) == model.produced > 0
    assert now_state == [model.item_state]
