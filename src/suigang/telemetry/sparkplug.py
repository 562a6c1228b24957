"""Sparkplug B 3.0 topics and payloads: parsing, typed metric values, message builders.

A topic is ``spBv1.0/<group_id>/<message_type>/<edge_node_id>[/<device_id>]``. Payloads are
the protobuf ``Payload`` of the specification (``sparkplug_b.proto`` beside this module).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from suigang.telemetry import sparkplug_b_pb2 as pb

NAMESPACE = "spBv1.0"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
REBIRTH_METRIC = "Node Control/Rebirth"
BDSEQ_METRIC = "bdSeq"


INT_TYPES = frozenset(
    {pb.Int8, pb.Int16, pb.Int32, pb.Int64, pb.UInt8, pb.UInt16, pb.UInt32, pb.UInt64}
)
FLOAT_TYPES = frozenset({pb.Float, pb.Double})
STRING_TYPES = frozenset({pb.String, pb.Text, pb.UUID})
_SIGNED = frozenset({pb.Int8, pb.Int16, pb.Int32, pb.Int64})


class MessageType(StrEnum):
    """Sparkplug B message types."""

    NBIRTH = "NBIRTH"
    NDEATH = "NDEATH"
    NDATA = "NDATA"
    NCMD = "NCMD"
    DBIRTH = "DBIRTH"
    DDEATH = "DDEATH"
    DDATA = "DDATA"
    DCMD = "DCMD"
    STATE = "STATE"


@dataclass(frozen=True, slots=True)
class Topic:
    """A parsed Sparkplug topic."""

    group: str
    message_type: MessageType
    node: str
    device: str | None = None

    @property
    def node_key(self) -> str:
        """``group/node``: the edge node."""
        return f"{self.group}/{self.node}"

    @property
    def machine_key(self) -> str:
        """``group/node/device`` (or ``group/node`` for node-level metrics)."""
        return f"{self.group}/{self.node}/{self.device}" if self.device else self.node_key

    def __str__(self) -> str:
        tail = f"/{self.device}" if self.device else ""
        return f"{NAMESPACE}/{self.group}/{self.message_type}/{self.node}{tail}"


class TopicError(ValueError):
    """A topic that is not a Sparkplug B edge topic."""


def parse_topic(topic: str) -> Topic:
    """Parse a Sparkplug B topic; raise :class:`TopicError` for anything else."""
    parts = topic.split("/")
    if len(parts) < 4 or parts[0] != NAMESPACE:
        raise TopicError(f"not a Sparkplug B topic: {topic!r}")
    try:
        kind = MessageType(parts[2])
    except ValueError:
        raise TopicError(f"unknown Sparkplug message type {parts[2]!r} in {topic!r}") from None
    device_kinds = (MessageType.DBIRTH, MessageType.DDEATH, MessageType.DDATA, MessageType.DCMD)
    if kind in device_kinds:
        if len(parts) != 5 or not parts[4]:
            raise TopicError(f"{kind} topic needs a device id: {topic!r}")
        return Topic(parts[1], kind, parts[3], parts[4])
    if len(parts) != 4:
        raise TopicError(f"{kind} topic has extra levels: {topic!r}")
    return Topic(parts[1], kind, parts[3])


class ValueTypeError(ValueError):
    """A metric value that does not match its declared data type."""


def metric_value(metric: Any, datatype: int) -> int | float | bool | str | bytes | None:
    """The Python value of a metric read as ``datatype`` (its own or the one from birth)."""
    if metric.is_null:
        return None
    field = metric.WhichOneof("value")
    if datatype in INT_TYPES or datatype == pb.DateTime:
        if field == "int_value":
            value = int(metric.int_value)
        elif field == "long_value":
            value = int(metric.long_value)
        else:
            raise ValueTypeError(f"{pb.DataType.Name(datatype)} metric carries {field}")
        if datatype in _SIGNED:  # two's complement in the unsigned wire field
            width = 32 if field == "int_value" else 64
            if value >= 1 << (width - 1):
                value -= 1 << width
        return value
    if datatype in FLOAT_TYPES:
        if field not in ("float_value", "double_value"):
            raise ValueTypeError(f"{pb.DataType.Name(datatype)} metric carries {field}")
        return float(getattr(metric, field))
    if datatype == pb.Boolean:
        if field != "boolean_value":
            raise ValueTypeError(f"Boolean metric carries {field}")
        return bool(metric.boolean_value)
    if datatype in STRING_TYPES:
        if field != "string_value":
            raise ValueTypeError(f"{pb.DataType.Name(datatype)} metric carries {field}")
        return str(metric.string_value)
    if datatype in (pb.Bytes, pb.File):
        if field != "bytes_value":
            raise ValueTypeError(f"{pb.DataType.Name(datatype)} metric carries {field}")
        return bytes(metric.bytes_value)
    raise ValueTypeError(f"data type {datatype} is not read by Suigang")


def set_value(metric: Any, datatype: int, value: Any) -> None:
    """Write ``value`` into the oneof field the specification uses for ``datatype``."""
    metric.datatype = datatype
    if value is None:
        metric.is_null = True
    elif datatype in (pb.Int8, pb.Int16, pb.Int32, pb.UInt8, pb.UInt16, pb.UInt32):
        metric.int_value = int(value) & 0xFFFFFFFF
    elif datatype in (pb.Int64, pb.UInt64, pb.DateTime):
        metric.long_value = int(value) & 0xFFFFFFFFFFFFFFFF
    elif datatype == pb.Float:
        metric.float_value = float(value)
    elif datatype == pb.Double:
        metric.double_value = float(value)
    elif datatype == pb.Boolean:
        metric.boolean_value = bool(value)
    elif datatype in STRING_TYPES:
        metric.string_value = str(value)
    elif datatype in (pb.Bytes, pb.File):
        if not isinstance(value, bytes | bytearray | memoryview):
            # bytes(n) of an integer would allocate n zero bytes (gigabytes for a counter)
            raise TypeError(f"a Bytes or File metric needs bytes, got {type(value).__name__}")
        metric.bytes_value = bytes(value)
    else:
        raise ValueError(f"cannot write data type {datatype}")


def ms(t: datetime) -> int:
    """Milliseconds since the Unix epoch (Sparkplug timestamps)."""
    return (t - EPOCH) // timedelta(milliseconds=1)


def from_ms(value: int) -> datetime:
    """A UTC datetime from Sparkplug milliseconds."""
    return EPOCH + timedelta(milliseconds=value)


@dataclass(frozen=True, slots=True)
class MetricSpec:
    """One metric to put in a payload: name (births), alias, data type, value, timestamp."""

    name: str | None
    alias: int | None
    datatype: int
    value: Any
    timestamp: datetime | None = None


def build_payload(
    metrics: list[MetricSpec] | tuple[MetricSpec, ...],
    *,
    timestamp: datetime | None,
    seq: int | None,
) -> bytes:
    """Serialize a Sparkplug payload."""
    payload = pb.Payload()
    if timestamp is not None:
        payload.timestamp = ms(timestamp)
    if seq is not None:
        payload.seq = seq
    for spec in metrics:
        m = payload.metrics.add()
        if spec.name is not None:
            m.name = spec.name
        if spec.alias is not None:
            m.alias = spec.alias
        if spec.timestamp is not None:
            m.timestamp = ms(spec.timestamp)
        set_value(m, spec.datatype, spec.value)
    data: bytes = payload.SerializeToString()
    return data


def rebirth_command(now: datetime) -> bytes:
    """The NCMD payload asking an edge node to publish its births again."""
    return build_payload(
        [MetricSpec(REBIRTH_METRIC, None, pb.Boolean, True, now)], timestamp=now, seq=None
    )


def host_state(host_id: str, *, online: bool, now: datetime | None = None) -> tuple[str, bytes]:
    """The Sparkplug 3.0 host application STATE message: topic and JSON payload."""
    import json

    stamp = ms(now or datetime.now(UTC))
    body = json.dumps({"online": online, "timestamp": stamp}, separators=(",", ":"))
    return f"{NAMESPACE}/STATE/{host_id}", body.encode()
