"""Sparkplug B over the real Mosquitto into PostgreSQL: exact counts, restarts, bad input."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from suigang.domains.equipment.models import CounterSample, MachineStateInterval
from suigang.domains.equipment.readings import CounterReading
from suigang.domains.equipment.service import counter_increments, ingest_stats
from suigang.telemetry import sparkplug_b_pb2 as pb
from suigang.telemetry.ingest import IngestConfig, SparkplugIngest
from suigang.telemetry.processor import SparkplugProcessor
from suigang.telemetry.simulator import simulate_messages
from suigang.telemetry.sparkplug import MetricSpec, build_payload
from tests.telemetry.conftest import group_ingest

pytestmark = pytest.mark.services
ROOT = Path(__file__).resolve().parents[2]
P = "Production/PartsProduced"


def expected_counts(messages) -> dict[str, int]:
    """Parts produced per machine: last cumulative value minus the value at birth."""
    proc = SparkplugProcessor()
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for topic, payload in messages:
        for r in proc.handle(topic, payload, datetime.now(UTC)).readings:
            if isinstance(r, CounterReading) and r.metric == P:
                first.setdefault(r.machine_key, r.value)
                last[r.machine_key] = r.value
    return {k: last[k] - first[k] for k in last}


def stored_counts(sessions, machines) -> dict[str, int]:
    start, end = datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
    with sessions() as s:
        return {
            m: sum(
                d for _, d in counter_increments(s, machine_id=m, metric=P, start=start, end=end)
            )
            for m in machines
        }


def sample_count(sessions, group: str) -> int:
    with sessions() as s:
        return s.execute(
            select(func.count())
            .select_from(CounterSample)
            .where(CounterSample.machine_key.like(f"{group}/%"))
        ).scalar_one()


def messages_for(group: str, machines: int = 4, ticks: int = 60):
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    return simulate_messages(
        machines, seed=11, start=start, ticks=ticks, rate_hz=1.0, speedup=120, group=group
    )


def test_stream_is_stored_exactly_and_bad_input_is_counted(
    mqtt_broker, pg_sessions, run_id, publish, wait
) -> None:
    """Every part the machines counted is stored once; junk is counted; NDEATH → NotAvailable."""
    host, port = mqtt_broker
    msgs = messages_for(run_id)
    expected = expected_counts(msgs)
    ingest = group_ingest(host, port, run_id, pg_sessions)
    ingest.start()
    try:
        junk = [
            (f"spBv1.0/{run_id}/DDATA/cell-01/m0001", b"\x08\xff\xff\xff"),  # malformed protobuf
            (
                f"spBv1.0/{run_id}/DDATA/cell-01/m0001",
                build_payload([MetricSpec(None, 99, pb.UInt64, 1)], timestamp=None, seq=200),
            ),  # unknown alias
        ]
        death = (
            f"spBv1.0/{run_id}/NDEATH/cell-01",
            build_payload([MetricSpec("bdSeq", None, pb.UInt64, 0)], timestamp=None, seq=None),
        )
        publish(host, port, [*msgs, *junk, msgs[0], death])
        wait(lambda: ingest_stats_of(pg_sessions).get("node_deaths", 0) >= 1, 30, "the node death")
    finally:
        ingest.stop()
    assert stored_counts(pg_sessions, expected) == expected
    assert sum(expected.values()) > 0
    stats = ingest_stats_of(pg_sessions)
    assert stats["malformed"] >= 1 and stats["unknown_alias"] >= 1 and stats["seq_gap"] >= 1
    with pg_sessions() as s:
        current = s.execute(
            select(MachineStateInterval.machine_key, MachineStateInterval.item_state).where(
                MachineStateInterval.end.is_(None),
                MachineStateInterval.machine_key.like(f"{run_id}/%"),
            )
        ).all()
    assert {state for _, state in current} == {"NotAvailable"} and len(current) == 4


def ingest_stats_of(sessions) -> dict[str, int]:
    with sessions() as s:
        return ingest_stats(s)


def start_ingest_process(broker: str, client_id: str, group: str, db_url: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "suigang",
            "ingest",
            "--broker",
            broker,
            "--client-id",
            client_id,
            "--topic",
            f"spBv1.0/{group}/#",
            "--database",
            db_url,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_ingest_killed_and_restarted_loses_and_doubles_nothing(
    mqtt_broker, pg_sessions, telemetry_pg_url, run_id, publish, wait
) -> None:
    """SIGKILL mid-stream, traffic while down, restart: the persistent session delivers the rest."""
    host, port = mqtt_broker
    broker = f"mqtt://{host}:{port}"
    msgs = messages_for(run_id, machines=4, ticks=120)
    expected = expected_counts(msgs)
    half = len(msgs) // 2
    proc = start_ingest_process(broker, f"ingest-{run_id}", run_id, telemetry_pg_url)
    try:
        wait_for_log(proc, "ingest subscribed", 30)
        publish(host, port, msgs[:half])
        wait(lambda: sample_count(pg_sessions, run_id) > 0, 30, "the first samples")
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        publish(host, port, msgs[half:])  # queued by the broker for the persistent session
        proc = start_ingest_process(broker, f"ingest-{run_id}", run_id, telemetry_pg_url)
        wait_for_log(proc, "ingest subscribed", 30)
        wait(lambda: stored_counts(pg_sessions, expected) == expected, 60, "all counts")
    finally:
        proc.terminate()
        proc.wait(20)
        forget_session(host, port, f"ingest-{run_id}")
    assert stored_counts(pg_sessions, expected) == expected


def forget_session(host: str, port: int, client_id: str) -> None:
    """End the persistent session on the shared broker (clean start, no expiry)."""
    from suigang.telemetry.mqtt import make_client

    client = make_client(client_id)
    client.connect(host, port, clean_start=True)
    client.loop_start()
    client.disconnect()
    client.loop_stop()


def wait_for_log(proc: subprocess.Popen, text: str, timeout: float) -> None:
    """Read the process's log until ``text`` appears (it logs when subscribed)."""
    import threading

    found = threading.Event()

    def reader() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            if text in line:
                found.set()

    threading.Thread(target=reader, daemon=True).start()
    assert found.wait(timeout), f"{text!r} not logged within {timeout} s"


