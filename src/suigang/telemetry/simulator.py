"""Simulated machines speaking Sparkplug B: state machines with failures, setups, micro stops.

Each machine cycles through processing (one part per cycle, some scrapped or reworked),
setups between batches, micro stops, breakdowns and idle spells without an order; all
randomness comes from one ``random.Random`` per machine seeded from the run's seed, so a
seed and a tick sequence give the same messages every time. :class:`EdgeNode` wraps machines
as Sparkplug devices (births with aliases, seq, bdSeq, NDEATH will, rebirth on command).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from suigang.domains.equipment.readings import (
    ITEM_STATE,
    OPERATION_MODE,
    PARTS_PRODUCED,
    PARTS_REWORK,
    PARTS_SCRAP,
)
from suigang.telemetry import sparkplug_b_pb2 as pb
from suigang.telemetry.sparkplug import (
    BDSEQ_METRIC,
    NAMESPACE,
    REBIRTH_METRIC,
    MessageType,
    MetricSpec,
    Topic,
    build_payload,
)

SPINDLE_LOAD = "Process/SpindleLoad"
TEMPERATURE = "Process/Temperature"

# (name, alias, data type) of every device metric, in birth order.
DEVICE_METRICS = (
    (ITEM_STATE, 1, pb.String),
    (OPERATION_MODE, 2, pb.String),
    (PARTS_PRODUCED, 3, pb.UInt64),
    (PARTS_SCRAP, 4, pb.UInt64),
    (PARTS_REWORK, 5, pb.UInt64),
    (SPINDLE_LOAD, 6, pb.Double),
    (TEMPERATURE, 7, pb.Double),
)
ALIAS = {name: alias for name, alias, _ in DEVICE_METRICS}
TYPE = {name: dtype for name, _, dtype in DEVICE_METRICS}


@dataclass
class MachineModel:
    """One machine's behaviour; times in simulated seconds."""

    rng: random.Random
    cycle_s: float = 30.0  # the planned run time per unit
    batch: int = 200  # parts between setups
    mtbf_s: float = 4 * 3600.0
    mttr_s: float = 15 * 60.0
    micro_stop_every_s: float = 20 * 60.0
    scrap_p: float = 0.02
    rework_p: float = 0.01
    item_state: str = "Executing"
    operation_mode: str = "Setup"
    remaining_s: float = 0.0  # time left in the current state
    cycle_progress: float = 0.0
    in_batch: int = 0
    produced: int = 0
    scrap: int = 0
    rework: int = 0
    spindle_load: float = 0.0
    temperature: float = 22.0

    def __post_init__(self) -> None:
        self.remaining_s = self.rng.uniform(5 * 60, 20 * 60)

    def _enter(self, state: str, mode: str, duration: float) -> None:
        self.item_state, self.operation_mode, self.remaining_s = state, mode, duration

    def step(self, dt: float) -> None:
        """Advance the machine by ``dt`` simulated seconds."""
        rng = self.rng
        if self.item_state == "Executing" and self.operation_mode == "Processing":
            if rng.random() < dt / self.mtbf_s:
                self._enter("OutOfService", "Processing", rng.expovariate(1 / self.mttr_s))
            elif rng.random() < dt / self.micro_stop_every_s:
                self._enter("NotExecuting", "Processing", rng.uniform(5, 90))
            else:
                # Real cycles scatter around and above the planned one.
                self.cycle_progress += dt / (self.cycle_s * rng.uniform(1.0, 1.25))
                while self.cycle_progress >= 1.0:
                    self.cycle_progress -= 1.0
                    self.produced += 1
                    self.in_batch += 1
                    u = rng.random()
                    if u < self.scrap_p:
                        self.scrap += 1
                    elif u < self.scrap_p + self.rework_p:
                        self.rework += 1
                if self.in_batch >= self.batch:
                    self.in_batch = 0
                    if rng.random() < 0.2:  # no next order yet: idle
                        self._enter("NotExecuting", "None", rng.uniform(2 * 60, 30 * 60))
                    else:
                        self._enter("Executing", "Setup", rng.uniform(5 * 60, 25 * 60))
            load = 55 + 15 * rng.random() if self.item_state == "Executing" else 3.0
        else:
            self.remaining_s -= dt
            if self.remaining_s <= 0:
                after_idle = self.item_state == "NotExecuting" and self.operation_mode == "None"
                if after_idle:
                    self._enter("Executing", "Setup", rng.uniform(5 * 60, 25 * 60))
                else:
                    self._enter("Executing", "Processing", 0.0)
            load = 20 + 10 * rng.random() if self.operation_mode == "Setup" else 2.0
        self.spindle_load = round(load, 2)
        target = 45.0 if self.operation_mode == "Processing" else 30.0
        self.temperature = round(
            self.temperature + (target - self.temperature) * min(1.0, dt / 600), 3
        )

    def values(self) -> dict[str, object]:
        return {
            ITEM_STATE: self.item_state,
            OPERATION_MODE: self.operation_mode,
            PARTS_PRODUCED: self.produced,
            PARTS_SCRAP: self.scrap,
            PARTS_REWORK: self.rework,
            SPINDLE_LOAD: self.spindle_load,
            TEMPERATURE: self.temperature,
        }


