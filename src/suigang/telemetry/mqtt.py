"""Small MQTT helpers shared by the ingest, the simulator and the benchmark (paho-mqtt 2).

Broker URLs are ``mqtt://host:port``; MQTT 5 is used unless the URL asks for 3.1.1 with
``?protocol=3.1.1`` (the embedded amqtt broker speaks only 3.1.1). Shared subscriptions
(``$share/...``) need MQTT 5 and a broker that offers them (Mosquitto 2, EMQX).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from suigang.config import Settings

SESSION_EXPIRY_S = 7 * 24 * 3600


@dataclass(frozen=True, slots=True)
class BrokerAddress:
    """Where a broker listens and which protocol version to speak."""

    host: str
    port: int
    v5: bool = True


def parse_broker_url(url: str) -> BrokerAddress:
    """Parse ``mqtt://host:port[?protocol=5|3.1.1]`` (port 1883 when absent)."""
    parsed = urlparse(url if "://" in url else f"mqtt://{url}")
    if parsed.scheme not in ("mqtt", "tcp"):
        raise ValueError(f"broker URL {url!r}: only mqtt:// (plain TCP) is supported")
    if not parsed.hostname:
        raise ValueError(f"broker URL {url!r} has no host")
    protocol = parse_qs(parsed.query).get("protocol", ["5"])[0]
    if protocol not in ("5", "3.1.1"):
        raise ValueError(f"broker URL {url!r}: protocol must be 5 or 3.1.1, got {protocol!r}")
    try:
        port = parsed.port or 1883
    except ValueError:
        raise ValueError(f"broker URL {url!r} has a bad port") from None
    return BrokerAddress(parsed.hostname, port, protocol == "5")


def broker_address(url: str) -> tuple[str, int]:
    """Host and port of a broker URL."""
    address = parse_broker_url(url)
    return address.host, address.port


def configured_broker_url(settings: Settings) -> str:
    """``Settings.mqtt_url``, or the embedded broker on 127.0.0.1."""
    return settings.mqtt_url or f"mqtt://127.0.0.1:{settings.embedded_mqtt_port}?protocol=3.1.1"


def make_client(
    client_id: str, *, manual_ack: bool = False, persistent: bool = False, v5: bool = True
) -> mqtt.Client:
    """A paho client; ``persistent`` keeps the session (and its queue) across restarts."""
    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2,
        client_id=client_id,
        protocol=mqtt.MQTTv5 if v5 else mqtt.MQTTv311,
        clean_session=None if v5 else not persistent,
        manual_ack=manual_ack,
    )
    client.reconnect_delay_set(min_delay=0.1, max_delay=2)
    client.max_inflight_messages_set(1000)
    client.max_queued_messages_set(0)
    return client


def connect_properties(*, persistent: bool, receive_maximum: int = 65535) -> Properties:
    """MQTT 5 CONNECT properties: a long session expiry when persistent, a large window."""
    props = Properties(PacketTypes.CONNECT)
    if persistent:
        props.SessionExpiryInterval = SESSION_EXPIRY_S
    props.ReceiveMaximum = receive_maximum
    return props


def connect(
    client: mqtt.Client,
    address: BrokerAddress,
    *,
    persistent: bool = False,
    keepalive: int = 30,
    asynchronous: bool = False,
) -> None:
    """Connect with the session semantics of the protocol version in use."""
    method = client.connect_async if asynchronous else client.connect
    if address.v5:
        method(
            address.host,
            address.port,
            keepalive=keepalive,
            clean_start=not persistent,
            properties=connect_properties(persistent=persistent),
        )
    else:
        method(address.host, address.port, keepalive=keepalive)
