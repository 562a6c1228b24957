"""The embedded MQTT broker (amqtt) for the demo and laptops: 127.0.0.1 only, its own port.

``await start_embedded_broker(settings)`` returns a running :class:`EmbeddedBroker`;
``await broker.stop()`` shuts it down. It listens on ``Settings.embedded_mqtt_port`` (not
1883, which a real broker may hold). amqtt speaks MQTT 3.1.1: clients connecting to it use
that protocol version (see :func:`suigang.telemetry.mqtt.make_client`).
"""

from __future__ import annotations

import asyncio
import logging
import socket
from dataclasses import dataclass
from typing import Any

from suigang.config import Settings

log = logging.getLogger(__name__)


@dataclass
class EmbeddedBroker:
    """A running amqtt broker."""

    host: str
    port: int
    _broker: Any

    @property
    def url(self) -> str:
        return f"mqtt://{self.host}:{self.port}"

    async def stop(self) -> None:
        """Shut the broker down."""
        await self._broker.shutdown()


async def start_embedded_broker(settings: Settings, *, port: int | None = None) -> EmbeddedBroker:
    """Start amqtt on 127.0.0.1:``port`` (default ``settings.embedded_mqtt_port``)."""
    from amqtt.broker import Broker

    port = settings.embedded_mqtt_port if port is None else port
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise OSError(f"port {port} on 127.0.0.1 is already in use")
    config = {
        "listeners": {"default": {"type": "tcp", "bind": f"127.0.0.1:{port}"}},
        "plugins": {
            "amqtt.plugins.authentication.AnonymousAuthPlugin": {"allow_anonymous": True},
        },
    }
    broker = Broker(config, loop=asyncio.get_running_loop())
    await broker.start()
    log.info("embedded MQTT broker on 127.0.0.1:%d", port)
    return EmbeddedBroker("127.0.0.1", port, broker)
