"""``suigang bench telemetry --workers N``: N ingest processes on one MQTT 5 shared
subscription (``$share/suigang-bench/spBv1.0/<group>/#``) take one Sparkplug stream.

Each worker records which messages it received (topic and payload digest) and how many it
committed; the report says whether every published message was received by exactly one
worker (no loss, no duplicates) and committed, and each worker's rate while it worked.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any


def _digest(topic: str, payload: bytes) -> str:
    return hashlib.blake2b(topic.encode() + b"\0" + payload, digest_size=12).hexdigest()


def _worker(
    broker: str, topic: str, db_url: str, idx: int, out: Any, ready: Any, stop: Any
) -> None:
    import logging

    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory
    from suigang.telemetry.ingest import IngestConfig, SparkplugIngest

    logging.basicConfig(level=logging.ERROR)
    engine = make_engine(Settings(), url=db_url, pool_size=2)
    seen: list[str] = []
    stats = {"committed": 0, "first": 0.0, "last": 0.0}
    lock = threading.Lock()

    def on_commit(_readings: Any, committed: datetime, batch: int) -> None:
        with lock:
            stats["committed"] += batch
            stats["last"] = committed.timestamp()

    ingest = SparkplugIngest(
        IngestConfig(
            broker,
            client_id=f"bench-shared-{idx}-{uuid.uuid4().hex[:6]}",
            topics=(topic,),
            persistent=False,
        ),
        make_session_factory(engine),
        on_commit=on_commit,
    )
    original = ingest._on_message

    def on_message(c: Any, u: Any, m: Any) -> None:
        if not stats["first"]:
            stats["first"] = time.time()
        seen.append(_digest(m.topic, m.payload))
        original(c, u, m)

    ingest.client.on_message = on_message
    ingest.start()
    ready.set()
    stop.wait(900)
    time.sleep(1.0)  # the last batch commits
    ingest.stop()
    engine.dispose()
    out.put((idx, seen, stats["committed"], stats["first"], stats["last"]))


def shared_phase(broker: str, db_url: str, workers: int, messages: int) -> list[str]:
    """Run the stream through ``workers`` ingest processes; the report's lines."""
    from suigang.bench.telemetry import _publisher
    from suigang.telemetry import sparkplug_b_pb2 as pb
    from suigang.telemetry.simulator import simulate_messages

    group = f"benchsh{uuid.uuid4().hex[:6]}"
    per_tick = 100
    stream = simulate_messages(
        per_tick,
        seed=11,
        start=datetime.now(UTC) - timedelta(days=1),
        ticks=max(1, messages // per_tick),
        rate_hz=1.0,
        speedup=30,
        group=group,
    )
    metrics = sum(len(pb.Payload.FromString(p).metrics) for _, p in stream)
    expected = [_digest(t, p) for t, p in stream]
    ctx = mp.get_context("spawn")
    out, stop = ctx.Queue(), ctx.Event()
    topic = f"$share/suigang-bench/spBv1.0/{group}/#"
    readies = [ctx.Event() for _ in range(workers)]
    procs = [
        ctx.Process(target=_worker, args=(broker, topic, db_url, i, out, readies[i], stop))
        for i in range(workers)
    ]
    for p in procs:
        p.start()
    for r in readies:
        r.wait(120)
    time.sleep(1.0)
    pub_ready, pub_done = ctx.Event(), ctx.Event()
    pub = ctx.Process(target=_publisher, args=(broker, stream, pub_ready, pub_done))
    pub.start()
    time.sleep(1.0)
    began = time.time()
    pub_ready.set()
    pub_done.wait(600)
    pub.join(60)
    # wait until the workers have committed all (or nothing more arrives for 10 s)
    time.sleep(3.0)
    stop.set()
    results = sorted(out.get(timeout=300) for _ in procs)
    for p in procs:
        p.join(30)
    got = [d for _, seen, *_ in results for d in seen]
    counts: dict[str, int] = {}
    for d in got:
        counts[d] = counts.get(d, 0) + 1
    lost = sum(1 for d in expected if d not in counts)
    wanted = set(expected)
    other = sum(1 for d in got if d not in wanted)  # e.g. the ingest's own rebirth commands
    doubled = sum(c - 1 for c in counts.values() if c > 1)
    committed = sum(r[2] for r in results)
    ended = max(r[4] for r in results)
    lines = [
        f"shared subscription: {workers} ingest processes on {topic}",
        f"  {len(stream)} messages ({metrics} metrics) published with QoS 1; received "
        f"{len(got) - other} of them and {other} other messages of the group (rebirth commands), "
        f"lost {lost}, duplicated {doubled}; committed {committed}",
        f"  all workers: {metrics * committed / len(stream) / max(1e-9, ended - began):,.0f} "
        f"metrics/s ({committed / max(1e-9, ended - began):,.0f} messages/s)",
    ]
    for idx, seen, done, first, last in results:
        span = max(1e-9, last - first)
        lines.append(
            f"  worker {idx}: {len(seen)} messages ({len(seen) / len(stream):.0%}), "
            f"{done / span:,.0f} messages/s, {metrics * done / len(stream) / span:,.0f} "
            f"metrics/s while it worked"
        )
    return lines
