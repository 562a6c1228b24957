"""Publish simulated edge nodes to an MQTT broker in real time (one MQTT client per node)."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import paho.mqtt.client as mqtt

from suigang.db import utcnow
from suigang.telemetry import sparkplug_b_pb2 as pb
from suigang.telemetry.mqtt import BrokerAddress, connect, make_client, parse_broker_url
from suigang.telemetry.simulator import EdgeNode, MachineModel, build_nodes, build_nodes_for
from suigang.telemetry.sparkplug import REBIRTH_METRIC, MessageType

log = logging.getLogger(__name__)


@dataclass
class NodePublisher:
    """One edge node's MQTT connection: will = NDEATH, births on connect and on Rebirth."""

    node: EdgeNode
    address: BrokerAddress
    qos: int = 1
    rebirths: int = 0
    _client: mqtt.Client = field(init=False)
    _rebirth: threading.Event = field(default_factory=threading.Event)
    _ready: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        cid = f"sim-{self.node.group}-{self.node.node}-{uuid.uuid4().hex[:6]}"
        self._client = make_client(cid, v5=self.address.v5)
        topic, payload = self.node.death()
        self._client.will_set(topic, payload, qos=1)
        self._client.on_connect = self._on_connect
        self._client.on_message = self._on_message

    def _on_connect(self, client: mqtt.Client, *_args: object) -> None:
        client.subscribe(self.node.topic(MessageType.NCMD), qos=0)
        self._rebirth.set()
        self._ready.set()

    def _on_message(self, _c: mqtt.Client, _u: object, message: mqtt.MQTTMessage) -> None:
        try:
            payload = pb.Payload.FromString(message.payload)
        except Exception:
            return
        if any(m.name == REBIRTH_METRIC and m.boolean_value for m in payload.metrics):
            self.rebirths += 1
            self._rebirth.set()

    def connect(self) -> None:
        connect(self._client, self.address)
        self._client.loop_start()

    def wait_ready(self, timeout: float) -> bool:
        return self._ready.wait(timeout)

    def tick(self, dt: float) -> int:
        """Publish births if due, then one DDATA per device; returns messages sent."""
        now = utcnow()
        messages = []
        if self._rebirth.is_set():
            self._rebirth.clear()
            messages.extend(self.node.births(now))
        messages.extend(self.node.step(now, dt))
        for topic, payload in messages:
            self._client.publish(topic, payload, qos=self.qos)
        return len(messages)

    def close(self, *, clean: bool = True) -> None:
        if clean:
            topic, payload = self.node.death()
            self._client.publish(topic, payload, qos=1).wait_for_publish(2)
        self._client.disconnect()
        self._client.loop_stop()


def run_simulation(
    broker_url: str,
    *,
    machines: int,
    rate_hz: float,
    seed: int = 1,
    duration_s: float | None = None,
    speedup: float = 1.0,
    group: str = "suigang-demo",
    stop: threading.Event | None = None,
    addresses: Sequence[str] | None = None,
    cycle_s: Mapping[str, float] | None = None,
    mtbf_s: float = MachineModel.mtbf_s,
) -> int:
    """Publish until ``duration_s`` passes or ``stop`` is set; returns messages published.

    With ``addresses`` (``group/node/device`` of registered machines, cycles by address in
    ``cycle_s``) those machines are simulated instead of ``machines`` invented ones; either
    way a machine breaks down every ``mtbf_s`` simulated seconds on average.
    """
    if rate_hz <= 0:
        raise ValueError(f"rate must be positive, got {rate_hz}")
    address = parse_broker_url(broker_url)
    if addresses is not None:
        nodes = build_nodes_for(addresses, seed=seed, cycle_s=cycle_s, mtbf_s=mtbf_s)
    else:
        nodes = build_nodes(machines, seed=seed, group=group, mtbf_s=mtbf_s)
    publishers = [NodePublisher(n, address) for n in nodes]
    for p in publishers:
        p.connect()
    for p in publishers:
        if not p.wait_ready(10):
            raise ConnectionError(f"no connection to the MQTT broker at {broker_url}")
    stop = stop or threading.Event()
    period = 1.0 / rate_hz
    started = time.monotonic()
    deadline = None if duration_s is None else started + duration_s
    sent = 0
    k = 0
    try:
        while not stop.is_set():
            k += 1
            target = started + k * period
            if deadline is not None and target > deadline:
                break
            delay = target - time.monotonic()
            if delay > 0 and stop.wait(delay):
                break
            # Spread the nodes over the period so traffic is smooth, not a burst per tick.
            for i, p in enumerate(publishers):
                slot = target + period * i / len(publishers)
                wait = slot - time.monotonic()
                if wait > 0.002:
                    time.sleep(wait)
                sent += p.tick(period * speedup)
    finally:
        for p in publishers:
            p.close()
    log.info("published %d messages in %s", sent, timedelta(seconds=time.monotonic() - started))
    return sent
