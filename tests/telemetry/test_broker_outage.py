"""The shipped Mosquitto configuration keeps a stated ingest outage without loss.

The outage: the ingest is down for 5 minutes while 20 machines each send one Sparkplug
message a second (6,000 messages plus births: six times Mosquitto's default queue of 1,000
per client), and the broker itself is restarted during it. With the configuration in
``src/suigang/telemetry/mosquitto.conf`` (shown in docs/operations.md) every part counted
is stored once; with Mosquitto's defaults the same outage loses messages.

Each run starts its own Mosquitto (``/usr/sbin/mosquitto``) on a free port, with the
configuration's site lines (listener, credentials, persistence directory) replaced.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import suigang.telemetry
from tests.conftest import ROOT, port_open, service_missing
from tests.telemetry.conftest import publish_all
from tests.telemetry.test_ingest_mqtt import expected_counts, stored_counts

pytestmark = pytest.mark.services
MOSQUITTO = Path("/usr/sbin/mosquitto")
SHIPPED = Path(suigang.telemetry.__file__).with_name("mosquitto.conf")
MACHINES, OUTAGE_S = 20, 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Broker:
    """A Mosquitto process of its own, with a configuration made from ``text``."""

    def __init__(self, directory: Path, text: str) -> None:
        self.port = free_port()
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        # started by root, Mosquitto would become the user "mosquitto", who cannot write
        # into the test's private temporary directory
        site = ["user root"] if os.geteuid() == 0 else []
        for line in text.splitlines():
            if line.startswith("listener "):
                line = f"listener {self.port} 127.0.0.1"
            elif line.startswith("allow_anonymous "):
                line = "allow_anonymous true"
            elif line.startswith("password_file "):
                continue
            elif line.startswith("persistence_location "):
                line = f"persistence_location {directory}/"
            site.append(line)
        if not any(line.startswith("listener ") for line in site):
            site += [f"listener {self.port} 127.0.0.1", "allow_anonymous true"]
        self.config = directory / "mosquitto.conf"
        self.config.write_text("\n".join(site) + "\n")
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [str(MOSQUITTO), "-c", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not port_open("127.0.0.1", self.port):
            assert time.monotonic() < deadline, "mosquitto did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        """A clean stop (SIGTERM): Mosquitto saves its queues to disk."""
        if self.proc is not None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(20)
            self.proc = None


@pytest.fixture
def broker_dir(tmp_path: Path) -> Iterator[Path]:
    if not MOSQUITTO.exists():
        service_missing(f"Mosquitto at {MOSQUITTO}")
    yield tmp_path / "broker"
    shutil.rmtree(tmp_path / "broker", ignore_errors=True)


def outage(broker: Broker, sessions, group: str) -> tuple[dict[str, int], dict[str, int]]:  # type: ignore[no-untyped-def]
    """Expected and stored part counts after the outage described above."""
    from suigang.telemetry.ingest import IngestConfig, SparkplugIngest
    from suigang.telemetry.simulator import simulate_messages

    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    messages = simulate_messages(
        MACHINES, seed=5, start=start, ticks=OUTAGE_S, rate_hz=1.0, speedup=60, group=group
    )
    expected = expected_counts(messages)
    config = IngestConfig(
        f"mqtt://127.0.0.1:{broker.port}",
        client_id=f"ingest-{group}",
        topics=(f"spBv1.0/{group}/#",),
        persistent=True,
    )
    broker.start()
    ingest = SparkplugIngest(config, sessions)
    ingest.start()  # the persistent session exists from now on
    assert ingest.wait_connected(10)
    ingest.stop()  # the outage begins
    half = len(messages) // 2
    publish_all("127.0.0.1", broker.port, messages[:half])
    broker.stop()  # the broker restarts during the outage
    broker.start()
    publish_all("127.0.0.1", broker.port, messages[half:])
    ingest = SparkplugIngest(config, sessions)  # the outage ends
    ingest.start()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and stored_counts(sessions, expected) != expected:
            before = ingest.committed_batches
            time.sleep(5)
            if ingest.committed_batches == before and ingest.backlog == 0:
                break  # nothing more is coming
        return expected, stored_counts(sessions, expected)
    finally:
        ingest.stop()
        broker.stop()


def test_the_shipped_configuration_keeps_a_five_minute_outage(
    broker_dir: Path, pg_sessions, run_id: str
) -> None:
    """6,000 messages while the ingest is down and the broker restarts: nothing lost."""
    broker = Broker(broker_dir, SHIPPED.read_text())
    expected, stored = outage(broker, pg_sessions, run_id)
    assert sum(expected.values()) > 0
    assert stored == expected


def test_mosquitto_defaults_lose_part_of_the_same_outage(
    broker_dir: Path, pg_sessions, run_id: str
) -> None:
    """The contrast: with only persistence on (Mosquitto's queue of 1,000 per client), the
    same outage loses parts, which is why the configuration above is needed."""
    broker = Broker(broker_dir, "persistence true\npersistence_location /x/\n")
    expected, stored = outage(broker, pg_sessions, run_id)
    assert sum(stored.values()) < sum(expected.values())


def test_the_operations_guide_shows_the_shipped_configuration() -> None:
    """docs/operations.md quotes the configuration file line for line."""
    guide = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert SHIPPED.read_text().strip() in guide
