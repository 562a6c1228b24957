"""Sparkplug B host logic: births, aliases, seq, deaths and bad input, without a broker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from suigang.domains.equipment.readings import CounterReading, ProcessReading, StateReading
from suigang.telemetry import sparkplug_b_pb2 as pb
from suigang.telemetry.processor import SparkplugProcessor
from suigang.telemetry.simulator import EdgeNode, MachineModel, simulate_messages
from suigang.telemetry.sparkplug import MetricSpec, build_payload, parse_topic

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
G = "spBv1.0/g1"


def births(proc: SparkplugProcessor, seq_start: int = 0) -> None:
    proc.handle(
        f"{G}/NBIRTH/n1",
        build_payload([MetricSpec("bdSeq", None, pb.UInt64, 7)], timestamp=T0, seq=seq_start),
        T0,
    )
    proc.handle(
        f"{G}/DBIRTH/n1/d1",
        build_payload(
            [
                MetricSpec("Machinery/ItemState", 1, pb.String, "Executing", T0),
                MetricSpec("Machinery/OperationMode", 2, pb.String, "Setup", T0),
                MetricSpec("Production/PartsProduced", 3, pb.UInt64, 100, T0),
                MetricSpec("Process/SpindleLoad", 4, pb.Double, 12.5, T0),
            ],
            timestamp=T0,
            seq=(seq_start + 1) % 256,
        ),
        T0,
    )


def ddata(seq: int, specs: list[MetricSpec], ts: datetime = T0) -> bytes:
    return build_payload(specs, timestamp=ts, seq=seq)


def test_birth_then_aliased_data_are_dated_by_metric_time() -> None:
    """DBIRTH names alias 3; DDATA by alias alone yields a counter dated by its own timestamp."""
    proc = SparkplugProcessor()
    births(proc)
    t = T0 + timedelta(seconds=30)
    out = proc.handle(
        f"{G}/DDATA/n1/d1",
        ddata(
            2,
            [
                MetricSpec(None, 3, pb.UInt64, 101, t),
                MetricSpec(None, 2, pb.String, "Processing", t),
            ],
        ),
        T0 + timedelta(hours=1),  # arrival time is later and must not date the data
    )
    assert out.readings == [
        CounterReading("g1/n1/d1", "Production/PartsProduced", t, 101),
        StateReading("g1/n1/d1", t, "Executing", "Processing"),
    ]
    assert out.rebirth is None and proc.stats["births"] == 2


def test_birth_emits_state_counter_and_process_values() -> None:
    """The DBIRTH itself carries current values: one state, one counter, one process value."""
    proc = SparkplugProcessor()
    proc.handle(f"{G}/NBIRTH/n1", build_payload([], timestamp=T0, seq=0), T0)
    out = proc.handle(
        f"{G}/DBIRTH/n1/d1",
        build_payload(
            [
                MetricSpec("Machinery/ItemState", 1, pb.String, "NotExecuting", T0),
                MetricSpec("Production/PartsProduced", 3, pb.UInt64, 5, T0),
                MetricSpec("Process/SpindleLoad", 4, pb.Double, 1.5, T0),
            ],
            timestamp=T0,
            seq=1,
        ),
        T0,
    )
    assert out.readings == [
        CounterReading("g1/n1/d1", "Production/PartsProduced", T0, 5),
        ProcessReading("g1/n1/d1", "Process/SpindleLoad", T0, 1.5),
        StateReading("g1/n1/d1", T0, "NotExecuting", "None"),
    ]


def test_seq_wraps_from_255_to_0_without_a_gap() -> None:
    """seq is 0..255 and wraps: 254, 255, 0, 1 is in order."""
    proc = SparkplugProcessor()
    births(proc, seq_start=253)  # NBIRTH 253, DBIRTH 254
    for seq in (255, 0, 1):
        out = proc.handle(
            f"{G}/DDATA/n1/d1", ddata(seq, [MetricSpec(None, 3, pb.UInt64, 100 + seq)]), T0
        )
        assert out.rebirth is None
    assert proc.stats["seq_gap"] == 0


def test_seq_gap_asks_for_rebirth_once_and_counts_it() -> None:
    """A jump from 1 to 5 is a gap: NCMD Rebirth to the node, rate-limited, both counted."""
    proc = SparkplugProcessor()
    births(proc)
    out = proc.handle(f"{G}/DDATA/n1/d1", ddata(5, [MetricSpec(None, 3, pb.UInt64, 110)]), T0)
    assert str(out.rebirth) == "spBv1.0/g1/NCMD/n1"
    assert out.readings[0].value == 110  # the data itself is still stored
    again = proc.handle(f"{G}/DDATA/n1/d1", ddata(9, [MetricSpec(None, 3, pb.UInt64, 111)]), T0)
    assert again.rebirth is None  # within the rebirth interval: not asked twice
    assert (proc.stats["seq_gap"], proc.stats["rebirths_requested"]) == (2, 1)


def test_redelivered_message_is_not_a_gap() -> None:
    """A QoS 1 duplicate repeats the last seq: no rebirth, the readings repeat identically."""
    proc = SparkplugProcessor()
    births(proc)
    msg = ddata(2, [MetricSpec(None, 3, pb.UInt64, 103)])
    first = proc.handle(f"{G}/DDATA/n1/d1", msg, T0)
    second = proc.handle(f"{G}/DDATA/n1/d1", msg, T0)
    assert first.readings == second.readings and second.rebirth is None
    assert proc.stats["duplicate_seq"] == 1 and proc.stats["seq_gap"] == 0


def test_data_before_birth_asks_for_rebirth() -> None:
    """DDATA from a node never seen born: nothing stored, a rebirth requested and counted."""
    proc = SparkplugProcessor()
    out = proc.handle(f"{G}/DDATA/n1/d1", ddata(4, [MetricSpec(None, 3, pb.UInt64, 1)]), T0)
    assert out.readings == [] and str(out.rebirth) == "spBv1.0/g1/NCMD/n1"
    assert proc.stats["data_before_birth"] == 1 and proc.stats["rebirths_requested"] == 1


def test_bad_inputs_are_counted_never_raised(caplog) -> None:
    """Malformed protobuf, unknown alias, wrong type, bad value: counted, logged with topic."""
    proc = SparkplugProcessor()
    births(proc)
    proc.handle(f"{G}/DDATA/n1/d1", b"\xff\xff\xff\x00garbage", T0)
    proc.handle(f"{G}/DDATA/n1/d1", ddata(2, [MetricSpec(None, 99, pb.UInt64, 1)]), T0)
    proc.handle(f"{G}/DDATA/n1/d1", ddata(3, [MetricSpec(None, 3, pb.Double, 1.5)]), T0)
    proc.handle(f"{G}/DDATA/n1/d1", ddata(4, [MetricSpec(None, 1, pb.String, "Dancing")]), T0)
    proc.handle("spBv1.0/g1/NOPE/n1", b"", T0)
    assert proc.stats["malformed"] == 1
    assert proc.stats["unknown_alias"] == 1
    assert proc.stats["wrong_type"] == 2
    assert proc.stats["bad_topic"] == 1
    assert "spBv1.0/g1/DDATA/n1/d1" in caplog.text


def test_node_death_marks_devices_not_available_unless_stale() -> None:
    """NDEATH with the birth's bdSeq → NotAvailable; a stale bdSeq is ignored and counted."""
    proc = SparkplugProcessor()
    births(proc)
    stale = proc.handle(
        f"{G}/NDEATH/n1",
        build_payload([MetricSpec("bdSeq", None, pb.UInt64, 6)], timestamp=None, seq=None),
        T0,
    )
    assert stale.readings == [] and proc.stats["stale_death"] == 1
    t = T0 + timedelta(minutes=5)
    out = proc.handle(
        f"{G}/NDEATH/n1",
        build_payload([MetricSpec("bdSeq", None, pb.UInt64, 7)], timestamp=None, seq=None),
        t,
    )
    assert out.readings == [StateReading("g1/n1/d1", t, "NotAvailable", "Setup")]
    after = proc.handle(f"{G}/DDATA/n1/d1", ddata(2, [MetricSpec(None, 3, pb.UInt64, 1)]), t)
    assert after.readings == [] and proc.stats["data_before_birth"] == 1


