"""Helpers for telemetry tests against the real Mosquitto and PostgreSQL."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import paho.mqtt.client as mqtt
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from suigang.config import Settings
from suigang.db import make_engine, make_session_factory
from suigang.telemetry.mqtt import make_client


@pytest.fixture
def pg_engine(telemetry_pg_url) -> Iterator[Engine]:
    engine = make_engine(Settings(), url=telemetry_pg_url)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_sessions(pg_engine) -> sessionmaker[Session]:
    return make_session_factory(pg_engine)


@pytest.fixture
def run_id() -> str:
    """A Sparkplug group id and client-id suffix unique to this test run."""
    return f"t{uuid.uuid4().hex[:10]}"


def publish_all(host: str, port: int, messages: list[tuple[str, bytes]], *, qos: int = 1) -> None:
    """Publish messages in order with QoS 1 and wait until the broker has them all."""
    client = make_client(f"pub-{uuid.uuid4().hex[:8]}")
    client.connect(host, port, clean_start=True)
    client.loop_start()
    infos = [client.publish(t, p, qos=qos) for t, p in messages]
    for info in infos:
        info.wait_for_publish(30)
    client.disconnect()
    client.loop_stop()


def group_ingest(host: str, port: int, group: str, sessions: sessionmaker[Session]) -> Any:
    """A non-persistent ingest of every Sparkplug message of ``group`` (not started)."""
    from suigang.telemetry.ingest import IngestConfig, SparkplugIngest

    return SparkplugIngest(
        IngestConfig(
            f"mqtt://{host}:{port}",
            client_id=f"ingest-{group}",
            topics=(f"spBv1.0/{group}/#",),
            persistent=False,
        ),
        sessions,
    )


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture
def publish() -> Callable[..., None]:
    """``publish(host, port, messages)``: QoS 1, in order, all acknowledged by the broker."""
    return publish_all


@pytest.fixture
def wait() -> Callable[[Callable[[], bool], float, str], None]:
    """``wait(check, timeout, what)``: poll until ``check()`` or fail naming ``what``."""
    return wait_until


__all__ = ["mqtt"]
