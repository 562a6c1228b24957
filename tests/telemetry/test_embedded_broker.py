"""The embedded amqtt broker: simulator → broker → ingest, all in one process, on SQLite."""

from __future__ import annotations

import asyncio
import socket
import uuid

import pytest

from suigang.config import Settings
from suigang.db import make_engine, make_session_factory
from suigang.domains.equipment.service import current_states
from suigang.domains.registry import load_all_models
from suigang.telemetry.broker import start_embedded_broker
from suigang.telemetry.ingest import IngestConfig, SparkplugIngest
from suigang.telemetry.mqtt import configured_broker_url
from suigang.telemetry.publisher import run_simulation


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_demo_pipeline_on_the_embedded_broker(tmp_path) -> None:
    """3 simulated machines published for 3 s reach the database; a clean stop → NotAvailable."""
    settings = Settings(embedded_mqtt_port=free_port(), data_dir=tmp_path)
    engine = make_engine(settings)
    load_all_models().create_all(engine)
    sessions = make_session_factory(engine)
    url = configured_broker_url(settings)
    group = f"demo{uuid.uuid4().hex[:6]}"
    seen: list[set[str]] = []

    async def scenario() -> None:
        broker = await start_embedded_broker(settings)
        ingest = SparkplugIngest(
            IngestConfig(url, client_id=f"ingest-{group}", topics=(f"spBv1.0/{group}/#",)),
            sessions,
        )
        try:
            await asyncio.to_thread(ingest.start)
            assert ingest.connected, "ingest did not subscribe on the embedded broker"
            await asyncio.to_thread(
                run_simulation,
                url,
                machines=3,
                rate_hz=2.0,
                seed=1,
                duration_s=3.0,
                speedup=60,
                group=group,
            )
            await asyncio.sleep(1.0)
            with pytest.raises(OSError, match="already in use"):
                await start_embedded_broker(settings)
        finally:
            await asyncio.to_thread(ingest.stop)
            await broker.stop()
        with sessions() as s:
            seen.append({r.item_state for r in current_states(s)})

    asyncio.run(scenario())
    with sessions() as s:
        states = current_states(s)
    assert sorted(r.machine_key.rsplit("/", 1)[1] for r in states) == ["m0001", "m0002", "m0003"]
    # The simulator's clean shutdown publishes NDEATH: every machine is NotAvailable.
    assert seen == [{"NotAvailable"}]
    engine.dispose()
