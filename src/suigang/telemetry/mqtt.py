"""Small MQTT helpers shared by the ingest, the simulator and the benchmark (paho-mqtt 2)."""

from __future__ import annotations

from urllib.parse import urlparse

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from suigang.config import Settings


def broker_address(url: str) -> tuple[str, int]:
    """Host and port of ``mqtt://host:port`` (port 1883 when absent)."""
    parsed = urlparse(url if "://" in url else f"mqtt://{url}")
    if parsed.scheme not in ("mqtt", "tcp"):
        raise ValueError(f"broker URL {url!r}: only mqtt:// (plain TCP) is supported")
    if not parsed.hostname:
        raise ValueError(f"broker URL {url!r} has no host")
    return parsed.hostname, parsed.port or 1883


def configured_broker_url(settings: Settings) -> str:
    """``Settings.mqtt_url``, or the embedded broker on 127.0.0.1."""
    return settings.mqtt_url or f"mqtt://127.0.0.1:{settings.embedded_mqtt_port}"


def make_client(
    client_id: str, *, manual_ack: bool = False, persistent: bool = False
) -> mqtt.Client:
    """An MQTT 5 client; ``persistent`` keeps the session (and its queue) across restarts."""
    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2,
        client_id=client_id,
        protocol=mqtt.MQTTv5,
        manual_ack=manual_ack,
    )
    client.reconnect_delay_set(min_delay=0.1, max_delay=2)
    client.max_inflight_messages_set(1000)
    client.max_queued_messages_set(0)
    client.user_data_set({"persistent": persistent})
    return client


def connect_properties(*, persistent: bool, receive_maximum: int = 65535) -> Properties:
    """CONNECT properties: a long session expiry when persistent, a large receive window."""
    props = Properties(PacketTypes.CONNECT)
    if persistent:
        props.SessionExpiryInterval = 7 * 24 * 3600
    props.ReceiveMaximum = receive_maximum
    return props
