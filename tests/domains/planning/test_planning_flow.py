"""The front shop → back factory loop on SQLite and PostgreSQL: a promise from capacity, a
plan whose forecast is the promise, a rush order that bumps another customer (notified, its
webhook called and signed), a machine going down, and a stale edit refused.

World: factory gz1 has CNC1 and CNC2; its housing has rough milling (setup 600 s + 90 s/unit,
CNC1 or CNC2) then finish milling (setup 300 s + 45.5 s/unit, CNC1 only). For 40 units:
rough 10 + 60 = 70 min, finish 5 + ceil(30.33) = 36 min. The default calendar works
Monday–Saturday 08:00–24:00 Asia/Shanghai, i.e. 00:00–16:00 UTC, so NOW (a Tuesday, 02:00
UTC) has 14 working hours ahead in its day and every time below is NOW + minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlalchemy import select

from suigang.domains.catalog.machines import set_machine_status
from suigang.domains.events.models import OutboxEvent
from suigang.domains.events.service import dispatch_pending
from suigang.domains.orders import service as orders
from suigang.domains.orders.models import Order
from suigang.domains.orders.schemas import QuoteCreate, RFQCreate
from suigang.domains.planning import calendar, ctp, disrupt, edits, intake, notify, service
from suigang.domains.planning.models import Disruption, Notification, ScheduledOperation
from suigang.domains.registry import register_subscribers
from suigang.errors import Conflict
from tests.world import build_world, in_days


def _a_tuesday_ahead() -> datetime:
    """02:00 UTC (10:00 in Guangzhou) on a Tuesday one to two weeks ahead: quotes promise
    dates from NOW and refuse dates in the past, so NOW must stay in the future."""
    today = datetime.now(UTC).replace(hour=2, minute=0, second=0, microsecond=0)
    return today + timedelta(days=(1 - today.weekday()) % 7 + 7)


NOW = _a_tuesday_ahead()  # Tuesday 10:00 in Guangzhou


def at(minutes: int) -> datetime:
    return NOW + timedelta(minutes=minutes)


def place_order(session, w, buyer: str, quantity: int, promised: datetime) -> Order:  # type: ignore[no-untyped-def]
    rfq = orders.create_rfq(
        session,
        actor=w.actor(buyer),
        data=RFQCreate(
            title=f"housing for {buyer}",
            quantity=quantity,
            wanted_date=promised,
            factory_ids=[w.firms["gz1"].id],
        ),
    )
    quote = orders.submit_quote(
        session,
        actor=w.actor("gz1"),
        rfq_id=rfq.id,
        data=QuoteCreate(
            product_id=w.products["gz1"].id,
            unit_price=Decimal("10"),
            currency="CNY",
            promised_date=promised,
            valid_until=in_days(5),
        ),
    )
    return orders.accept_quote(session, actor=w.actor(buyer), quote_id=quote.id)


def plan_and_release(session, w) -> service.ScheduleVersion:  # type: ignore[no-untyped-def]
    version = service.make_plan(session, actor=w.actor("gz1"), origin=NOW)
    return service.release_plan(
        session, actor=w.actor("gz1"), plan_id=version.id, version=version.version
    )


def rows_of(session, version_id, order_id):  # type: ignore[no-untyped-def]
    return list(
        session.scalars(
            select(ScheduledOperation)
            .where(
                ScheduledOperation.version_id == version_id, ScheduledOperation.order_id == order_id
            )
            .order_by(ScheduledOperation.start)
        )
    )


def test_quote_by_ctp_accept_and_plan(session) -> None:  # type: ignore[no-untyped-def]
    """An empty factory promises 70 + 36 = 106 min; the released plan's forecast is that date."""
    w = build_world(session)
    rfq = orders.create_rfq(
        session,
        actor=w.actor("hk1"),
        data=RFQCreate(
            title="housing", quantity=40, wanted_date=in_days(10), factory_ids=[w.firms["gz1"].id]
        ),
    )
    promise = ctp.promise_date(
        session, actor=w.actor("gz1"), rfq_id=rfq.id, product_id=w.products["gz1"].id, now=NOW
    )
    assert (promise.earliest, promise.with_bumping, promise.bumped) == (at(106), at(106), ())
    order = place_order(session, w, "hk1", 40, promise.earliest)
    version = plan_and_release(session, w)
    session.refresh(order)
    ends = [r.end for r in rows_of(session, version.id, order.id)]
    assert ends == [at(70), at(106)]  # rough then finish, back to back
    assert order.forecast_date == order.promised_date == at(106)
    # nothing slipped: nobody is told anything
    assert session.scalars(select(Notification)).all() == []