def test_node_state_survives_export_and_import() -> None:
    """A restarted processor restored from export decodes aliases and continues the seq."""
    proc = SparkplugProcessor()
    births(proc)
    fresh = SparkplugProcessor()
    fresh.import_node("g1/n1", proc.export_node("g1/n1"))
    out = fresh.handle(f"{G}/DDATA/n1/d1", ddata(2, [MetricSpec(None, 3, pb.UInt64, 150)]), T0)
    assert out.readings == [CounterReading("g1/n1/d1", "Production/PartsProduced", T0, 150)]
    assert out.rebirth is None


def test_topic_parsing() -> None:
    """group/type/node[/device], device required for D-messages."""
    t = parse_topic("spBv1.0/plant/DDATA/edge/press-1")
    assert (t.group, t.node, t.device, t.machine_key) == (
        "plant",
        "edge",
        "press-1",
        "plant/edge/press-1",
    )


def test_simulator_is_deterministic_per_seed() -> None:
    """Same seed → byte-identical messages; another seed → different traffic."""
    a = simulate_messages(3, seed=5, start=T0, ticks=50, rate_hz=1.0, speedup=60)
    b = simulate_messages(3, seed=5, start=T0, ticks=50, rate_hz=1.0, speedup=60)
    c = simulate_messages(3, seed=6, start=T0, ticks=50, rate_hz=1.0, speedup=60)
    assert a == b and a != c
    assert len(a) == 1 + 3 + 50 * 3  # NBIRTH, 3 DBIRTH, one DDATA per machine per tick