def test_host_state_is_published_online_then_offline(mqtt_broker, pg_sessions, run_id) -> None:
    """With a host id the ingest keeps a retained STATE: online while up, offline after."""
    import json
    import threading

    from suigang.telemetry.mqtt import make_client

    host, port = mqtt_broker
    topic = f"spBv1.0/STATE/{run_id}"

    def retained() -> dict:
        got: list[bytes] = []
        done = threading.Event()
        client = make_client(f"probe-{run_id}")

        def on_message(_c, _u, m) -> None:
            got.append(m.payload)
            done.set()

        client.on_message = on_message
        client.on_connect = lambda c, *_a: c.subscribe(topic, qos=1)
        client.connect(host, port)
        client.loop_start()
        done.wait(5)
        client.disconnect()
        client.loop_stop()
        return json.loads(got[0])

    ingest = SparkplugIngest(
        IngestConfig(
            f"mqtt://{host}:{port}",
            client_id=f"ingest-{run_id}",
            topics=("spBv1.0/STATE/#", f"spBv1.0/{run_id}/#"),
            persistent=False,
            host_id=run_id,
        ),
        pg_sessions,
    )
    ingest.start()
    try:
        assert retained()["online"] is True
    finally:
        ingest.stop()
    assert retained()["online"] is False
    assert ingest.processor.stats["bad_topic"] == 0  # its own STATE is not an edge message
    # Clear the retained message so the broker does not keep it after the test.
    probe = make_client(f"clear-{run_id}")
    probe.connect(host, port)
    probe.loop_start()
    probe.publish(topic, b"", qos=1, retain=True).wait_for_publish(5)
    probe.disconnect()
    probe.loop_stop()
