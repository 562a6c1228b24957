"""Two ingest workers on one MQTT 5 shared subscription split the stream; counts stay exact."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from suigang.domains.equipment.readings import CounterReading
from suigang.domains.equipment.service import counter_increments, load_node_states
from suigang.telemetry.ingest import IngestConfig, SparkplugIngest
from suigang.telemetry.processor import SparkplugProcessor
from suigang.telemetry.simulator import simulate_messages

pytestmark = pytest.mark.services
P = "Production/PartsProduced"


def test_two_workers_share_the_load_without_losing_or_doubling(
    mqtt_broker, pg_sessions, run_id, publish, wait
) -> None:
    """Births reach one worker, data both: the peer reads births from storage, no seq checks."""
    host, port = mqtt_broker
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    msgs = simulate_messages(
        4, seed=9, start=start, ticks=80, rate_hz=1.0, speedup=120, group=run_id
    )
    reference = SparkplugProcessor()
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for t, p in msgs:
        for r in reference.handle(t, p, start).readings:
            if isinstance(r, CounterReading) and r.metric == P:
                first.setdefault(r.machine_key, r.value)
                last[r.machine_key] = r.value
    expected = {k: last[k] - first[k] for k in last}
    topic = f"$share/{run_id}/spBv1.0/{run_id}/#"
    workers = [
        SparkplugIngest(
            IngestConfig(
                f"mqtt://{host}:{port}",
                client_id=f"ingest-{run_id}-{i}",
                topics=(topic,),
                persistent=False,
            ),
            pg_sessions,
        )
        for i in range(2)
    ]
    for w in workers:
        w.start()
    node_key = f"{run_id}/cell-01"

    def stored_devices() -> int:
        with pg_sessions() as s:
            return len(
                load_node_states(s, node_keys=[node_key]).get(node_key, {}).get("devices", [])
            )

    try:
        publish(host, port, msgs[:1])  # NBIRTH
        wait(lambda: node_key in _born(pg_sessions, node_key), 20, "the node birth stored")
        publish(host, port, msgs[1:5])  # DBIRTHs, possibly to either worker
        wait(lambda: stored_devices() == 4, 20, "all device births stored")
        publish(host, port, msgs[5:])

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
        for w in workers:
            w.stop()
    assert all(w.processor.stats["messages"] > 0 for w in workers)
    assert sum(w.processor.stats["messages"] for w in workers) == len(msgs)
    assert sum(w.processor.stats["seq_gap"] for w in workers) == 0


def _born(sessions, node_key: str) -> set[str]:
    with sessions() as s:
        states = load_node_states(s, node_keys=[node_key])
    return {k for k, v in states.items() if v["born"]}
