"""``suigang bench telemetry``: Sparkplug B ingest rate into PostgreSQL and end-to-end latency.

Phase 1 (throughput): a publisher process sends a pre-generated Sparkplug stream with QoS 1
as fast as the broker takes it; the ingest (this process) and a bare paho subscriber (another
process) receive the same stream. Reported: metrics/s stored (committed) by the ingest and
metrics/s received by the bare subscriber, and their ratio.
Phase 2 (latency): N simulated machines publish one message per second each in real time;
latency is commit time minus the message's metric timestamp (set when it was published).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import statistics
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import typer


def _publisher(url: str, messages: list[tuple[str, bytes]], ready: Any, done: Any) -> None:
    from suigang.telemetry.mqtt import connect, make_client, parse_broker_url

    address = parse_broker_url(url)
    client = make_client(f"bench-pub-{uuid.uuid4().hex[:6]}", v5=address.v5)
    connect(client, address)
    client.loop_start()
    ready.wait()
    infos = [client.publish(t, p, qos=1) for t, p in messages]
    for info in infos:
        info.wait_for_publish(120)
    client.disconnect()
    client.loop_stop()
    done.set()


def _bare_subscriber(url: str, topic: str, expected: int, result: Any, ready: Any) -> None:
    from suigang.telemetry.mqtt import connect, make_client, parse_broker_url

    address = parse_broker_url(url)
    client = make_client(f"bench-bare-{uuid.uuid4().hex[:6]}", v5=address.v5)
    times: list[float] = []
    finished = threading.Event()

    def on_message(_c: Any, _u: Any, _m: Any) -> None:
        times.append(time.time())
        if len(times) >= expected:
            finished.set()

    client.on_message = on_message
    client.on_connect = lambda c, *_a: (c.subscribe(topic, qos=1), ready.set())
    connect(client, address)
    client.loop_start()
    finished.wait(300)
    client.disconnect()
    client.loop_stop()
    result.put((len(times), times[0] if times else 0.0, times[-1] if times else 0.0))


def _fresh_database(admin_url: str) -> tuple[str, str]:
    import psycopg

    name = f"suigang_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0]
    return name, f"postgresql+psycopg://{base.split('://', 1)[1]}/{name}"


def _drop_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def telemetry(
    broker: Annotated[
        str, typer.Option("--broker", help="mqtt://host:port")
    ] = "mqtt://127.0.0.1:1883",
    pg_admin: Annotated[
        str, typer.Option("--pg-admin", help="PostgreSQL URL to create a scratch database from")
    ] = "postgresql://postgres@127.0.0.1:5432/test",
    messages: Annotated[
        int, typer.Option("--messages", help="messages in the throughput phase")
    ] = 30000,
    machines: Annotated[
        int, typer.Option("--machines", help="machines in the latency phase")
    ] = 1000,
    warmup: Annotated[
        float, typer.Option("--warmup", help="seconds of the latency phase not counted as steady")
    ] = 5.0,
    latency_seconds: Annotated[
        float, typer.Option("--latency-seconds", help="length of the latency phase")
    ] = 30.0,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=16,
            help="more than 1: that many ingest processes on one shared subscription "
            "(loss, duplicates, rate per worker) instead of the two phases",
        ),
    ] = 1,
) -> None:
    """Sustained Sparkplug B ingest rate into PostgreSQL vs a bare subscriber; latency p99.

    With ``--workers N`` (N > 1): N ingest processes share one MQTT 5 subscription."""
    import logging

    from suigang.bench._machine import machine_line
    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory
    from suigang.domains.registry import load_all_models
    from suigang.telemetry.ingest import IngestConfig, SparkplugIngest
    from suigang.telemetry.publisher import run_simulation
    from suigang.telemetry.simulator import simulate_messages

    logging.basicConfig(level=logging.ERROR)
    typer.echo(machine_line())
    db_name, db_url = _fresh_database(pg_admin)
    engine = make_engine(Settings(), url=db_url, pool_size=4)
    load_all_models().create_all(engine)
    sessions = make_session_factory(engine)
    ctx = mp.get_context("spawn")
    try:
        if workers > 1:
            from suigang.bench._telemetry_shared import shared_phase

            load = os.getloadavg()
            typer.echo(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
            for line in shared_phase(broker, db_url, workers, messages):
                typer.echo(line)
            load = os.getloadavg()
            typer.echo(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
            return
        # -- phase 1: throughput ---------------------------------------------------------
        group = f"bench{uuid.uuid4().hex[:6]}"
        per_tick = 100
        ticks = max(1, messages // per_tick)
        start = datetime.now(UTC) - timedelta(days=1)
        stream = simulate_messages(
            per_tick, seed=7, start=start, ticks=ticks, rate_hz=1.0, speedup=30, group=group
        )
        from suigang.telemetry import sparkplug_b_pb2 as pb

        total_metrics = sum(len(pb.Payload.FromString(p).metrics) for _, p in stream)
        stored = {"metrics": 0, "messages": 0, "first": 0.0, "last": 0.0}
        lock = threading.Lock()

        def on_commit(readings: Any, committed: datetime, batch: int) -> None:
            with lock:
                stored["messages"] += batch
                stored["last"] = committed.timestamp()

        ingest = SparkplugIngest(
            IngestConfig(
                broker,
                client_id=f"bench-ingest-{group}",
                topics=(f"spBv1.0/{group}/#",),
                persistent=False,
            ),
            sessions,
            on_commit=on_commit,
        )
        original = ingest._on_message

        def first_seen(c: Any, u: Any, m: Any) -> None:
            if not stored["first"]:
                stored["first"] = time.time()
            original(c, u, m)

        ingest.client.on_message = first_seen
        ingest.start()
        result_q = ctx.Queue()
        bare_ready, pub_ready, pub_done = ctx.Event(), ctx.Event(), ctx.Event()
        bare = ctx.Process(
            target=_bare_subscriber,
            args=(broker, f"spBv1.0/{group}/#", len(stream), result_q, bare_ready),
        )
        bare.start()
        bare_ready.wait(30)
        time.sleep(0.5)
        pub = ctx.Process(target=_publisher, args=(broker, stream, pub_ready, pub_done))
        pub.start()
        time.sleep(1.0)  # let the publisher connect before the clock starts
        pub_ready.set()
        deadline = time.monotonic() + 600
        while stored["messages"] < len(stream) and time.monotonic() < deadline:
            time.sleep(0.05)
        pub.join(60)
        bare_n, bare_first, bare_last = result_q.get(timeout=120)
        bare.join(10)
        ingest.stop()
        ingest_rate = (
            total_metrics
            * stored["messages"]
            / len(stream)
            / max(1e-9, stored["last"] - stored["first"])
        )
        bare_rate = total_metrics * bare_n / len(stream) / max(1e-9, bare_last - bare_first)
        typer.echo(
            f"throughput: {len(stream)} messages, {total_metrics} metrics, QoS 1\n"
            f"  ingest stored in PostgreSQL: {ingest_rate:,.0f} metrics/s "
            f"({stored['messages']}/{len(stream)} messages committed)\n"
            f"  bare paho subscriber:        {bare_rate:,.0f} metrics/s ({bare_n} messages)\n"
            f"  ratio ingest/bare: {ingest_rate / bare_rate:.2f}"
        )

        # -- phase 2: latency ------------------------------------------------------------
        group2 = f"benchlat{uuid.uuid4().hex[:6]}"
        latencies: list[tuple[datetime, float]] = []  # (metric time, publish-to-committed)

        def on_commit_latency(readings: Any, committed: datetime, batch: int) -> None:
            for r in readings:
                if getattr(r, "metric", None) == "Production/PartsProduced":
                    latencies.append((r.ts, (committed - r.ts).total_seconds()))

        ingest2 = SparkplugIngest(
            IngestConfig(
                broker,
                client_id=f"bench-ingest-{group2}",
                topics=(f"spBv1.0/{group2}/#",),
                persistent=False,
            ),
            sessions,
            on_commit=on_commit_latency,
        )
        received: list[float] = []
        original2 = ingest2._on_message

        def arrival(c: Any, u: Any, m: Any) -> None:
            ts = pb.Payload.FromString(m.payload).timestamp
            if ts:
                received.append(time.time() - ts / 1000)
            original2(c, u, m)

        ingest2.client.on_message = arrival
        ingest2.start()
        began = datetime.now(UTC)
        sent = run_simulation(
            broker, machines=machines, rate_hz=1.0, seed=3, duration_s=latency_seconds, group=group2
        )
        time.sleep(2.0)
        ingest2.stop()

        def quantiles(values: list[float]) -> str:
            v = sorted(values)
            if not v:
                return "no data"
            p99 = v[min(len(v) - 1, int(0.99 * len(v)))]
            return (
                f"p50 {statistics.median(v) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
                f"max {v[-1] * 1000:.0f} ms ({len(v)} messages)"
            )

        after_births = latencies[machines:]
        warm = began + timedelta(seconds=warmup)
        steady = [lat for ts, lat in after_births if ts >= warm]
        typer.echo(
            f"latency: {machines} machines at 1 msg/s for {latency_seconds:.0f} s, "
            f"{sent} messages published\n"
            f"  publish-to-committed, all after births: {quantiles([x for _, x in after_births])}\n"
            f"  publish-to-committed, after {warmup:.0f} s warm-up: {quantiles(steady)}\n"
            f"  publish-to-received (bare arrival in the ingest): {quantiles(received[machines:])}"
        )
    finally:
        engine.dispose()
        _drop_database(pg_admin, db_name)


def register(bench_app: typer.Typer) -> None:
    """Add ``suigang bench telemetry``."""
    bench_app.command("telemetry")(telemetry)
