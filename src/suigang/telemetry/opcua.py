"""OPC UA: a simulated machine server and a client that feeds the same storage pipeline.

Address space (namespace ``urn:suigang:machines``): one object per machine under Objects,
with the variables ``ItemState`` and ``OperationMode`` (String, the values of OPC 40001-1
MachineryItemState / MachineryOperationMode), ``PartsProduced``, ``PartsScrap``,
``PartsRework`` (UInt64, cumulative) and process values (``SpindleLoad``, ``Temperature``,
Double). The client subscribes to them and turns each data change into the same readings the
Sparkplug ingest produces, dated by the value's source timestamp.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from asyncua import Client, Server, ua
from sqlalchemy.orm import Session, sessionmaker

from suigang.db import utcnow
from suigang.domains.equipment.readings import (
    ITEM_STATE,
    ITEM_STATES,
    OPERATION_MODE,
    OPERATION_MODES,
    PARTS_PRODUCED,
    PARTS_REWORK,
    PARTS_SCRAP,
    CounterReading,
    ProcessReading,
    Reading,
    StateReading,
    reading_problem,
)
from suigang.domains.equipment.service import TelemetryWriter, record_batch
from suigang.telemetry.simulator import SPINDLE_LOAD, TEMPERATURE, MachineModel

log = logging.getLogger(__name__)

NAMESPACE_URI = "urn:suigang:machines"
#: OPC UA browse name → (device-profile metric name, variant type).
VARIABLES: dict[str, tuple[str, ua.VariantType]] = {
    "ItemState": (ITEM_STATE, ua.VariantType.String),
    "OperationMode": (OPERATION_MODE, ua.VariantType.String),
    "PartsProduced": (PARTS_PRODUCED, ua.VariantType.UInt64),
    "PartsScrap": (PARTS_SCRAP, ua.VariantType.UInt64),
    "PartsRework": (PARTS_REWORK, ua.VariantType.UInt64),
    "SpindleLoad": (SPINDLE_LOAD, ua.VariantType.Double),
    "Temperature": (TEMPERATURE, ua.VariantType.Double),
}


def _aware(ts: datetime | None) -> datetime:
    if ts is None:
        return utcnow()
    return ts if ts.tzinfo is not None else ts.replace(tzinfo=UTC)


@dataclass
class SimulatedOpcUaMachines:
    """An OPC UA server exposing simulated machines; ``step`` advances and publishes them."""

    endpoint: str
    machines: dict[str, MachineModel]
    _server: Server = field(init=False)
    _nodes: dict[tuple[str, str], Any] = field(default_factory=dict)

    async def start(self, *, now: datetime | None = None) -> None:
        """Build the address space with the machines' current values (dated ``now``)."""
        self._server = Server()
        await self._server.init()
        self._server.set_endpoint(self.endpoint)
        self._server.set_server_name("Suigang simulated machines")
        self._server.set_security_policy([ua.SecurityPolicyType.NoSecurity])
        ns = await self._server.register_namespace(NAMESPACE_URI)
        objects = self._server.nodes.objects
        now = now or utcnow()
        for name, model in sorted(self.machines.items()):
            obj = await objects.add_object(ns, name)
            values = model.values()
            for browse, (metric, vtype) in VARIABLES.items():
                node = await obj.add_variable(ns, browse, ua.Variant(values[metric], vtype))
                self._nodes[(name, browse)] = node
                await self._write(node, values[metric], vtype, now)
        await self._server.start()

    async def _write(self, node: Any, value: Any, vtype: ua.VariantType, ts: datetime) -> None:
        await node.write_value(
            ua.DataValue(ua.Variant(value, vtype), SourceTimestamp=ts, ServerTimestamp=ts)
        )

    async def step(self, dt: float, *, now: datetime | None = None) -> None:
        """Advance every machine by ``dt`` simulated seconds and publish changed values."""
        ts = now or utcnow()
        for name, model in sorted(self.machines.items()):
            before = model.values()
            model.step(dt)
            after = model.values()
            for browse, (metric, vtype) in VARIABLES.items():
                if after[metric] != before[metric]:
                    await self._write(self._nodes[(name, browse)], after[metric], vtype, ts)

    async def stop(self) -> None:
        await self._server.stop()


class _Handler:
    def __init__(self, client: OpcUaMachineClient) -> None:
        self.client = client

    def datachange_notification(self, node: Any, val: Any, data: Any) -> None:
        self.client._on_change(node, val, data)

    def status_change_notification(self, status: Any) -> None:
        log.warning("OPC UA subscription status %s on %s", status, self.client.endpoint)


