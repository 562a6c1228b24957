"""The machine board and the OEE page through the simulated user, on a known history."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from nicegui.testing import User
from sqlalchemy import select

from suigang.config import Settings
from suigang.db import make_engine, make_session_factory
from suigang.domains.catalog.models import Machine, MachineStatus
from suigang.domains.equipment.models import CounterSample, MachineStateInterval
from suigang.domains.equipment.readings import PARTS_PRODUCED, PARTS_REWORK, PARTS_SCRAP
from suigang.domains.events.models import OutboxEvent
from suigang.ui.pages import _machines_data
from tests.ui.test_pages import login
from tests.world import World

# 12:00 in Guangzhou: the current shift began at 08:00 local (00:00 UTC)
NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, 2, hour, minute, tzinfo=UTC)


def _sessions():
    return make_session_factory(make_engine(Settings()))


@pytest.fixture
def history(ui_world: World, monkeypatch: pytest.MonkeyPatch) -> dict[str, Machine]:
    """gz1-CNC1 in setup now; gz1-CNC2 this shift: 30 min setup, 150 min processing,
    20 min down, then idle (open); 90 parts made, 9 scrapped. CNC2's PRU is 90 s (its one
    routing step), so E = 90·90/9000 = 0.9, QR = 81/90 = 0.9, A = 9000/14400 = 0.625."""
    monkeypatch.setattr(_machines_data, "clock", lambda: NOW)
    with _sessions()() as s:
        machines = {m.code: m for m in s.scalars(select(Machine))}
        cnc1, cnc2 = machines["gz1-CNC1"], machines["gz1-CNC2"]
        for m, device in ((cnc1, "CNC1"), (cnc2, "CNC2")):
            m.sparkplug_group, m.sparkplug_node, m.sparkplug_device = "gz1", "CELL", device
        k2 = "gz1/CELL/CNC2"
        rows = [
            ("gz1/CELL/CNC1", cnc1.id, at(3, 30), None, "Executing", "Setup"),
            (k2, cnc2.id, at(0), at(0, 30), "Executing", "Setup"),
            (k2, cnc2.id, at(0, 30), at(3), "Executing", "Processing"),
            (k2, cnc2.id, at(3), at(3, 20), "OutOfService", "Processing"),
            (k2, cnc2.id, at(3, 20), None, "NotExecuting", "Processing"),
        ]
        s.add_all(
            MachineStateInterval(
                machine_key=k, machine_id=i, start=a, end=b, item_state=st, operation_mode=mo
            )
            for k, i, a, b, st, mo in rows
        )
        for metric, before, after in ((PARTS_PRODUCED, 1000, 1090), (PARTS_SCRAP, 5, 14)):
            s.add(
                CounterSample(
                    machine_key=k2, machine_id=cnc2.id, metric=metric, ts=at(0), value=before
                )
            )
            s.add(
                CounterSample(
                    machine_key=k2, machine_id=cnc2.id, metric=metric, ts=at(3), value=after
                )
            )
        s.add(
            CounterSample(
                machine_key=k2, machine_id=cnc2.id, metric=PARTS_REWORK, ts=at(3), value=0
            )
        )
        s.commit()
        return {"cnc1": cnc1, "cnc2": cnc2}


def _classes(user: User, marker: str) -> list[str]:
    (element,) = user.find(marker=marker).elements
    return list(element.classes)


def test_stack_light_colours() -> None:
    """Processing green, other execution blue, idle yellow, down red, unknown grey."""
    assert [
        _machines_data.stack_light(s, m)
        for s, m in (
            ("Executing", "Processing"),
            ("Executing", "Setup"),
            ("NotExecuting", "None"),
            ("OutOfService", "Processing"),
            ("NotAvailable", "None"),
            (None, None),
        )
    ] == ["green", "blue", "yellow", "red", "grey", "grey"]


@pytest.mark.asyncio
async def test_board_shows_lights_states_and_shift_oee(user: User, history) -> None:
    """CNC1 is in setup (blue), CNC2 idle (yellow) with 0.625 × 0.9 × 0.9 = 50.6 % OEE."""
    await login(user, "gz1")
    await user.open("/machines")
    await user.should_see(marker="tile-gz1-CNC1")
    assert "light-blue" in _classes(user, "light-gz1-CNC1")
    assert "light-yellow" in _classes(user, "light-gz1-CNC2")
    await user.should_see(marker="state-gz1-CNC1", content="Executing · Setup")
    await user.should_see(marker="state-gz1-CNC2", content="Not executing · Processing")
    # counted in a worker thread once the page is up: allow it a few seconds
    await user.should_see(marker="oee-gz1-CNC2", content="50.6 %", retries=50)
    await user.should_see(marker="oee-gz1-CNC1", content="—")  # no PQ yet: undefined
    await user.should_see(marker="work-gz1-CNC1", content="No open work order")


@pytest.mark.asyncio
async def test_take_down_changes_the_registry_and_writes_the_event(user: User, history) -> None:
    """The factory admin takes CNC2 out of service with a reason: the registry status changes
    and machine.out_of_service is in the outbox for planning."""
    await login(user, "gz1")
    await user.open("/machines")
    user.find(marker="down-gz1-CNC2").click()
    user.find(marker="reason").type("spindle bearing noise")
    user.find(marker="confirm-status").click()
    await user.should_see("gz1-CNC2 is now: Out of service")
    await user.should_see(marker="up-gz1-CNC2")
    with _sessions()() as s:
        machine = s.get(Machine, history["cnc2"].id)
        assert machine.status is MachineStatus.OUT_OF_SERVICE
        events = s.scalars(
            select(OutboxEvent).where(OutboxEvent.kind == "machine.out_of_service")
        ).all()
        assert [e.subject_id for e in events] == [str(machine.id)]


@pytest.mark.asyncio
async def test_status_dialog_outlives_the_boards_refresh(user: User, history) -> None:
    """The board refreshes every 2 s in place: a take-down dialog opened from a tile stays
    open, keeps what was typed and still confirms (it vanished before), and the tile's
    button stays the same element."""
    import asyncio

    from suigang.ui.pages.machines import REFRESH_S

    await login(user, "gz1")
    await user.open("/machines")
    (button,) = user.find(marker="down-gz1-CNC2").elements
    user.find(marker="down-gz1-CNC2").click()
    user.find(marker="reason").type("spindle bearing noise")
    await asyncio.sleep(2.5 * REFRESH_S)  # two refreshes of the board
    # updated in place: the button a person aims at is the same element (a click landing
    # while the tiles were rebuilt went to a deleted element and was lost)
    (again,) = user.find(marker="down-gz1-CNC2").elements
    assert again.id == button.id
    (reason,) = user.find(marker="reason").elements
    assert reason.value == "spindle bearing noise"  # type: ignore[attr-defined]
    user.find(marker="confirm-status").click()
    await user.should_see("gz1-CNC2 is now: Out of service")


@pytest.mark.asyncio
async def test_out_of_service_tile_is_red_without_work_or_oee(user: User, history) -> None:
    """Once CNC2 is out of service its tile is red and says so, whatever telemetry last
    reported (idle), with no work order and no shift OEE (it showed green or yellow, the
    work order and the OEE as before)."""
    with _sessions()() as s:
        s.get(Machine, history["cnc2"].id).status = MachineStatus.OUT_OF_SERVICE
        s.commit()
    await login(user, "gz1")
    await user.open("/machines")
    await user.should_see(marker="tile-gz1-CNC2")
    assert "light-red" in _classes(user, "light-gz1-CNC2")
    await user.should_see(marker="state-gz1-CNC2", content="Out of service")
    await user.should_see(marker="work-gz1-CNC2", content="Out of service: not producing")
    await user.should_not_see(marker="oee-gz1-CNC2")
    await user.should_see(marker="up-gz1-CNC2")  # and it can be brought back


@pytest.mark.asyncio
async def test_member_has_no_status_buttons(user: User, history) -> None:
    """A factory member sees the board but cannot take machines down."""
    await login(user, "gz1m")
    await user.open("/machines")
    await user.should_see(marker="tile-gz1-CNC2")
    await user.should_not_see(marker="down-gz1-CNC2")


@pytest.mark.asyncio
async def test_front_shop_gets_no_board(user: User, history) -> None:
    """A front shop has no machines: the board answers 403, no navigation entry."""
    await login(user, "hk1")
    await user.should_not_see("Machine board")
    response = await user.http_client.get("/machines")
    assert response.status_code == 403
    assert "gz1-CNC1" not in response.text


@pytest.mark.asyncio
async def test_other_factory_machine_page_is_not_found(user: User, history) -> None:
    """gz2 cannot open gz1's machine: the not-found page."""
    await login(user, "gz2")
    response = await user.http_client.get(f"/machines/{history['cnc2'].id}")
    assert response.status_code == 404
    assert "gz1-CNC2" not in response.text


