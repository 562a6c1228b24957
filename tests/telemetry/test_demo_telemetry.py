"""The demo's live machines: embedded broker, ingest and simulator started in one call."""

from __future__ import annotations

import asyncio
import socket

from suigang.config import Settings
from suigang.db import make_engine, make_session_factory
from suigang.domains.equipment.service import current_states, ingest_stats
from suigang.domains.registry import load_all_models
from suigang.telemetry.demo import start_demo_telemetry


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_demo_machines_appear_live_and_stop_cleanly(tmp_path) -> None:
    """After 3 s the 4 demo machines have a live state; stopping leaves them NotAvailable."""
    settings = Settings(embedded_mqtt_port=free_port(), data_dir=tmp_path)
    engine = make_engine(settings)
    load_all_models().create_all(engine)
    sessions = make_session_factory(engine)
    live: list[set[str]] = []

    async def scenario() -> None:
        handle = await start_demo_telemetry(settings, sessions, machines=4, rate_hz=4.0)
        try:
            await asyncio.sleep(3.0)
            with sessions() as s:
                live.append({r.machine_key for r in current_states(s)})
        finally:
            await handle.stop()

    asyncio.run(scenario())
    assert live == [{f"suigang-demo/cell-01/m000{i}" for i in range(1, 5)}]
    with sessions() as s:
        assert {r.item_state for r in current_states(s)} == {"NotAvailable"}
        assert ingest_stats(s)["births"] == 5  # one NBIRTH, four DBIRTH
    engine.dispose()