@dataclass
class EdgeNode:
    """A Sparkplug edge node publishing a set of simulated machines as devices."""

    group: str
    node: str
    devices: dict[str, MachineModel]
    bd_seq: int = 0
    seq: int = 0
    _last: dict[str, dict[str, object]] = field(default_factory=dict)

    def topic(self, kind: MessageType, device: str | None = None) -> str:
        return str(Topic(self.group, kind, self.node, device))

    def _next_seq(self) -> int:
        value = self.seq
        self.seq = (self.seq + 1) % 256
        return value

    def death(self) -> tuple[str, bytes]:
        """The NDEATH (set as the MQTT will before connecting)."""
        payload = build_payload(
            [MetricSpec(BDSEQ_METRIC, None, pb.UInt64, self.bd_seq)], timestamp=None, seq=None
        )
        return self.topic(MessageType.NDEATH), payload

    def births(self, now: datetime) -> list[tuple[str, bytes]]:
        """NBIRTH (seq 0, bdSeq) and one DBIRTH per device with every metric and alias."""
        self.seq = 0
        out = [
            (
                self.topic(MessageType.NBIRTH),
                build_payload(
                    [
                        MetricSpec(BDSEQ_METRIC, None, pb.UInt64, self.bd_seq, now),
                        MetricSpec(REBIRTH_METRIC, None, pb.Boolean, False, now),
                    ],
                    timestamp=now,
                    seq=self._next_seq(),
                ),
            )
        ]
        for device, machine in sorted(self.devices.items()):
            values = machine.values()
            self._last[device] = values
            specs = [
                MetricSpec(name, alias, dtype, values[name], now)
                for name, alias, dtype in DEVICE_METRICS
            ]
            out.append(
                (
                    self.topic(MessageType.DBIRTH, device),
                    build_payload(specs, timestamp=now, seq=self._next_seq()),
                )
            )
        return out

    def step(self, now: datetime, dt: float) -> list[tuple[str, bytes]]:
        """Advance every machine by ``dt`` and return one DDATA per device (aliases only)."""
        out = []
        for device, machine in sorted(self.devices.items()):
            machine.step(dt)
            values = machine.values()
            last = self._last.get(device, {})
            specs = [
                MetricSpec(None, ALIAS[name], TYPE[name], value, now)
                for name, value in values.items()
                if name not in (ITEM_STATE, OPERATION_MODE) or last.get(name) != value
            ]
            self._last[device] = values
            out.append(
                (
                    self.topic(MessageType.DDATA, device),
                    build_payload(specs, timestamp=now, seq=self._next_seq()),
                )
            )
        return out


