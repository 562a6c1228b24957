"""Live machines for the demo: embedded broker + Sparkplug ingest + simulated cells, in-process.

``handle = await start_demo_telemetry(settings, session_factory)`` starts all three (the
simulator in a thread); ``await handle.stop()`` stops them in reverse order.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from suigang.config import Settings
from suigang.telemetry.broker import EmbeddedBroker, start_embedded_broker
from suigang.telemetry.ingest import IngestConfig, SparkplugIngest
from suigang.telemetry.mqtt import configured_broker_url
from suigang.telemetry.publisher import run_simulation

log = logging.getLogger(__name__)


@dataclass
class DemoTelemetry:
    """What :func:`start_demo_telemetry` started."""

    broker: EmbeddedBroker | None
    ingest: SparkplugIngest
    simulator: threading.Thread
    _stop: threading.Event

    async def stop(self) -> None:
        self._stop.set()
        await asyncio.to_thread(self.simulator.join, 10)
        await asyncio.to_thread(self.ingest.stop)
        if self.broker is not None:
            await self.broker.stop()


async def start_demo_telemetry(
    settings: Settings,
    session_factory: sessionmaker[Session],
    *,
    machines: int = 12,
    rate_hz: float = 1.0,
    speedup: float = 60.0,
    seed: int = 1,
    group: str = "suigang-demo",
) -> DemoTelemetry:
    """Start the embedded broker (unless ``settings.mqtt_url`` names one), ingest, simulator.

    ``speedup`` 60 makes one real second a simulated minute, so states change visibly.
    """
    broker = None if settings.mqtt_url else await start_embedded_broker(settings)
    url = configured_broker_url(settings)
    ingest = SparkplugIngest(
        IngestConfig(
            url,
            client_id=f"suigang-demo-ingest-{settings.embedded_mqtt_port}",
            topics=(f"spBv1.0/{group}/#",),
        ),
        session_factory,
    )
    await asyncio.to_thread(ingest.start)
    stop = threading.Event()

    def simulate() -> None:
        try:
            run_simulation(
                url,
                machines=machines,
                rate_hz=rate_hz,
                seed=seed,
                speedup=speedup,
                group=group,
                stop=stop,
            )
        except Exception:
            log.exception("demo simulator stopped")

    thread = threading.Thread(target=simulate, name="demo-simulator", daemon=True)
    thread.start()
    return DemoTelemetry(broker, ingest, thread, stop)