def test_ctp_keeps_promises_and_prices_bumping(session) -> None:  # type: ignore[no-untyped-def]
    """With hk2's 40 units planned to end at 106 with no slack, a new 40-unit RFQ can only
    follow on CNC1 (finish 106 + 36 = 142) unless hk2's order (priority 0) is bumped."""
    w = build_world(session)
    first = place_order(session, w, "hk2", 40, at(106))
    plan_and_release(session, w)
    rfq = orders.create_rfq(
        session,
        actor=w.actor("hk1"),
        data=RFQCreate(
            title="more", quantity=40, wanted_date=in_days(10), factory_ids=[w.firms["gz1"].id]
        ),
    )
    p = ctp.promise_date(
        session, actor=w.actor("gz1"), rfq_id=rfq.id, product_id=w.products["gz1"].id, now=NOW
    )
    # rough on the machine the first order leaves free (or after it), finish after 106 on CNC1
    assert p.earliest == at(142)
    # bumping: the new job goes first, the first order's finish moves behind it
    assert p.with_bumping == at(106)
    assert [(b.order_number, b.breaks_promise) for b in p.bumped] == [(first.number, True)]
    assert p.bumped[0].delay_min > 0


class _Hook(BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], bytes]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Hook.received.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hook_server():  # type: ignore[no-untyped-def]
    _Hook.received = []
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", _Hook.received
    server.shutdown()


