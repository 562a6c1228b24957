"""The issue's worked OEE check, published as Sparkplug B history and read back as OEE."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from suigang.domains.equipment.service import machine_oee
from suigang.engines.oee import Period
from suigang.telemetry import sparkplug_b_pb2 as pb
from suigang.telemetry.sparkplug import MetricSpec, build_payload
from tests.telemetry.conftest import group_ingest, publish_all, wait_until

pytestmark = pytest.mark.services

ALIASES = {
    "Machinery/ItemState": (1, pb.String),
    "Machinery/OperationMode": (2, pb.String),
    "Production/PartsProduced": (3, pb.UInt64),
    "Production/PartsScrap": (4, pb.UInt64),
    "Production/PartsRework": (5, pb.UInt64),
}


def history(t0: datetime) -> dict[float, dict[str, object]]:
    """Minute → metric values: setup 30, APT 360, ADOT 20 (+30 planned), ADET 40."""
    return {
        0: {
            "Machinery/ItemState": "Executing",
            "Machinery/OperationMode": "Setup",
            "Production/PartsProduced": 1000,
            "Production/PartsScrap": 0,
            "Production/PartsRework": 0,
        },
        30: {"Machinery/OperationMode": "Processing"},
        210: {
            "Machinery/ItemState": "NotExecuting",
            "Machinery/OperationMode": "None",
            "Production/PartsProduced": 1300,
            "Production/PartsScrap": 10,
            "Production/PartsRework": 5,
        },
        230: {"Machinery/ItemState": "Executing", "Machinery/OperationMode": "Processing"},
        240: {
            "Machinery/ItemState": "NotExecuting",
            "Machinery/OperationMode": "None",
            "Production/PartsProduced": 1320,
        },
        270: {"Machinery/ItemState": "OutOfService", "Machinery/OperationMode": "Processing"},
        310: {"Machinery/ItemState": "Executing"},
        480: {
            "Machinery/ItemState": "NotExecuting",
            "Machinery/OperationMode": "None",
            "Production/PartsProduced": 1640,
            "Production/PartsScrap": 20,
            "Production/PartsRework": 12,
        },
    }


def ingest_worked_example(
    host: str, port: int, group: str, sessions: sessionmaker[Session], t0: datetime
) -> None:
    """Publish the history as device ``{group}/edge/press`` (births at ``t0``, then one DDATA
    per change, metric timestamps from ``t0``) and wait until the ingest has stored it all."""
    at = lambda m: t0 + timedelta(minutes=m)  # noqa: E731
    steps = history(t0)
    node, dev = f"spBv1.0/{group}/NBIRTH/edge", f"spBv1.0/{group}/DBIRTH/edge/press"
    msgs = [
        (node, build_payload([MetricSpec("bdSeq", None, pb.UInt64, 0)], timestamp=at(0), seq=0)),
        (
            dev,
            build_payload(
                [MetricSpec(n, a, t, steps[0][n], at(0)) for n, (a, t) in ALIASES.items()],
                timestamp=at(0),
                seq=1,
            ),
        ),
    ]
    for seq, (minute, values) in enumerate(list(steps.items())[1:], start=2):
        specs = [
            MetricSpec(None, ALIASES[n][0], ALIASES[n][1], v, at(minute)) for n, v in values.items()
        ]
        msgs.append(
            (f"spBv1.0/{group}/DDATA/edge/press", build_payload(specs, timestamp=None, seq=seq))
        )
    ingest = group_ingest(host, port, group, sessions)
    ingest.start()
    try:
        publish_all(host, port, msgs)
        wait_until(
            lambda: (
                ingest.processor.stats["messages"] >= len(msgs)
                and ingest.backlog == 0
                and ingest.committed_batches > 0
            ),
            30,
            "the history to be stored",
        )
    finally:
        ingest.stop()


def test_worked_example_from_sparkplug_messages(mqtt_broker, pg_sessions, run_id) -> None:  # type: ignore[no-untyped-def]
    """Published with metric timestamps (hours ago), the history gives A 0.8 ... NEE 0.7319."""
    host, port = mqtt_broker
    t0 = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(days=1)
    at = lambda m: t0 + timedelta(minutes=m)  # noqa: E731
    ingest_worked_example(host, port, run_id, pg_sessions, t0)
    with pg_sessions() as s:
        (period,) = machine_oee(
            s,
            machine_id=f"{run_id}/edge/press",
            start=at(0),
            end=at(480),
            pru_s=30.0,
            planned_down=[Period(at(240), at(270))],
        )
    k = period.result.kpis
    assert (round(k.availability, 3), round(k.effectiveness, 3), round(k.quality_ratio, 3)) == (
        0.8,
        0.889,
        0.95,
    )
    assert (round(k.oee, 4), round(k.nee, 4)) == (0.6756, 0.7319)
    assert (round(k.setup_rate, 4), round(k.technical_efficiency, 3)) == (0.0769, 0.9)