def build_nodes(
    machines: int,
    *,
    seed: int,
    group: str = "suigang-demo",
    per_node: int = 10,
    mtbf_s: float = MachineModel.mtbf_s,
) -> list[EdgeNode]:
    """Edge nodes ``cell-01``.. with ``per_node`` machines ``m0001``.. each, seeded; ``mtbf_s``
    is every machine's mean time between breakdowns (simulated seconds)."""
    if machines < 1:
        raise ValueError(f"machines must be at least 1, got {machines}")
    _check_mtbf(mtbf_s)
    nodes: list[EdgeNode] = []
    for index in range(machines):
        if index % per_node == 0:
            nodes.append(EdgeNode(group, f"cell-{len(nodes) + 1:02d}", {}))
        rng = random.Random(seed * 1_000_003 + index)
        nodes[-1].devices[f"m{index + 1:04d}"] = MachineModel(
            rng=rng, cycle_s=rng.choice((20.0, 30.0, 45.0, 60.0)), mtbf_s=mtbf_s
        )
    return nodes


def _check_mtbf(mtbf_s: float) -> None:
    if mtbf_s <= 0:
        raise ValueError(f"mtbf_s must be positive, got {mtbf_s}")


def build_nodes_for(
    addresses: Sequence[str],
    *,
    seed: int,
    cycle_s: Mapping[str, float] | None = None,
    mtbf_s: float = MachineModel.mtbf_s,
) -> list[EdgeNode]:
    """Edge nodes for given machine addresses ``group/node/device`` (e.g. registered ones).

    Devices sharing ``group/node`` share one edge node. A machine's planned cycle comes from
    ``cycle_s`` (by address) when given, else from the seeded choice :func:`build_nodes` makes;
    batches between setups are 10–40 parts; ``mtbf_s`` is every machine's mean time between
    breakdowns (simulated seconds).
    """
    if not addresses:
        raise ValueError("addresses must name at least one machine")
    _check_mtbf(mtbf_s)
    nodes: dict[tuple[str, str], EdgeNode] = {}
    for index, address in enumerate(sorted(set(addresses))):
        parts = address.split("/")
        if len(parts) != 3 or not all(parts) or any(c in address for c in "+#"):
            raise ValueError(f"address {address!r} is not group/node/device")
        group, node, device = parts
        rng = random.Random(seed * 1_000_003 + index)
        chosen = rng.choice((20.0, 30.0, 45.0, 60.0))
        cycle = (cycle_s or {}).get(address) or chosen
        if cycle <= 0:
            raise ValueError(f"cycle_s of {address} must be positive, got {cycle}")
        edge = nodes.setdefault((group, node), EdgeNode(group, node, {}))
        # batches of a few dozen parts: setups between orders show on a shift's board
        edge.devices[device] = MachineModel(
            rng=rng, cycle_s=float(cycle), batch=rng.randint(10, 40), mtbf_s=mtbf_s
        )
    return list(nodes.values())


def simulate_messages(
    machines: int,
    *,
    seed: int,
    start: datetime,
    ticks: int,
    rate_hz: float,
    speedup: float = 1.0,
    group: str = "suigang-demo",
) -> list[tuple[str, bytes]]:
    """The full message sequence of a run on a virtual clock (births first); deterministic."""
    nodes = build_nodes(machines, seed=seed, group=group)
    out: list[tuple[str, bytes]] = []
    for node in nodes:
        out.extend(node.births(start))
    dt = 1.0 / rate_hz
    for k in range(1, ticks + 1):
        now = start + timedelta(seconds=k * dt)
        for node in nodes:
            out.extend(node.step(now, dt * speedup))
    return out


__all__ = [
    "DEVICE_METRICS",
    "NAMESPACE",
    "EdgeNode",
    "MachineModel",
    "build_nodes",
    "build_nodes_for",
    "simulate_messages",
]
