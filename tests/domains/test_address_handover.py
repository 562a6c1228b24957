"""Telemetry addresses changing hands (SQLite and PostgreSQL): data belongs to the firm whose
machine held the address when it was sent, and registering an address never tells whether
another firm uses it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from suigang.domains.catalog.machines import create_machine, update_machine
from suigang.domains.catalog.schemas import MachineCreate, MachineUpdate
from suigang.domains.equipment.readings import CounterReading, StateReading
from suigang.domains.equipment.service import (
    TelemetryWriter,
    counter_increments,
    machine_board,
    machine_states,
    record_batch,
)
from tests.world import World, build_world

T0 = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
P = "Production/PartsProduced"
ADDRESS = "zone/cell/m1"
WINDOW = (T0 - timedelta(days=1), T0 + timedelta(days=1))


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def send(session: Session, writer: TelemetryWriter, minute: int, count: int, state: str) -> None:
    """What the device at ``ADDRESS`` reports at ``minute``: its state and its part count."""
    record_batch(
        session,
        writer=writer,
        readings=[
            StateReading(ADDRESS, at(minute), state, "Processing"),
            CounterReading(ADDRESS, P, at(minute), count),
        ],
    )


def register(session: Session, w: World, firm: str, code: str):  # type: ignore[no-untyped-def]
    return create_machine(
        session,
        actor=w.actor(firm),
        data=MachineCreate(
            code=code,
            name=code,
            kind="cnc_machining_center",
            sparkplug_group="zone",
            sparkplug_node="cell",
            sparkplug_device="m1",
        ),
    )


def history(session: Session, w: World, firm: str, machine_id):  # type: ignore[no-untyped-def]
    """(state starts, part increments) the firm reads for its machine."""
    actor = w.actor(firm)
    states = machine_states(
        session, machine_id=machine_id, start=WINDOW[0], end=WINDOW[1], actor=actor
    )
    parts = counter_increments(
        session, machine_id=machine_id, metric=P, start=WINDOW[0], end=WINDOW[1], actor=actor
    )
    return [s.start for s in states], [n for _, n in parts]


def test_a_new_holder_of_an_address_reads_only_what_its_machine_sent(session) -> None:  # type: ignore[no-untyped-def]
    """gz1's machine reports under the address, then moves to another; gz2 registers the
    address: gz2 reads none of gz1's history, only what came after, and gz1 keeps its own."""
    w = build_world(session)
    writer = TelemetryWriter()
    a = register(session, w, "gz1", "A1")
    send(session, writer, 0, 100, "Executing")
    send(session, writer, 10, 130, "NotExecuting")
    update_machine(
        session,
        actor=w.actor("gz1"),
        machine_id=a.id,
        data=MachineUpdate(version=a.version, sparkplug_device="m2"),
    )
    b = register(session, w, "gz2", "B1")
    assert history(session, w, "gz2", b.id) == ([], [])  # nothing of gz1's machine
    # no current state for gz2's machine: gz1's open interval was stamped with gz1's machine
    board = machine_board(session, actor=w.actor("gz2"))
    assert [m.state for m in board if m.machine.id == b.id] == [None]
    # the device at the address now is gz2's: its data, even in the same state, is gz2's
    send(session, writer, 20, 5, "NotExecuting")
    send(session, writer, 30, 9, "Executing")
    assert history(session, w, "gz2", b.id) == ([at(20), at(30)], [4])  # 9 - 5 parts
    assert history(session, w, "gz1", a.id) == ([at(0), at(10)], [30])  # 130 - 100 parts


def test_registering_a_held_address_reveals_nothing_and_takes_nothing(session) -> None:  # type: ignore[no-untyped-def]
    """gz2 names the address gz1's machine holds: accepted like any address (no 409 that
    would tell it is in use), but the data stays gz1's while gz1 holds it; once gz1 lets it
    go, gz2's machine receives what is sent from then on."""
    w = build_world(session)
    writer = TelemetryWriter()
    a = register(session, w, "gz1", "A1")
    b = register(session, w, "gz2", "B1")  # no Conflict
    send(session, writer, 0, 100, "Executing")
    send(session, writer, 10, 110, "Executing")
    assert history(session, w, "gz2", b.id) == ([], [])
    assert history(session, w, "gz1", a.id) == ([at(0)], [10])
    update_machine(
        session,
        actor=w.actor("gz1"),
        machine_id=a.id,
        data=MachineUpdate(version=a.version, sparkplug_device="m9"),
    )
    send(session, writer, 20, 120, "Executing")
    send(session, writer, 30, 125, "Executing")
    assert history(session, w, "gz2", b.id) == ([at(20)], [5])
    assert history(session, w, "gz1", a.id) == ([at(0)], [10])