def test_simulated_machine_visits_failures_setups_and_micro_stops() -> None:
    """Over a simulated week a machine fails, sets up, micro-stops and scraps parts."""
    import random

    m = MachineModel(rng=random.Random(3))
    seen = set()
    for _ in range(7 * 24 * 60):
        m.step(60.0)
        seen.add((m.item_state, m.operation_mode))
    assert {
        ("OutOfService", "Processing"),
        ("Executing", "Setup"),
        ("NotExecuting", "Processing"),
        ("Executing", "Processing"),
    } <= seen
    assert m.produced > 1000 and 0 < m.scrap < m.produced * 0.05


def test_edge_node_ddata_uses_aliases_only() -> None:
    """DDATA carries aliases and no names (names only in births)."""
    import random

    node = EdgeNode("g", "n", {"d": MachineModel(rng=random.Random(1))})
    node.births(T0)
    ((_, payload),) = node.step(T0, 1.0)
    metrics = pb.Payload.FromString(payload).metrics
    assert all(not m.HasField("name") and m.HasField("alias") for m in metrics)


def test_counter_going_backwards_is_counted_as_a_reset_and_still_stored(caplog) -> None:
    """150 then 3 is a reset: counted and logged with the topic; the sample is kept."""
    proc = SparkplugProcessor()
    births(proc)  # PartsProduced 100 at T0
    t1, t2 = T0 + timedelta(seconds=1), T0 + timedelta(seconds=2)
    proc.handle(f"{G}/DDATA/n1/d1", ddata(2, [MetricSpec(None, 3, pb.UInt64, 150, t1)]), T0)
    out = proc.handle(f"{G}/DDATA/n1/d1", ddata(3, [MetricSpec(None, 3, pb.UInt64, 3, t2)]), T0)
    assert out.readings == [CounterReading("g1/n1/d1", "Production/PartsProduced", t2, 3)]
    assert proc.stats["counter_reset"] == 1
    assert "counter reset on topic spBv1.0/g1/DDATA/n1/d1" in caplog.text


def test_a_bytes_metric_refuses_an_integer_instead_of_allocating_it() -> None:
    """bytes(n) of an integer makes n zero bytes: a counter value written as a Bytes metric
    (here 35 GB worth) is refused with the types named, before anything is allocated."""
    import pytest

    from suigang.telemetry.sparkplug import set_value

    metric = pb.Payload.Metric()
    with pytest.raises(TypeError, match="a Bytes or File metric needs bytes, got int"):
        set_value(metric, pb.Bytes, 34_948_199_412)
    set_value(metric, pb.Bytes, b"\x01\x02")
    assert metric.bytes_value == b"\x01\x02"  # bytes still go through unchanged
