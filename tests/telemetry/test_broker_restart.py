"""A broker restart mid-stream: the ingest reconnects and the counts stay exact.

The shared Mosquitto on 1883 serves other work, so this test runs its own Mosquitto (with
persistence) on a free port, stops it mid-stream and starts it again.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from datetime import UTC, datetime, timedelta

import pytest

from suigang.domains.equipment.readings import CounterReading
from suigang.domains.equipment.service import counter_increments
from suigang.telemetry.ingest import IngestConfig, SparkplugIngest
from suigang.telemetry.processor import SparkplugProcessor
from suigang.telemetry.simulator import simulate_messages

pytestmark = pytest.mark.services
P = "Production/PartsProduced"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_mosquitto(conf, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(["mosquitto", "-c", str(conf)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise AssertionError("private mosquitto did not start")


def test_broker_restart_mid_stream_keeps_counts_exact(pg_sessions, run_id, tmp_path, publish, wait):
    """Stop the broker after half the stream, restart it, send the rest: every part once."""
    if shutil.which("mosquitto") is None:
        pytest.skip("mosquitto is not installed")
    port = free_port()
    conf = tmp_path / "mosquitto.conf"
    conf.write_text(
        f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence true\n"
        f"persistence_location {tmp_path}/\nmax_queued_messages 100000\n"
    )
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    msgs = simulate_messages(
        3, seed=4, start=start, ticks=100, rate_hz=1.0, speedup=120, group=run_id
    )
    proc_ = SparkplugProcessor()
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for t, p in msgs:
        for r in proc_.handle(t, p, start).readings:
            if isinstance(r, CounterReading) and r.metric == P:
                first.setdefault(r.machine_key, r.value)
                last[r.machine_key] = r.value
    expected = {k: last[k] - first[k] for k in last}

    broker = start_mosquitto(conf, port)
    ingest = SparkplugIngest(
        IngestConfig(
            f"mqtt://127.0.0.1:{port}",
            client_id=f"ingest-{run_id}",
            topics=(f"spBv1.0/{run_id}/#",),
        ),
        pg_sessions,
    )
    try:
        ingest.start()
        half = len(msgs) // 2
        publish("127.0.0.1", port, msgs[:half])
        broker.terminate()  # a clean stop: Mosquitto writes its persistence file
        broker.wait(10)
        wait(lambda: not ingest.connected, 10, "the ingest to notice the broker is gone")
        broker = start_mosquitto(conf, port)
        assert ingest.wait_connected(15), "the ingest did not reconnect"
        publish("127.0.0.1", port, msgs[half:])

        def stored() -> dict[str, int]:
            lo, hi = datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
            with pg_sessions() as s:
                return {
                    m: sum(
                        d
                        for _, d in counter_increments(s, machine_id=m, metric=P, start=lo, end=hi)
                    )
                    for m in expected
                }

        wait(lambda: stored() == expected, 60, "all parts stored")
    finally:
        ingest.stop()
        broker.terminate()
        broker.wait(10)
    assert stored() == expected and sum(expected.values()) > 0
