"""A machine reports OutOfService over Sparkplug B through the real Mosquitto; the telemetry
ingest writes the outbox event, the dispatcher hands it to planning, and the repaired plan
moves the customer's forecast."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from suigang.domains.catalog.models import Machine
from suigang.domains.events.models import OutboxEvent
from suigang.domains.events.service import dispatch_pending
from suigang.domains.orders.models import Order
from suigang.domains.planning import calendar, service
from suigang.domains.planning.models import Disruption
from suigang.domains.registry import register_subscribers
from suigang.telemetry import sparkplug_b_pb2 as pb
from suigang.telemetry.sparkplug import MetricSpec, build_payload
from tests.domains.planning.test_planning_flow import place_order
from tests.telemetry.conftest import group_ingest, publish_all, wait_until
from tests.world import build_world, in_days

pytestmark = pytest.mark.services
STATE = "Machinery/ItemState"


def test_sparkplug_out_of_service_repairs_and_moves_the_forecast(
    session_factory, mqtt_broker
) -> None:  # type: ignore[no-untyped-def]
    """CNC1 goes OutOfService at T: on a round-the-clock calendar it is blocked until T + 4 h,
    and finish milling (CNC1 only, 36 min for 40 units) ends 36 min after that."""
    host, port = mqtt_broker
    group = f"t{uuid.uuid4().hex[:10]}"
    register_subscribers()
    with session_factory() as s:
        w = build_world(s)
        cnc1 = s.get(Machine, w.machines["gz1"][0].id)
        assert cnc1 is not None
        cnc1.sparkplug_group, cnc1.sparkplug_node, cnc1.sparkplug_device = group, "edge", "cnc1"
        cnc1_id = cnc1.id
        s.commit()
        calendar.set_calendar(s, actor=w.actor("gz1"), shifts=[(d, 0, 1440) for d in range(7)])
        order = place_order(s, w, "hk1", 40, in_days(3))
        base = service.make_plan(s, actor=w.actor("gz1"))
        service.release_plan(s, actor=w.actor("gz1"), plan_id=base.id, version=base.version)
        dispatch_pending(s)  # the order flow's events
        order_id, before = order.id, s.get(Order, order.id).forecast_date  # type: ignore[union-attr]
    t_down = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=1)
    msgs = [
        (
            f"spBv1.0/{group}/NBIRTH/edge",
            build_payload([MetricSpec("bdSeq", None, pb.UInt64, 0)], timestamp=None, seq=0),
        ),
        (
            f"spBv1.0/{group}/DBIRTH/edge/cnc1",
            build_payload(
                [MetricSpec(STATE, 1, pb.String, "Executing", t_down - timedelta(minutes=5))],
                timestamp=None,
                seq=1,
            ),
        ),
        (
            f"spBv1.0/{group}/DDATA/edge/cnc1",
            build_payload(
                [MetricSpec(None, 1, pb.String, "OutOfService", t_down)], timestamp=None, seq=2
            ),
        ),
    ]
    ingest = group_ingest(host, port, group, session_factory)
    ingest.start()

    def events(kind: str) -> int:
        with session_factory() as s:
            return (
                s.scalar(
                    select(func.count()).select_from(OutboxEvent).where(OutboxEvent.kind == kind)
                )
                or 0
            )

    def event_stored() -> bool:
        return events("machine.out_of_service") == 1

    try:
        publish_all(host, port, msgs)
        wait_until(event_stored, 30, "the machine.out_of_service event")
    finally:
        ingest.stop()
    with session_factory() as s:
        assert dispatch_pending(s) == 1
        current = service.current_version(s, w.firms["gz1"].id)
        assert current is not None and (current.number, current.reason) == (2, "repair")
        forecast = s.get(Order, order_id).forecast_date  # type: ignore[union-attr]
    back = t_down + timedelta(hours=4)
    assert forecast == back.replace(second=0) + timedelta(minutes=36)
    assert before is not None and forecast > before
    # the machine reports Executing again 90 s later: its outage ends then, for the next plan
    t_back = t_down + timedelta(seconds=90)
    ingest.start()
    try:
        publish_all(
            host,
            port,
            [
                (
                    f"spBv1.0/{group}/DDATA/edge/cnc1",
                    build_payload(
                        [MetricSpec(None, 1, pb.String, "Executing", t_back)],
                        timestamp=None,
                        seq=3,
                    ),
                )
            ],
        )
        wait_until(lambda: events("machine.back_in_service") == 1, 30, "the back event")
    finally:
        ingest.stop()
    with session_factory() as s:
        assert dispatch_pending(s) == 1
        ends = s.scalars(select(Disruption.end).where(Disruption.machine_id == cnc1_id)).all()
    assert ends == [t_back]