@pytest.mark.asyncio
async def test_oee_page_numbers_for_a_known_history(user: User, history) -> None:
    """Over today (00:00–12:00 local, PBT 43200 s): A = 9000/43200 = 20.8 %, E = 90 %,
    QR = 90 %, OEE 16.9 %; losses: no state 480 min (the night shift), idle 40, setup 30,
    breakdown 20, speed 9000 − 8100 s = 15, quality 9 × 90 s = 13.5 min."""
    await login(user, "gz1")
    await user.open(f"/machines/{history['cnc2'].id}?days=1")
    await user.should_see(marker="page-title", content="Machine gz1-CNC2")
    await user.should_see(marker="kpi-availability", content="20.8 %")
    await user.should_see(marker="kpi-effectiveness", content="90.0 %")
    await user.should_see(marker="kpi-quality_ratio", content="90.0 %")
    await user.should_see(marker="kpi-oee", content="16.9 %")
    await user.should_see(marker="kpi-produced", content="90")
    await user.should_see(marker="kpi-good", content="81")
    await user.should_see("90 s")
    expected = [
        ("unknown", "480"),
        ("adot", "40"),
        ("aust", "30"),
        ("adet", "20"),
        ("speed", "15"),
        ("quality", "13.5"),
    ]
    for key, minutes in expected:
        await user.should_see(marker=f"loss-{key}", content=minutes)
    chart = next(iter(user.find(marker="pareto").elements))
    assert chart.options["series"][0]["data"] == [480.0, 40.0, 30.0, 20.0, 15.0, 13.5]
    trend = next(iter(user.find(marker="trend").elements))
    # two shifts today: the night shift without data, then 08:00–12:00 with OEE 50.6 %
    assert trend.options["xAxis"]["data"] == ["03-02 00:00", "03-02 08:00"]
    assert trend.options["series"][0]["data"] == [None, 50.6]


