"""Messages that do not fit the store never hold up the ones behind them (the real Mosquitto,
SQLite and PostgreSQL): they are kept as dead letters with their raw payload and reason,
counted and acknowledged, and the ingest goes on, also after a restart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from suigang.domains.equipment.models import CounterSample, DeadLetter
from suigang.domains.equipment.readings import CounterReading
from suigang.domains.equipment.service import ingest_stats, list_dead_letters
from suigang.telemetry import sparkplug_b_pb2 as pb
from suigang.telemetry.ingest import IngestConfig, SparkplugIngest
from suigang.telemetry.processor import Outcome, SparkplugProcessor
from suigang.telemetry.sparkplug import MetricSpec, build_payload
from tests.telemetry.test_ingest_mqtt import forget_session

pytestmark = pytest.mark.services
P = "Production/PartsProduced"
T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)


class Node:
    """One edge node ``cell`` with a device ``m1`` that counts parts, speaking in sequence."""

    def __init__(self, group: str) -> None:
        self.group = group
        self.seq = -1

    def _seq(self) -> int:
        self.seq = (self.seq + 1) % 256
        return self.seq

    def births(self) -> list[tuple[str, bytes]]:
        self.seq = -1
        node = build_payload(
            [MetricSpec("bdSeq", None, pb.UInt64, 0)], timestamp=T0, seq=self._seq()
        )
        device = build_payload(
            [
                MetricSpec(P, 1, pb.UInt64, 0),
                MetricSpec("Process/Temperature", 2, pb.Double, 20.0),
            ],
            timestamp=T0,
            seq=self._seq(),
        )
        return [
            (f"spBv1.0/{self.group}/NBIRTH/cell", node),
            (f"spBv1.0/{self.group}/DBIRTH/cell/m1", device),
        ]

    def data(self, *metrics: MetricSpec, device: str = "m1", at: int = 1) -> tuple[str, bytes]:
        payload = build_payload(
            list(metrics), timestamp=T0 + timedelta(seconds=at), seq=self._seq()
        )
        return f"spBv1.0/{self.group}/DDATA/cell/{device}", payload

    def count(self, value: int, at: int) -> tuple[str, bytes]:
        return self.data(MetricSpec(None, 1, pb.UInt64, value), at=at)


def poison(node: Node) -> list[tuple[tuple[str, bytes], str]]:
    """Messages whose data cannot be stored, each with a piece of the reason it must give."""
    return [
        (node.count(2**64 - 1, at=2), "does not fit a 64-bit signed integer"),
        (
            node.data(MetricSpec("Process/T\x00emp", None, pb.Double, 1.0), at=3),
            "control character U+0000",
        ),
        (node.data(MetricSpec("Process/" + "x" * 300, None, pb.Double, 1.0), at=4), "characters"),
        (node.data(MetricSpec(None, 2, pb.Double, float("nan")), at=5), "not a finite number"),
        (node.data(MetricSpec(None, 1, pb.UInt64, 7), device="d" * 100, at=6), "device id"),
    ]


def start(url_host: str, port: int, group: str, sessions, processor=None) -> SparkplugIngest:
    ingest = SparkplugIngest(
        IngestConfig(
            f"mqtt://{url_host}:{port}",
            client_id=f"ingest-{group}",
            topics=(f"spBv1.0/{group}/#",),
            persistent=True,  # unacknowledged messages come back after a restart
        ),
        sessions,
        processor=processor or SparkplugProcessor(),
    )
    ingest.start()
    return ingest


def counters(sessions, group: str) -> list[int]:
    with sessions() as s:
        return list(
            s.scalars(
                select(CounterSample.value)
                .where(CounterSample.machine_key == f"{group}/cell/m1")
                .order_by(CounterSample.ts)
            )
        )


def test_poison_messages_become_dead_letters_and_ingest_goes_on(
    mqtt_broker, session_factory, run_id, publish, wait
) -> None:
    """Five messages that cannot be stored sit between good ones: the good counts are all
    stored, each bad one is one dead letter with its exact bytes and reason, counted; after a
    restart nothing comes back and new data is stored."""
    host, port = mqtt_broker
    node = Node(run_id)
    bad = poison(node)
    messages = [*node.births(), *(m for m, _ in bad), node.count(5, at=10)]
    ingest = start(host, port, run_id, session_factory)
    try:
        publish(host, port, messages)
        wait(lambda: counters(session_factory, run_id) == [0, 5], 30, "the good counts")
    finally:
        ingest.stop()
    with session_factory() as s:
        letters = sorted(list_dead_letters(s, limit=100), key=lambda d: d.id)
        stats = ingest_stats(s)
    # one dead letter per bad message, in order, with the exact payload and the reason
    assert [(d.topic, d.payload) for d in letters] == [m for m, _ in bad]
    for letter, (_, reason) in zip(letters, bad, strict=True):
        assert reason in letter.reason, letter.reason
    assert stats["dead_letters"] == 5

    # a restart: the dead letters were acknowledged, so nothing is delivered twice
    ingest = start(host, port, run_id, session_factory)
    try:
        publish(host, port, [node.count(9, at=20)])
        wait(lambda: counters(session_factory, run_id) == [0, 5, 9], 30, "the count after restart")
    finally:
        ingest.stop()
        forget_session(host, port, f"ingest-{run_id}")
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(DeadLetter)) == 5  # none added


class Unchecked(SparkplugProcessor):
    """A processor that lets an unfit reading through (as a check we have not thought of
    would), to show that the database refusing it still only costs that one message."""

    def handle(self, topic_text: str, payload_bytes: bytes, received_at: datetime) -> Outcome:
        out = super().handle(topic_text, payload_bytes, received_at)
        if topic_text.endswith("/m1") and b"unchecked" in payload_bytes:
            out.readings.append(CounterReading(f"{self.group}/cell/m1", P, T0, 2**70))
        return out

    group = ""


def test_a_message_the_database_refuses_is_a_dead_letter_not_a_stall(
    mqtt_broker, session_factory, run_id, publish, wait
) -> None:
    """A batch the database refuses is stored message by message; the refused one becomes a
    dead letter naming the database error class, never its text."""
    host, port = mqtt_broker
    node = Node(run_id)
    processor = Unchecked()
    processor.group = run_id
    refused = node.data(MetricSpec("unchecked", None, pb.Double, 1.0), at=2)
    ingest = start(host, port, run_id, session_factory, processor=processor)
    try:
        publish(host, port, [*node.births(), refused, node.count(4, at=3)])
        wait(lambda: counters(session_factory, run_id) == [0, 4], 30, "the good counts")
    finally:
        ingest.stop()
        forget_session(host, port, f"ingest-{run_id}")
    with session_factory() as s:
        (letter,) = list_dead_letters(s)
    assert (letter.topic, letter.payload) == refused
    assert letter.reason.startswith("the database refused it: ")
    assert "INSERT" not in letter.reason  # the class (and SQLSTATE), not the statement