@dataclass
class OpcUaMachineClient:
    """Subscribes to machines on one OPC UA server and hands readings to ``sink``.

    ``machines`` maps a machine key (as stored) to the machine's object browse name.
    Values outside the device profile (unknown state names, negative counters) are counted in
    ``stats`` and logged, never raised.
    """

    endpoint: str
    machines: dict[str, str]
    sink: Callable[[list[Reading]], None]
    publishing_interval_ms: float = 100.0
    reconnect_max_delay_s: float = 5.0
    stats: dict[str, int] = field(default_factory=dict)
    _client: Client | None = None
    _lost_at: datetime | None = None
    _by_node: dict[Any, tuple[str, str]] = field(default_factory=dict)
    _state: dict[str, list[str]] = field(default_factory=dict)

    async def start(self) -> None:
        """Connect and subscribe; asyncua reconnects and re-subscribes after a loss."""
        self._client = Client(
            self.endpoint,
            watchdog_intervall=1.0,
            auto_reconnect=True,
            reconnect_max_delay=self.reconnect_max_delay_s,
        )
        self._client.connection_lost_callback = self._connection_lost
        await self._client.connect()
        ns = await self._client.get_namespace_index(NAMESPACE_URI)
        objects = self._client.nodes.objects
        nodes = []
        for key, browse in self.machines.items():
            for var, (metric, _vtype) in VARIABLES.items():
                node = await objects.get_child([f"{ns}:{browse}", f"{ns}:{var}"])
                self._by_node[node.nodeid] = (key, metric)
                nodes.append(node)
        sub = await self._client.create_subscription(self.publishing_interval_ms, _Handler(self))
        await sub.subscribe_data_change(nodes)

    @property
    def connected(self) -> bool:
        """True while the session with the server is up."""
        from asyncua.client.ua_client import UaClientState

        return self._client is not None and self._client.uaclient.state is UaClientState.CONNECTED

    async def stop(self) -> None:
        if self._client is not None:
            await self._client.disconnect()

    async def _connection_lost(self, exc: Exception) -> None:
        """The server is gone: its machines are NotAvailable until values arrive again."""
        self._lost_at = utcnow()
        self._count("connection_lost", repr(exc))
        readings: list[Reading] = []
        for key in self.machines:
            state = self._state.setdefault(key, ["NotAvailable", "None"])
            state[0] = "NotAvailable"
            readings.append(StateReading(key, self._lost_at, state[0], state[1]))
        self.sink(readings)

    def _count(self, kind: str, detail: str) -> None:
        self.stats[kind] = self.stats.get(kind, 0) + 1
        log.warning("OPC UA %s from %s: %s", kind.replace("_", " "), self.endpoint, detail)

    def _on_change(self, node: Any, value: Any, data: Any) -> None:
        key, metric = self._by_node[node.nodeid]
        ts = _aware(data.monitored_item.Value.SourceTimestamp)
        readings: list[Reading] = []
        if metric in (ITEM_STATE, OPERATION_MODE):
            allowed = ITEM_STATES if metric == ITEM_STATE else OPERATION_MODES
            if value not in allowed:
                self._count("wrong_type", f"{key} {metric} = {value!r}")
                return
            state = self._state.setdefault(key, ["NotAvailable", "None"])
            state[0 if metric == ITEM_STATE else 1] = str(value)
            if self._lost_at is not None and ts < self._lost_at:
                # A value re-sent after reconnecting holds from now on, not from its old
                # source time, which would tuck it in before the outage.
                ts = self._lost_at
            readings.append(StateReading(key, ts, state[0], state[1]))
        elif metric in (PARTS_PRODUCED, PARTS_SCRAP, PARTS_REWORK):
            if not isinstance(value, int) or value < 0:
                self._count("wrong_type", f"{key} {metric} = {value!r}")
                return
            readings.append(CounterReading(key, metric, ts, int(value)))
        elif isinstance(value, int | float):
            readings.append(ProcessReading(key, metric, ts, float(value)))
        for reading in readings:
            problem = reading_problem(reading)
            if problem is not None:  # would fail the whole batch it is stored with
                self._count("unfit", f"{key} {metric}: {problem}")
                return
        self.stats["values"] = self.stats.get("values", 0) + 1
        self.sink(readings)


@dataclass
class OpcUaIngest:
    """An OPC UA client whose readings are stored in batches through ``record_batch``."""

    endpoint: str
    machines: dict[str, str]
    session_factory: sessionmaker[Session]
    writer: TelemetryWriter = field(default_factory=TelemetryWriter)
    flush_interval_s: float = 0.2
    _pending: list[Reading] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None
    client: OpcUaMachineClient = field(init=False)

    def __post_init__(self) -> None:
        self.client = OpcUaMachineClient(self.endpoint, self.machines, self._pending.extend)

    async def start(self) -> None:
        await self.client.start()
        self._task = asyncio.create_task(self._flush_loop())

    async def flush(self) -> None:
        """Store what has arrived."""
        batch, self._pending[:] = list(self._pending), []
        if batch:
            await asyncio.to_thread(self._store, batch)

    def _store(self, batch: Sequence[Reading]) -> None:
        with self.session_factory() as session:
            record_batch(
                session, writer=self.writer, readings=batch, stats={"opcua_values": len(batch)}
            )

    async def _flush_loop(self) -> None:
        while True:
            await asyncio.sleep(self.flush_interval_s)
            try:
                await self.flush()
            except Exception:
                log.exception("storing OPC UA readings from %s failed", self.endpoint)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
        await self.client.stop()
        await self.flush()