def test_rush_order_bumps_and_the_bumped_customer_is_told(session, hook_server) -> None:  # type: ignore[no-untyped-def]
    """hk1's rush order goes first: rough on the idle machine (0–70), finish on CNC1 (70–106);
    hk2's finish milling, promised at 106, moves behind it (106–142): only hk2 is notified,
    in the app and by a signed webhook call."""
    url, received = hook_server
    w = build_world(session)
    register_subscribers()
    # the test receiver listens on loopback, which only the zone's allow-list opens
    notify.allow_webhook_host(session, actor=w.actor("zone"), host="127.0.0.1")
    hook = notify.register_webhook(
        session, actor=w.actor("hk2"), url=url, kinds=[notify.FORECAST_SLIPPED]
    )
    bumped = place_order(session, w, "hk2", 40, at(106))
    base = plan_and_release(session, w)
    rush = place_order(session, w, "hk1", 40, at(300))
    version = disrupt.rush_order(session, actor=w.actor("gz1"), order_id=rush.id, now=NOW)
    session.refresh(bumped)
    session.refresh(rush)
    # the rush job: rough 0–70 and finish 70–106
    assert [r.end for r in rows_of(session, version.id, rush.id)] == [at(70), at(106)]
    assert bumped.forecast_date == at(142)
    assert base.number + 1 == version.number
    assert version.moved and {m["work_order"] for m in version.moved} >= {
        f"WO-{bumped.number[3:]}-01"
    }
    notes = session.scalars(select(Notification)).all()
    assert [(n.enterprise_id, n.data["order_number"]) for n in notes] == [
        (w.firms["hk2"].id, bumped.number)
    ]
    assert rush.number not in notes[0].message and "hk1" not in notes[0].message
    # the webhook call goes out when the outbox is dispatched, signed with the hook's secret
    dispatch_pending(session)
    assert len(received) == 1
    headers, body = received[0]
    expected_sig = "sha256=" + hmac.new(hook.secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers[notify.SIGNATURE_HEADER] == expected_sig
    payload = json.loads(body)
    assert (payload["kind"], payload["data"]["order_number"]) == (
        notify.FORECAST_SLIPPED,
        bumped.number,
    )
    assert rush.number not in body.decode()


def test_machine_out_of_service_event_repairs_the_plan(session) -> None:  # type: ignore[no-untyped-def]
    """CNC1 leaves service (the catalogue emits machine.out_of_service); the outbox handler
    repairs the released plan with CNC1 blocked for the default 4 h. On a round-the-clock
    calendar finish milling (CNC1 only) then starts when the outage ends and takes 36 min."""
    w = build_world(session)
    register_subscribers()
    calendar.set_calendar(session, actor=w.actor("gz1"), shifts=[(d, 0, 1440) for d in range(7)])
    order = place_order(session, w, "hk1", 40, in_days(3))
    base = service.make_plan(session, actor=w.actor("gz1"))
    service.release_plan(session, actor=w.actor("gz1"), plan_id=base.id, version=base.version)
    session.refresh(order)
    assert order.forecast_date == base.origin + timedelta(minutes=106)
    dispatch_pending(session)  # the order flow's own events first
    set_machine_status(
        session, actor=w.actor("gz1"), machine_id=w.machines["gz1"][0].id, status="out_of_service"
    )
    assert dispatch_pending(session) == 1  # the one machine.out_of_service event
    current = service.current_version(session, w.firms["gz1"].id)
    assert current is not None and current.number == base.number + 1 and current.reason == "repair"
    outage = session.scalars(select(Disruption)).one()
    assert outage.end is not None and outage.start is not None
    assert outage.end - outage.start == timedelta(hours=4)
    session.refresh(order)
    assert order.forecast_date == outage.end.replace(second=0, microsecond=0) + timedelta(
        minutes=36
    )
    assert current.moved
    # back in service: the outage ends at that event, so the next plan may use CNC1 again
    set_machine_status(
        session, actor=w.actor("gz1"), machine_id=w.machines["gz1"][0].id, status="in_service"
    )
    assert dispatch_pending(session) == 1
    back = session.scalars(
        select(OutboxEvent).where(OutboxEvent.kind == "machine.back_in_service")
    ).one()
    session.refresh(outage)
    assert outage.end == back.at


def test_a_breakdown_already_over_repairs_nothing(session) -> None:  # type: ignore[no-untyped-def]
    """Out of service and back again before the events are delivered (a delayed history):
    both events are delivered, no repair is released and no outage is recorded."""
    w = build_world(session)
    register_subscribers()
    place_order(session, w, "hk1", 40, in_days(3))
    base = service.make_plan(session, actor=w.actor("gz1"))
    service.release_plan(session, actor=w.actor("gz1"), plan_id=base.id, version=base.version)
    dispatch_pending(session)  # the order flow's own events first
    cnc1 = w.machines["gz1"][0].id
    set_machine_status(session, actor=w.actor("gz1"), machine_id=cnc1, status="out_of_service")
    set_machine_status(session, actor=w.actor("gz1"), machine_id=cnc1, status="in_service")
    assert dispatch_pending(session) == 2
    current = service.current_version(session, w.firms["gz1"].id)
    assert current is not None and current.number == base.number
    assert session.scalars(select(Disruption)).all() == []


def test_a_stale_edit_is_refused(session) -> None:  # type: ignore[no-untyped-def]
    """Two planners freeze from the same copy of the plan: the second is refused with 409."""
    w = build_world(session)
    place_order(session, w, "hk1", 40, at(106))
    base = plan_and_release(session, w)
    seen = base.version
    edits.freeze_plan(session, actor=w.actor("gz1"), plan_id=base.id, version=seen, until=at(60))
    with pytest.raises(Conflict, match="changed by someone else"):
        edits.freeze_plan(
            session, actor=w.actor("gz1m"), plan_id=base.id, version=seen, until=at(30)
        )


def test_an_accepted_order_joins_the_plan_keeping_every_promise(session) -> None:  # type: ignore[no-untyped-def]
    """hk2's order holds CNC1 0–70 (rough) and 70–106 (finish, due 106). hk1's new order goes
    in without touching it: rough on the idle CNC2 0–70, finish on CNC1 after 106, so 142."""
    w = build_world(session)
    first = place_order(session, w, "hk2", 40, at(106))
    base = plan_and_release(session, w)
    second = place_order(session, w, "hk1", 40, at(300))
    version = intake.insert_order(session, order=second, actor=None, now=NOW)
    session.commit()
    assert version is not None
    assert (version.reason, version.status, version.number) == ("ctp", "released", base.number + 1)
    session.refresh(first)
    session.refresh(second)
    assert (first.forecast_date, second.forecast_date) == (at(106), at(142))
    # inserting again finds nothing new
    assert intake.insert_order(session, order=second, actor=None, now=NOW) is None
    assert session.scalars(select(Notification)).all() == []
