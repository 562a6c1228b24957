"""Sparkplug B ingest over MQTT into the equipment tables.

A paho-mqtt 2 client (MQTT 5, fixed client id, ``clean_start=False``, long session expiry)
receives messages with QoS 1 and acknowledges each only after the batch holding it is
committed; a restarted ingest with the same client id therefore receives everything that
was not stored, and the idempotent writes make redeliveries harmless. Topics may be MQTT 5
shared subscriptions (``$share/<group>/spBv1.0/<sparkplug group>/#``) so several ingest
processes split the load; share by Sparkplug group so one node's messages stay in order.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import paho.mqtt.client as mqtt
from sqlalchemy.orm import Session, sessionmaker

from suigang.db import TRANSIENT_ERRORS, error_summary, utcnow
from suigang.domains.equipment.readings import Reading
from suigang.domains.equipment.service import (
    Letter,
    TelemetryWriter,
    load_node_states,
    record_batch,
)
from suigang.telemetry.mqtt import connect, make_client, parse_broker_url
from suigang.telemetry.processor import SparkplugProcessor
from suigang.telemetry.sparkplug import host_state, rebirth_command

log = logging.getLogger(__name__)

#: Called after each commit with the stored readings, the commit time and the batch size.
CommitHook = Callable[[Sequence[Reading], datetime, int], None]


@dataclass
class IngestConfig:
    """Where and how the ingest listens."""

    broker_url: str
    client_id: str = "suigang-ingest"
    topics: tuple[str, ...] = ("spBv1.0/#",)
    persistent: bool = True
    batch_size: int = 5000
    batch_interval_s: float = 0.05
    keepalive_s: int = 30
    #: How often sequence numbers are saved; births and deaths are saved with their batch.
    #: A restart may then see a stale seq once and ask for a (harmless) rebirth.
    seq_save_interval_s: float = 5.0
    #: Sparkplug host application id: when set, the ingest publishes its retained
    #: ``spBv1.0/STATE/<host_id>`` (online on connect, offline as its will and on stop), so
    #: edge nodes configured with this primary host wait for it. Leave unset when several
    #: workers share a subscription (one worker's will would declare the host offline).
    host_id: str | None = None

    @property
    def shared(self) -> bool:
        """True when subscribing through an MQTT 5 shared subscription (``$share/...``)."""
        return any(t.startswith("$share/") for t in self.topics)


@dataclass
class _Inbound:
    topic: str
    payload: bytes
    mid: int
    qos: int
    received_at: datetime


@dataclass
class SparkplugIngest:
    """A running ingest: MQTT network thread + one writer thread."""

    config: IngestConfig
    session_factory: sessionmaker[Session]
    writer: TelemetryWriter = field(default_factory=TelemetryWriter)
    on_commit: CommitHook | None = None
    processor: SparkplugProcessor = field(default_factory=SparkplugProcessor)

    def __post_init__(self) -> None:
        if self.config.shared:
            # Peers see the rest of each node's messages: no seq checks, births from storage,
            # latest states read under a lock.
            self.processor.check_seq = False
            self.processor.node_loader = self._load_node
            self.writer.cache_latest = False
        self._queue: queue.Queue[_Inbound] = queue.Queue()
        self._stop = threading.Event()
        self._connected = threading.Event()
        self._thread: threading.Thread | None = None
        self._persisted: Counter[str] = Counter()
        self._next_seq_save = 0.0
        self.committed_batches = 0
        self.address = parse_broker_url(self.config.broker_url)
        self.client = make_client(
            self.config.client_id,
            manual_ack=True,
            persistent=self.config.persistent,
            v5=self.address.v5,
        )
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self.client.on_subscribe = self._on_subscribe
        if self.config.host_id:
            topic, payload = host_state(self.config.host_id, online=False)
            self.client.will_set(topic, payload, qos=1, retain=True)

    # -- lifecycle --------------------------------------------------------------------
    def start(self, *, wait_s: float = 10.0) -> None:
        """Restore node states, connect, subscribe and start writing.

        Returns once the subscription is acknowledged (or ``wait_s`` passed).
        """
        with self.session_factory() as session:
            for key, data in load_node_states(session).items():
                self.processor.import_node(key, data)
        connect(
            self.client,
            self.address,
            persistent=self.config.persistent,
            keepalive=self.config.keepalive_s,
            asynchronous=True,
        )
        self.client.loop_start()
        self._thread = threading.Thread(target=self._write_loop, name="ingest-writer", daemon=True)
        self._thread.start()
        if not self._connected.wait(wait_s):
            log.warning("ingest not connected to %s after %.0f s", self.config.broker_url, wait_s)

    def stop(self) -> None:
        """Write what has been received, then disconnect."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self.config.host_id and self.connected:
            topic, payload = host_state(self.config.host_id, online=False)
            self.client.publish(topic, payload, qos=1, retain=True).wait_for_publish(5)
        self.client.disconnect()
        self.client.loop_stop()

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def wait_connected(self, timeout: float) -> bool:
        return self._connected.wait(timeout)

    @property
    def backlog(self) -> int:
        """Messages received and not yet committed."""
        return self._queue.qsize()

    def _load_node(self, node_key: str) -> dict[str, Any] | None:
        with self.session_factory() as session:
            return load_node_states(session, node_keys=[node_key]).get(node_key)

    # -- MQTT callbacks (network thread) ------------------------------------------------
    def _on_connect(
        self, client: mqtt.Client, _u: object, _f: object, reason: object, _p: object
    ) -> None:
        if getattr(reason, "is_failure", False):
            log.warning("ingest connection refused: %s", reason)
            return
        client.subscribe([(t, 1) for t in self.config.topics])
        if self.config.host_id:
            topic, payload = host_state(self.config.host_id, online=True)
            client.publish(topic, payload, qos=1, retain=True)

    def _on_subscribe(
        self, _c: mqtt.Client, _u: object, _mid: int, codes: object, _p: object
    ) -> None:
        self._connected.set()
        log.info("ingest subscribed on %s to %s", self.config.broker_url, self.config.topics)

    def _on_disconnect(
        self, _c: mqtt.Client, _u: object, _f: object, reason: object, _p: object
    ) -> None:
        self._connected.clear()
        if not self._stop.is_set():
            log.warning("ingest disconnected (%s); reconnecting", reason)

    def _on_message(self, _c: mqtt.Client, _u: object, message: mqtt.MQTTMessage) -> None:
        self._queue.put(
            _Inbound(message.topic, message.payload, message.mid, message.qos, utcnow())
        )

    # -- writer thread ------------------------------------------------------------------
    def _next_batch(self) -> list[_Inbound]:
        try:
            first = self._queue.get(timeout=0.2)
        except queue.Empty:
            return []
        batch = [first]
        deadline = time.monotonic() + self.config.batch_interval_s
        while len(batch) < self.config.batch_size:
            remaining = deadline - time.monotonic()
            try:
                batch.append(
                    self._queue.get(timeout=max(0.0, remaining))
                    if remaining > 0
                    else self._queue.get_nowait()
                )
            except queue.Empty:
                break
        return batch

    def _write_loop(self) -> None:
        while True:
            batch = self._next_batch()
            if not batch:
                if self._stop.is_set():
                    return
                continue
            try:
                self._process(batch)
            except Exception:  # never let the writer die: unacked messages come back later
                log.exception("ingest batch of %d messages failed", len(batch))
                self.processor.stats["internal_errors"] += 1

    def _process(self, batch: list[_Inbound]) -> None:
        readings: list[Reading] = []
        per_message: list[tuple[_Inbound, list[Reading]]] = []
        letters: list[Letter] = []
        rebirths = []
        for item in batch:
            try:
                outcome = self.processor.handle(item.topic, item.payload, item.received_at)
            except Exception as exc:  # a bug must not stop the ingest; the message is kept
                log.exception("ingest failed on a message on topic %r", item.topic)
                self.processor.stats["internal_errors"] += 1
                letters.append(_letter(item, f"internal error: {type(exc).__name__}"))
                continue
            if outcome.rejected:
                letters.append(_letter(item, "; ".join(outcome.rejected)))
            readings.extend(outcome.readings)
            per_message.append((item, outcome.readings))
            if outcome.rebirth is not None:
                rebirths.append(outcome.rebirth)
        due = time.monotonic() >= self._next_seq_save
        keys = set(self.processor.structural) | (self.processor.dirty if due else set())
        dirty = {k: self.processor.export_node(k) for k in keys}
        deltas = self.processor.stats - self._persisted
        try:
            self._retrying(
                len(readings),
                lambda session: record_batch(
                    session,
                    writer=self.writer,
                    readings=readings,
                    node_states=dirty,
                    stats=dict(deltas),
                    merge_node_states=self.config.shared,
                    dead_letters=letters,
                ),
            )
        except Exception as exc:  # the data, not the connection: find the message at fault
            log.warning(
                "the database refused a batch of %d messages (%s); storing them one by one",
                len(batch),
                error_summary(exc),
            )
            self._store_one_by_one(per_message, letters, dirty, deltas)
        committed = utcnow()
        for key in dirty:
            self.processor.nodes[key].reborn = False
        self.processor.structural.clear()
        if due:
            self.processor.dirty.clear()
            self._next_seq_save = time.monotonic() + self.config.seq_save_interval_s
        self._persisted.update(deltas)
        self.committed_batches += 1
        for item in batch:
            if item.qos > 0:
                self.client.ack(item.mid, item.qos)
        for topic in rebirths:
            self.client.publish(str(topic), rebirth_command(committed), qos=0)
        if self.on_commit is not None:
            try:
                self.on_commit(readings, committed, len(batch))
            except Exception:
                log.exception("ingest commit hook failed")

    def _retrying(self, count: int, store: Callable[[Session], object]) -> None:
        """Run ``store`` in a session until it commits; connection errors (the database
        is down or busy) are retried with backoff, other errors raised."""
        delay = 0.2
        while True:
            try:
                with self.session_factory() as session:
                    store(session)
                return
            except TRANSIENT_ERRORS as exc:
                log.warning(
                    "storing %d readings failed (%s); retrying in %.1f s",
                    count,
                    error_summary(exc),
                    delay,
                )
                time.sleep(delay)
                delay = min(delay * 2, 5.0)

    def _store_one_by_one(
        self,
        per_message: list[tuple[_Inbound, list[Reading]]],
        letters: list[Letter],
        dirty: dict[str, dict[str, Any]],
        deltas: Counter[str],
    ) -> None:
        """Store each message's readings on its own; one the database refuses becomes a dead
        letter. Then the bookkeeping, in a last transaction."""
        letters = list(letters)
        for item, readings in per_message:
            if not readings:
                continue
            try:
                self._retrying(
                    len(readings),
                    lambda session, rs=readings: record_batch(  # type: ignore[misc]
                        session, writer=self.writer, readings=rs
                    ),
                )
            except Exception as exc:
                self.processor.stats["unfit"] += 1
                deltas["unfit"] += 1
                letters.append(_letter(item, f"the database refused it: {error_summary(exc)}"))

        def bookkeeping(session: Session) -> None:
            record_batch(
                session,
                writer=self.writer,
                readings=[],
                node_states=dirty,
                stats=dict(deltas),
                merge_node_states=self.config.shared,
                dead_letters=letters,
            )

        try:
            self._retrying(0, bookkeeping)
        except Exception as exc:  # node states that do not fit: keep counts and letters
            log.warning("saving ingest bookkeeping failed (%s)", error_summary(exc))
            dirty.clear()
            self._retrying(0, bookkeeping)


def _letter(item: _Inbound, reason: str) -> Letter:
    return Letter(item.received_at, item.topic, item.payload, reason)