@pytest.mark.asyncio
async def test_tiles_show_the_running_else_the_next_work_order(user: User, history) -> None:
    """CNC1 may run a running operation of WO-LATE and a pending one of WO-SOON (due first):
    the running one wins; CNC2 is eligible only for WO-SOON's pending operation: next."""
    from decimal import Decimal

    from suigang.domains.catalog.models import Product
    from suigang.domains.production.models import Operation, OperationStatus, WorkOrder
    from suigang.domains.production.models import WorkOrderStatus as S

    cnc1, cnc2 = str(history["cnc1"].id), str(history["cnc2"].id)
    with _sessions()() as s:
        factory = history["cnc1"].enterprise_id
        product = s.scalars(select(Product).where(Product.enterprise_id == factory)).one()

        def wo(number: str, due_day: int, status: S, ops: list[Operation]) -> WorkOrder:
            return WorkOrder(
                number=number,
                factory_id=factory,
                product_id=product.id,
                quantity=10,
                due_date=datetime(2026, 3, due_day, tzinfo=UTC),
                status=status,
                operations=ops,
            )

        def op(seq: int, name: str, machines: list[str], status: OperationStatus) -> Operation:
            return Operation(
                seq=seq, name=name, eligible_machine_ids=machines, run_s=Decimal(900), status=status
            )

        s.add_all(
            [
                wo(
                    "WO-LATE",
                    20,
                    S.IN_PROGRESS,
                    [
                        op(10, "roughing", [cnc1], OperationStatus.DONE),
                        op(20, "finishing", [cnc1], OperationStatus.RUNNING),
                    ],
                ),
                wo(
                    "WO-SOON",
                    5,
                    S.RELEASED,
                    [op(10, "drilling", [cnc1, cnc2], OperationStatus.PENDING)],
                ),
            ]
        )
        s.commit()
    await login(user, "gz1")
    await user.open("/machines")
    await user.should_see(marker="work-gz1-CNC1", content="WO-LATE · finishing (running)")
    await user.should_see(marker="work-gz1-CNC2", content="WO-SOON · drilling (next)")
