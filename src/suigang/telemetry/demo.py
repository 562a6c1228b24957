"""Live machines for the demo: embedded broker + Sparkplug ingest + simulated cells, in-process.

``handle = await start_demo_telemetry(settings, session_factory)`` starts all three (the
simulator in a thread); ``await handle.stop()`` stops them in reverse order. Given
``machines=registered_machines(session, group=...)`` it simulates the registry's own machines
at their Sparkplug addresses (so their live states reach the board), each with the planned
cycle of its routing; given a number it invents ``cell-01/m0001``.. machines.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from suigang.config import Settings
from suigang.db import utcnow
from suigang.domains.catalog.service import planned_unit_times
from suigang.domains.equipment.addresses import emit_out_of_service
from suigang.domains.equipment.readings import Reading
from suigang.domains.equipment.service import TelemetryWriter, current_states, record_batch
from suigang.telemetry.broker import EmbeddedBroker, start_embedded_broker
from suigang.telemetry.ingest import IngestConfig, SparkplugIngest
from suigang.telemetry.mqtt import configured_broker_url
from suigang.telemetry.processor import SparkplugProcessor
from suigang.telemetry.publisher import run_simulation
from suigang.telemetry.simulator import build_nodes_for

log = logging.getLogger(__name__)

#: Live demo machines break down once in this many real seconds on average, whatever the
#: speedup (see :func:`start_demo_telemetry`).
DEMO_MTBF_REAL_S = 3600.0


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


def registered_machines(session: Session, *, group: str) -> dict[str, float | None]:
    """Sparkplug addresses of the registry's machines in ``group``, each with its planned
    cycle in seconds (the catalogue's planned run time per unit; None when no routing step
    names the machine)."""
    found = planned_unit_times(session, sparkplug_group=group)
    cycles = {p.sparkplug_address: p.pru_s for p in found if p.sparkplug_address is not None}
    return dict(sorted(cycles.items()))  # by address: the simulator's seeded order


def backfill_history(
    session_factory: sessionmaker[Session],
    machines: Mapping[str, float | None],
    *,
    hours: float,
    seed: int,
    now: datetime | None = None,
    step_s: float = 60.0,
    batch: int = 2000,
    stop: threading.Event | None = None,
) -> int:
    """Store ``hours`` of simulated history before ``now`` for machines with no state yet.

    The messages of :func:`~suigang.telemetry.simulator.build_nodes_for` on a virtual clock
    (real time, each machine at its planned cycle) go through the same Sparkplug host logic
    and writer as the live ingest, dated by their metric timestamps. Returns the number of
    messages stored; 0 when any of the machines already has a state (a restart). Setting
    ``stop`` ends it after the current batch.

    History is not news: the breakdowns it holds that are over by ``now`` are stored as
    states (the OEE pages count them) but announce nothing, and a machine still down at
    ``now`` is announced once, at the end (``machine.out_of_service``, for planning). A demo
    thus starts from its settled plan; announced batch by batch while the server delivered
    events, each past breakdown repaired the plan as if it had just happened.
    """
    with session_factory() as session:
        if current_states(session, machine_keys=list(machines)):
            return 0
    end = now or utcnow()
    start = end - timedelta(hours=hours)
    nodes = build_nodes_for(
        list(machines), seed=seed, cycle_s={a: c for a, c in machines.items() if c is not None}
    )
    processor = SparkplugProcessor()
    down: dict[str, tuple[uuid.UUID | None, datetime]] = {}  # still down, since when

    def went_down(_: Session, key: str, machine_id: uuid.UUID | None, since: datetime) -> None:
        down[key] = (machine_id, since)

    def came_back(_: Session, key: str, machine_id: uuid.UUID | None, since: datetime) -> None:
        down.pop(key, None)

    writer = TelemetryWriter(on_out_of_service=went_down, on_back_in_service=came_back)

    def messages() -> Iterator[tuple[str, bytes, datetime]]:
        for node in nodes:
            for topic, payload in node.births(start):
                yield topic, payload, start
        for k in range(1, int(hours * 3600 / step_s) + 1):
            at = start + timedelta(seconds=k * step_s)
            for node in nodes:
                for topic, payload in node.step(at, step_s):
                    yield topic, payload, at

    stored = 0
    pending: list[Reading] = []

    def flush() -> None:
        with session_factory() as session:
            record_batch(session, writer=writer, readings=pending)
        pending.clear()

    for count, (topic, payload, at) in enumerate(messages(), start=1):
        pending.extend(processor.handle(topic, payload, at).readings)
        stored += 1
        if count % batch == 0:
            flush()
            if stop is not None and stop.is_set():
                return stored
    flush()
    with session_factory() as session:
        for key, (machine_id, since) in sorted(down.items()):
            emit_out_of_service(session, key, machine_id, since)
        session.commit()
    return stored


async def start_demo_telemetry(
    settings: Settings,
    session_factory: sessionmaker[Session],
    *,
    machines: int | Mapping[str, float | None] = 12,
    rate_hz: float = 1.0,
    speedup: float = 60.0,
    seed: int = 1,
    group: str = "suigang-demo",
    history_hours: float = 0.0,
) -> DemoTelemetry:
    """Start the embedded broker (unless ``settings.mqtt_url`` names one), ingest, simulator.

    ``machines`` is a count of invented machines in ``group``, or the addresses to simulate
    with their planned cycles (see :func:`registered_machines`). ``speedup`` 60 makes one
    real second a simulated minute, so states change visibly; registered machines keep
    their planned cycle in real time (parts come at the routing's pace). Breakdowns, too,
    come at a real-time pace (:data:`DEMO_MTBF_REAL_S`). With
    ``history_hours``, registered machines without any state first get that much history
    (:func:`backfill_history`) before they go live.
    """
    if isinstance(machines, Mapping):
        if not machines:
            raise ValueError("no machine to simulate: the mapping of addresses is empty")
        groups = sorted({address.split("/")[0] for address in machines})
    else:
        groups = [group]
    broker = None if settings.mqtt_url else await start_embedded_broker(settings)
    url = configured_broker_url(settings)
    ingest = SparkplugIngest(
        IngestConfig(
            url,
            client_id=f"suigang-demo-ingest-{settings.embedded_mqtt_port}",
            topics=tuple(f"spBv1.0/{g}/#" for g in groups),
        ),
        session_factory,
    )
    await asyncio.to_thread(ingest.start)
    stop = threading.Event()

    def simulate() -> None:
        try:
            if isinstance(machines, Mapping) and history_hours > 0:
                stored = backfill_history(
                    session_factory, machines, hours=history_hours, seed=seed, stop=stop
                )
                if stop.is_set():
                    return
                log.info("demo history: %d messages over %s h stored", stored, history_hours)
            registered = machines if isinstance(machines, Mapping) else None
            run_simulation(
                url,
                machines=0 if registered is not None else int(machines),
                addresses=None if registered is None else list(registered),
                cycle_s=None
                if registered is None
                # a planned cycle in real seconds: the OEE of the live data stays plausible
                # while states (setups, stops, breakdowns) pass ``speedup`` times faster
                else {a: c * speedup for a, c in registered.items() if c is not None},
                # breakdowns at a real-time pace as well: each one repairs the released
                # plan, and 60 times faster the factory's 29 machines would break down
                # every 20 s or so between them, burying the planner in plan versions
                mtbf_s=DEMO_MTBF_REAL_S * speedup,
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
