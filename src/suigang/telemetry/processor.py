"""Sparkplug B host-application logic: births, aliases, sequence numbers, deaths → readings.

:class:`SparkplugProcessor` does no I/O: it turns (topic, payload, arrival time) into
readings for storage and tells the caller which edge nodes to ask for a rebirth. Problems
(malformed protobuf, unknown aliases, wrong types, sequence gaps) are counted in
``stats`` and logged with the topic; none of them raises. A message with data that cannot
be stored (unreadable, of the wrong type, or not fitting the store: an identifier too long or
holding control characters, a number out of its column's range) carries the reasons in
``Outcome.rejected``, so that the ingest keeps it as a dead letter.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from google.protobuf.message import DecodeError

from suigang.domains.equipment.readings import (
    BIGINT_MAX,
    COUNTER_METRICS,
    ITEM_STATE,
    ITEM_STATES,
    OPERATION_MODE,
    OPERATION_MODES,
    CounterReading,
    ProcessReading,
    Reading,
    StateReading,
    reading_problem,
    text_problem,
)
from suigang.telemetry import sparkplug_b_pb2 as pb
from suigang.telemetry.node_state import NodeState, Outcome
from suigang.telemetry.sparkplug import (
    BDSEQ_METRIC,
    FLOAT_TYPES,
    INT_TYPES,
    NAMESPACE,
    STRING_TYPES,
    MessageType,
    Topic,
    TopicError,
    ValueTypeError,
    from_ms,
    metric_value,
    parse_topic,
)

log = logging.getLogger(__name__)

NOT_AVAILABLE = "NotAvailable"
#: Problems that lose data of the message: it is kept as a dead letter with the reasons.
REJECTING = frozenset({"bad_topic", "malformed", "wrong_type", "unfit"})
#: Longest group, node and device id (the registry's columns).
ID_LEN = 64
#: Sparkplug sequence numbers run 0..255.
MAX_SEQ = 255


#: Returns the stored state of a node (as :meth:`SparkplugProcessor.export_node` made it).
NodeLoader = Callable[[str], dict[str, Any] | None]


class SparkplugProcessor:
    """Stateful Sparkplug B decoding for a set of edge nodes.

    With several ingest workers on one shared subscription each sees only part of a node's
    messages: then ``check_seq=False`` (a partial sequence is full of gaps) and
    ``node_loader`` reads births another worker stored, before a message counts as data
    before birth or an alias as unknown.
    """

    def __init__(
        self,
        *,
        rebirth_interval: timedelta = timedelta(seconds=5),
        check_seq: bool = True,
        node_loader: NodeLoader | None = None,
        reload_interval: timedelta = timedelta(seconds=1),
    ) -> None:
        self.check_seq = check_seq
        self.node_loader = node_loader
        self.reload_interval = reload_interval
        self._reloaded: dict[str, datetime] = {}
        self.nodes: dict[str, NodeState] = {}
        self.stats: Counter[str] = Counter()
        self.dirty: set[str] = set()  # nodes whose seq moved
        self.structural: set[str] = set()  # nodes born, dead or re-aliased since last save
        self.rebirth_interval = rebirth_interval
        self._out: Outcome | None = None

    # -- bookkeeping ------------------------------------------------------------------
    def node(self, key: str) -> NodeState:
        state = self.nodes.get(key)
        if state is None:
            state = self.nodes[key] = NodeState(key)
        return state

    def _reload(self, node: NodeState, now: datetime) -> bool:
        """Refresh a node from storage (shared subscriptions); True when it changed."""
        if self.node_loader is None:
            return False
        last = self._reloaded.get(node.node_key)
        if last is not None and now - last < self.reload_interval:
            return False
        self._reloaded[node.node_key] = now
        data = self.node_loader(node.node_key)
        if not data:
            return False
        rebirth = node.last_rebirth
        self.import_node(node.node_key, data)
        node.last_rebirth = rebirth
        self.stats["node_reloads"] += 1
        return True

    def _problem(self, kind: str, topic: str, detail: str) -> None:
        self.stats[kind] += 1
        if kind in REJECTING and self._out is not None:
            self._out.rejected.append(f"{kind}: {detail}")
        shown = topic if topic.isprintable() else repr(topic)  # no forged log lines
        log.warning("sparkplug %s on topic %s: %s", kind.replace("_", " "), shown, detail)

    def _ask_rebirth(self, out: Outcome, topic: Topic, node: NodeState, now: datetime) -> None:
        if node.last_rebirth is not None and now - node.last_rebirth < self.rebirth_interval:
            return
        node.last_rebirth = now
        self.stats["rebirths_requested"] += 1
        out.rebirth = Topic(topic.group, MessageType.NCMD, topic.node)

    # -- the one entry point ----------------------------------------------------------
    def handle(self, topic_text: str, payload_bytes: bytes, received_at: datetime) -> Outcome:
        """Process one MQTT message; never raises on bad input.

        Readings that do not fit the store are dropped here, their reasons in ``rejected``.
        """
        out = Outcome()
        self._out = out
        try:
            try:
                self._handle(out, topic_text, payload_bytes, received_at)
            except (OverflowError, ValueError) as exc:  # e.g. a timestamp beyond the year 9999
                self._problem("malformed", topic_text, f"unreadable value ({exc})")
            kept: list[Reading] = []
            for reading in out.readings:
                problem = reading_problem(reading)
                if problem is None:
                    kept.append(reading)
                else:
                    self._problem("unfit", topic_text, problem)
            out.readings = kept
        finally:
            self._out = None
        return out

    def _handle(
        self, out: Outcome, topic_text: str, payload_bytes: bytes, received_at: datetime
    ) -> None:
        self.stats["messages"] += 1
        if topic_text.startswith(f"{NAMESPACE}/STATE/"):
            return  # a host application's own state (ours or a peer's)
        try:
            topic = parse_topic(topic_text)
        except TopicError as exc:
            self._problem("bad_topic", topic_text, str(exc))
            return
        for name, value in (("group id", topic.group), ("node id", topic.node)) + (
            (("device id", topic.device),) if topic.device is not None else ()
        ):
            problem = text_problem(name, value, ID_LEN)
            if problem is not None:
                self._problem("bad_topic", topic_text, problem)
                return
        if topic.message_type in (MessageType.NCMD, MessageType.DCMD, MessageType.STATE):
            return
        try:
            payload = pb.Payload.FromString(payload_bytes)
        except (DecodeError, ValueError, RuntimeError) as exc:
            self._problem("malformed", topic_text, f"undecodable payload ({exc})")
            return
        if payload.HasField("seq") and payload.seq > MAX_SEQ:
            self._problem("malformed", topic_text, f"seq {payload.seq} is beyond {MAX_SEQ}")
            return
        node = self.node(topic.node_key)
        kind = topic.message_type
        if kind is MessageType.NDEATH:
            if not node.born:
                self._reload(node, received_at)
            self._node_death(topic, payload, node, received_at, out)
            return
        if kind is MessageType.NBIRTH:
            node.forget_births()
            node.reborn = True
            node.born = True
            node.bd_seq = None
            node.last_seq = payload.seq if payload.HasField("seq") else 0
            for metric in payload.metrics:
                if metric.name == BDSEQ_METRIC:
                    try:
                        bd_seq = int(metric_value(metric, metric.datatype or pb.UInt64) or 0)
                    except ValueTypeError:
                        self._problem("wrong_type", topic_text, "bdSeq is not an integer")
                        continue
                    if 0 <= bd_seq <= BIGINT_MAX:
                        node.bd_seq = bd_seq
                    else:
                        self._problem("wrong_type", topic_text, f"bdSeq {bd_seq} is out of range")
            self.stats["births"] += 1
            self.structural.add(node.node_key)
            self._metrics(topic, payload, node, received_at, out, birth=True)
            return
        # NDATA, DBIRTH, DDATA, DDEATH: the node must be born and in sequence.
        if not node.born:
            self._reload(node, received_at)
        if not node.born:
            self._problem("data_before_birth", topic_text, f"{kind} before NBIRTH")
            self._ask_rebirth(out, topic, node, received_at)
            return
        self._check_seq(topic, payload, node, received_at, out)
        self.dirty.add(node.node_key)
        if kind is MessageType.DBIRTH:
            assert topic.device is not None
            prefix = f"{topic.device}|"
            for key in [k for k in node.aliases if k.startswith(prefix)]:
                del node.aliases[key]
            for key in [k for k in node.types if k.startswith(prefix)]:
                del node.types[key]
            node.devices.add(topic.device)
            self.structural.add(node.node_key)
            self.stats["births"] += 1
            self._metrics(topic, payload, node, received_at, out, birth=True)
        elif kind is MessageType.DDEATH:
            when = from_ms(payload.timestamp) if payload.HasField("timestamp") else received_at
            self._not_available(topic.machine_key, node, when, out)
            if topic.device is not None:
                node.devices.discard(topic.device)
            self.structural.add(node.node_key)
            self.stats["device_deaths"] += 1
        else:
            if topic.device is not None and topic.device not in node.devices:
                self._reload(node, received_at)
            if topic.device is not None and topic.device not in node.devices:
                self._problem(
                    "data_before_birth", topic_text, f"DDATA before DBIRTH of {topic.device}"
                )
                self._ask_rebirth(out, topic, node, received_at)
                return
            self._metrics(topic, payload, node, received_at, out, birth=False)
        return

    # -- pieces -----------------------------------------------------------------------
    def _check_seq(
        self, topic: Topic, payload: Any, node: NodeState, now: datetime, out: Outcome
    ) -> None:
        if not self.check_seq:
            return
        if not payload.HasField("seq"):
            self._problem("malformed", str(topic), "message without seq")
            return
        seq = int(payload.seq)
        if node.last_seq is not None and seq == node.last_seq:
            self.stats["duplicate_seq"] += 1  # a QoS 1 redelivery: storage is idempotent
            return
        expected = 0 if node.last_seq is None else (node.last_seq + 1) % 256
        if seq != expected:
            self._problem("seq_gap", str(topic), f"seq {seq}, expected {expected}")
            self._ask_rebirth(out, topic, node, now)
        node.last_seq = seq

    def _node_death(
        self, topic: Topic, payload: Any, node: NodeState, now: datetime, out: Outcome
    ) -> None:
        bd_seq = None
        for metric in payload.metrics:
            if metric.name == BDSEQ_METRIC:
                try:
                    bd_seq = int(metric_value(metric, metric.datatype or pb.UInt64) or 0)
                except ValueTypeError:
                    self._problem("wrong_type", str(topic), "bdSeq is not an integer")
                    return
        if node.born and node.bd_seq is not None and bd_seq is not None and bd_seq != node.bd_seq:
            self._problem("stale_death", str(topic), f"bdSeq {bd_seq}, current {node.bd_seq}")
            return
        when = from_ms(payload.timestamp) if payload.HasField("timestamp") else now
        machines = set(node.states) | {f"{node.node_key}/{d}" for d in node.devices}
        for machine in sorted(machines):
            self._not_available(machine, node, when, out)
        node.born = False
        node.last_seq = None
        self.stats["node_deaths"] += 1
        self.structural.add(node.node_key)

    def _not_available(self, machine: str, node: NodeState, when: datetime, out: Outcome) -> None:
        state = node.states.setdefault(machine, [NOT_AVAILABLE, "None"])
        state[0] = NOT_AVAILABLE
        out.readings.append(StateReading(machine, when, NOT_AVAILABLE, state[1]))

    def _metrics(
        self,
        topic: Topic,
        payload: Any,
        node: NodeState,
        received_at: datetime,
        out: Outcome,
        *,
        birth: bool,
    ) -> None:
        device = topic.device or ""
        machine = topic.machine_key
        base_ts = from_ms(payload.timestamp) if payload.HasField("timestamp") else received_at
        state_changes: dict[datetime, dict[str, str]] = {}
        for metric in payload.metrics:
            name = metric.name if metric.HasField("name") else None
            if metric.HasField("alias"):
                key = f"{device}|{int(metric.alias)}"
                if birth and name is not None:
                    node.aliases[key] = [name, int(metric.datatype)]
                elif name is None:
                    known = node.aliases.get(key)
                    if known is None and self._reload(node, received_at):
                        known = node.aliases.get(key)
                    if known is None:
                        self._problem("unknown_alias", str(topic), f"alias {metric.alias}")
                        self._ask_rebirth(out, topic, node, received_at)
                        continue
                    name = str(known[0])
            if name is None:
                self._problem("malformed", str(topic), "metric with neither name nor alias")
                continue
            type_key = f"{device}|{name}"
            if birth:
                node.types[type_key] = int(metric.datatype)
            declared = node.types.get(type_key)
            datatype = int(metric.datatype) if metric.HasField("datatype") else declared
            if datatype is None:
                self._problem("unknown_alias", str(topic), f"metric {name!r} not in birth")
                continue
            if declared is not None and datatype != declared:
                self._problem(
                    "wrong_type", str(topic), f"{name}: type {datatype}, birth said {declared}"
                )
                continue
            try:
                value = metric_value(metric, datatype)
            except ValueTypeError as exc:
                self._problem("wrong_type", str(topic), f"{name}: {exc}")
                continue
            ts = from_ms(metric.timestamp) if metric.HasField("timestamp") else base_ts
            if name in (ITEM_STATE, OPERATION_MODE):
                allowed = ITEM_STATES if name == ITEM_STATE else OPERATION_MODES
                if datatype not in STRING_TYPES or value not in allowed:
                    self._problem("wrong_type", str(topic), f"{name} = {value!r}")
                    continue
                state_changes.setdefault(ts, {})[name] = str(value)
            elif name in COUNTER_METRICS:
                if datatype not in INT_TYPES or not isinstance(value, int) or value < 0:
                    self._problem("wrong_type", str(topic), f"{name} = {value!r}")
                    continue
                last = node.counters.get(f"{machine}|{name}")
                if last is not None and ts > last[0] and value < last[1]:
                    self._problem("counter_reset", str(topic), f"{name} {last[1]} → {value}")
                if last is None or ts >= last[0]:
                    node.counters[f"{machine}|{name}"] = (ts, value)
                out.readings.append(CounterReading(machine, name, ts, value))
            elif value is not None and datatype in INT_TYPES | FLOAT_TYPES | {pb.Boolean}:
                if name == BDSEQ_METRIC or name.startswith(("Node Control/", "Properties/")):
                    continue
                out.readings.append(ProcessReading(machine, name, ts, float(value)))
            out.metrics += 1
        for ts in sorted(state_changes):
            change = state_changes[ts]
            state = node.states.setdefault(machine, [NOT_AVAILABLE, "None"])
            state[0] = change.get(ITEM_STATE, state[0])
            state[1] = change.get(OPERATION_MODE, state[1])
            out.readings.append(StateReading(machine, ts, state[0], state[1]))
        self.stats["metrics"] += out.metrics

    # -- persistence between restarts -------------------------------------------------
    def export_node(self, key: str) -> dict[str, Any]:
        """The persistent part of a node's state, JSON-ready."""
        return self.nodes[key].export()

    def import_node(self, key: str, data: dict[str, Any]) -> None:
        """Restore a node exported by :meth:`export_node`."""
        self.node(key).restore(data)
