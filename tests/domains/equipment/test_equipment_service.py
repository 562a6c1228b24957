"""Idempotent telemetry storage and the state, count and OEE queries, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from suigang.config import Settings
from suigang.domains.equipment.readings import CounterReading, ProcessReading, StateReading
from suigang.domains.equipment.service import (
    TelemetryWriter,
    counter_increments,
    counter_totals,
    current_states,
    ingest_stats,
    machine_oee,
    machine_states,
    purge_telemetry,
    record_batch,
)
from suigang.engines.oee import Period
from suigang.errors import InvalidInput, NotFound

T0 = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)  # 08:00 in Asia/Shanghai
P = "Production/PartsProduced"


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def worked_example(machine: str) -> list:
    """The issue's worked check as readings: state changes and counter samples."""
    S = StateReading
    return [
        S(machine, at(0), "Executing", "Setup"),
        S(machine, at(30), "Executing", "Processing"),
        S(machine, at(210), "NotExecuting", "None"),
        S(machine, at(230), "Executing", "Processing"),
        S(machine, at(240), "NotExecuting", "None"),
        S(machine, at(270), "OutOfService", "Processing"),
        S(machine, at(310), "Executing", "Processing"),
        S(machine, at(480), "NotExecuting", "None"),
        CounterReading(machine, P, at(0), 1000),
        CounterReading(machine, P, at(210), 1300),
        CounterReading(machine, P, at(240), 1320),
        CounterReading(machine, P, at(480), 1640),
        CounterReading(machine, "Production/PartsScrap", at(0), 0),
        CounterReading(machine, "Production/PartsScrap", at(480), 20),
        CounterReading(machine, "Production/PartsRework", at(0), 0),
        CounterReading(machine, "Production/PartsRework", at(480), 12),
    ]


def test_worked_example_through_storage(session_factory, machine) -> None:
    """Stored states and counters reproduce A 0.8, E 0.889, QR 0.95, OEE 0.6756, NEE 0.7319."""
    with session_factory() as s:
        record_batch(s, writer=TelemetryWriter(), readings=worked_example(machine))
    with session_factory() as s:
        (period,) = machine_oee(
            s,
            machine_id=machine,
            start=at(0),
            end=at(480),
            pru_s=30.0,
            planned_down=[Period(at(240), at(270))],
        )
    e, k = period.result.elements, period.result.kpis
    assert (e.apt, e.aust, e.adet, e.adot, e.pdot) == (21600.0, 1800.0, 2400.0, 1200.0, 1800.0)
    assert period.result.quantities.produced == 640 and period.result.quantities.good == 608
    assert round(k.availability, 3) == 0.8 and round(k.effectiveness, 3) == 0.889
    assert round(k.oee, 4) == 0.6756 and round(k.nee, 4) == 0.7319
    assert round(k.setup_rate, 4) == 0.0769 and round(k.technical_efficiency, 3) == 0.9


def test_duplicates_and_replays_never_double_count(session_factory, machine) -> None:
    """Writing the same batch three times (QoS 1 redelivery, restart) stores it once."""
    writer = TelemetryWriter()
    for _ in range(3):
        with session_factory() as s:
            record_batch(s, writer=writer, readings=worked_example(machine))
    fresh = TelemetryWriter()  # a restarted ingest without caches
    with session_factory() as s:
        result = record_batch(s, writer=fresh, readings=worked_example(machine))
    assert result.duplicates == 8 and result.state_changes == 0
    with session_factory() as s:
        states = machine_states(s, machine_id=machine, start=at(0), end=at(600))
        produced = counter_increments(s, machine_id=machine, metric=P, start=at(-1), end=at(600))
        assert ingest_stats(s)["duplicates"] >= 24
    assert [(r.item_state, r.operation_mode) for r in states][:3] == [
        ("Executing", "Setup"),
        ("Executing", "Processing"),
        ("NotExecuting", "None"),
    ]
    assert len(states) == 8 and states[-1].end is None
    assert sum(d for _, d in produced) == 640


def test_late_state_change_is_fitted_into_the_timeline(session_factory, machine) -> None:
    """A state change arriving after a later one splits the interval it falls in."""
    writer = TelemetryWriter()
    with session_factory() as s:
        record_batch(
            s,
            writer=writer,
            readings=[
                StateReading(machine, at(0), "Executing", "Processing"),
                StateReading(machine, at(60), "NotExecuting", "None"),
            ],
        )
        record_batch(
            s, writer=writer, readings=[StateReading(machine, at(20), "OutOfService", "Processing")]
        )
    with session_factory() as s:
        rows = machine_states(s, machine_id=machine, start=at(0), end=at(90))
    assert [(r.start, r.end, r.item_state) for r in rows] == [
        (at(0), at(20), "Executing"),
        (at(20), at(60), "OutOfService"),
        (at(60), None, "NotExecuting"),
    ]


def test_counter_reset_counts_the_new_value(session_factory, machine) -> None:
    """100 → 150 → 5 (reset) → 12: increments 50, 5, 7."""
    with session_factory() as s:
        record_batch(
            s,
            writer=TelemetryWriter(),
            readings=[
                CounterReading(machine, P, at(i), v) for i, v in enumerate((100, 150, 5, 12))
            ],
        )
    with session_factory() as s:
        inc = counter_increments(s, machine_id=machine, metric=P, start=at(-1), end=at(10))
    assert [d for _, d in inc] == [50, 5, 7]


def test_counter_totals_per_period_count_as_the_increments_do(session_factory, machine) -> None:
    """100, 150, 5 (reset), 12, 20 at minutes 0, 1, 2, 3, 5; periods (0.5, 2], (2, 4], (4, 6],
    (6, 8]: 50 + 5, 7, 8 and 0 — the sample at 0 before the first period is its predecessor."""
    with session_factory() as s:
        record_batch(
            s,
            writer=TelemetryWriter(),
            readings=[
                CounterReading(machine, P, at(m), v)
                for m, v in ((0, 100), (1, 150), (2, 5), (3, 12), (5, 20))
            ],
        )
    periods = [(at(0.5), at(2)), (at(2), at(4)), (at(4), at(6)), (at(6), at(8))]
    with session_factory() as s:
        totals = counter_totals(s, machine_id=machine, metric=P, periods=periods)
        by_increments = [
            sum(d for _, d in counter_increments(s, machine_id=machine, metric=P, start=a, end=b))
            for a, b in periods
        ]
    assert totals == by_increments == [55, 7, 8, 0]


def test_out_of_service_hook_fires_once_per_breakdown(session_factory, machine) -> None:
    """Entering OutOfService calls the hook in the same transaction; a replay does not."""
    calls = []
    writer = TelemetryWriter(on_out_of_service=lambda s, key, mid, ts: calls.append((key, ts)))
    readings = [
        StateReading(machine, at(0), "Executing", "Processing"),
        StateReading(machine, at(5), "OutOfService", "Processing"),
    ]
    with session_factory() as s:
        record_batch(s, writer=writer, readings=readings)
        record_batch(s, writer=writer, readings=readings)
    assert calls == [(machine, at(5))]


def test_back_in_service_hook_fires_when_a_breakdown_ends(session_factory, machine) -> None:
    """Leaving OutOfService calls the back hook with the time it left (minute 20), once; a
    replay, or a change between other states, does not."""
    back = []
    writer = TelemetryWriter(
        on_out_of_service=lambda s, key, mid, ts: None,
        on_back_in_service=lambda s, key, mid, ts: back.append((key, ts)),
    )
    readings = [
        StateReading(machine, at(0), "Executing", "Processing"),
        StateReading(machine, at(5), "OutOfService", "Processing"),
        StateReading(machine, at(20), "NotExecuting", "None"),
        StateReading(machine, at(30), "Executing", "Processing"),
    ]
    with session_factory() as s:
        record_batch(s, writer=writer, readings=readings[:2])
        record_batch(s, writer=writer, readings=readings[2:])
        record_batch(s, writer=writer, readings=readings)
    assert back == [(machine, at(20))]


def test_oee_by_local_shift(session_factory, machine) -> None:
    """Shifts start 00:00/08:00/16:00 Asia/Shanghai: a 16 h UTC window from 00:00 UTC has 3."""
    with session_factory() as s:
        record_batch(
            s,
            writer=TelemetryWriter(),
            readings=[
                StateReading(machine, at(0), "Executing", "Processing"),
                StateReading(machine, at(480), "OutOfService", "Processing"),
            ],
        )
        periods = machine_oee(
            s, machine_id=machine, start=at(0), end=at(960), granularity="shift", now=at(960)
        )
    # 00:00Z = 08:00 local; 08:00Z = 16:00 local: two shift bounds inside → [0,480), [480,960)
    assert [(p.start, p.end) for p in periods] == [(at(0), at(480)), (at(480), at(960))]
    assert [p.result.kpis.availability for p in periods] == [1.0, 0.0]
    with pytest.raises(InvalidInput, match="granularity"):
        machine_oee(s, machine_id=machine, start=at(0), end=at(60), granularity="week")  # type: ignore[arg-type]


def test_oee_sees_a_state_change_stored_after_the_reader_loaded_the_open_state(
    session_factory, machine
) -> None:
    """A page that loaded the open state, then computes OEE after the machine changed state
    (another session committed meanwhile), gets the stored timeline: running 0–30, idle
    30–60 of a 60 min window, availability 0.5 (not 'intervals overlap')."""
    with session_factory() as s:
        record_batch(
            s,
            writer=TelemetryWriter(),
            readings=[StateReading(machine, at(0), "Executing", "Processing")],
        )
    with session_factory() as page:
        shown = current_states(page, machine_keys=[machine])  # held, as the board holds it
        assert [r.end for r in shown] == [None]
        with session_factory() as ingest:
            record_batch(
                ingest,
                writer=TelemetryWriter(),
                readings=[StateReading(machine, at(30), "NotExecuting", "None")],
            )
        (period,) = machine_oee(page, machine_id=machine, start=at(0), end=at(60), now=at(60))
    assert period.result.kpis.availability == 0.5


def test_purge_removes_only_data_older_than_retention(session_factory, machine) -> None:
    """With 30 days retention, samples and closed intervals older than 30 days go."""
    now = at(0) + timedelta(days=40)
    with session_factory() as s:
        record_batch(
            s,
            writer=TelemetryWriter(),
            readings=[
                StateReading(machine, at(0), "Executing", "Processing"),
                StateReading(machine, at(10), "NotExecuting", "None"),
                CounterReading(machine, P, at(0), 1),
                CounterReading(machine, P, now, 2),
                ProcessReading(machine, "Process/Temperature", at(0), 20.0),
            ],
        )
        removed = purge_telemetry(s, settings=Settings(telemetry_retention_days=30), now=now)
        assert removed["counter_samples"] >= 1 and removed["process_samples"] >= 1
        assert [r.item_state for r in current_states(s, machine_keys=[machine])] == ["NotExecuting"]
        left = machine_states(s, machine_id=machine, start=at(0), end=now)
        assert [r.start for r in left] == [at(10)]


def test_registered_machine_is_linked_and_its_breakdown_reaches_the_outbox(session_factory) -> None:
    """Readings for a registered Sparkplug address carry its id; OutOfService → outbox event."""
    import uuid

    from sqlalchemy import select

    from suigang.domains.catalog.models import Machine, MachineKind
    from suigang.domains.equipment.models import MachineStateInterval
    from suigang.domains.events.models import OutboxEvent
    from suigang.domains.identity.models import Enterprise, EnterpriseKind, Region

    group = f"g{uuid.uuid4().hex[:8]}"
    with session_factory() as s:
        firm = Enterprise(
            kind=EnterpriseKind.FACTORY,
            name_en="Press Works",
            name_zh_hans="冲压厂",
            name_zh_hant="沖壓廠",
            region=Region.ZONE_WEST,
        )
        s.add(firm)
        s.flush()
        press = Machine(
            enterprise_id=firm.id,
            code="P1",
            name="Press 1",
            kind=MachineKind.CNC_LATHE,
            sparkplug_group=group,
            sparkplug_node="edge",
            sparkplug_device="p1",
        )
        s.add(press)
        s.commit()
        firm_id, press_id = firm.id, press.id
    key = f"{group}/edge/p1"
    # Data stored before the machine was linked is found by its address too.
    with session_factory() as s:
        record_batch(
            s,
            writer=TelemetryWriter(),
            readings=[
                StateReading(key, at(0), "Executing", "Processing"),
                StateReading(key, at(10), "OutOfService", "Processing"),
            ],
        )
    with session_factory() as s:
        rows = machine_states(s, machine_id=press_id, start=at(0), end=at(60))
        events = (
            s.execute(
                select(OutboxEvent).where(
                    OutboxEvent.kind == "machine.out_of_service",
                    OutboxEvent.subject_id == str(press_id),
                )
            )
            .scalars()
            .all()
        )
        ids = set(
            s.execute(
                select(MachineStateInterval.machine_id).where(
                    MachineStateInterval.machine_key == key
                )
            ).scalars()
        )
    assert [r.item_state for r in rows] == ["Executing", "OutOfService"]
    assert ids == {press_id}
    assert [(e.enterprise_id, e.payload["machine_key"], e.payload["since"]) for e in events] == [
        (firm_id, key, at(10).isoformat())
    ]
    with session_factory() as s, pytest.raises(NotFound):
        machine_states(s, machine_id=uuid.uuid4(), start=at(0), end=at(60))


def test_only_the_owning_factory_reads_a_machines_telemetry(session_factory) -> None:
    """The owner's members read it; another factory and the zone office get NotFound."""
    import uuid

    from suigang.domains.catalog.models import Machine, MachineKind
    from suigang.domains.identity.models import Enterprise, EnterpriseKind, Region
    from suigang.domains.identity.permissions import Actor

    with session_factory() as s:
        firm = Enterprise(
            kind=EnterpriseKind.FACTORY,
            name_en="Mould Co",
            name_zh_hans="模具",
            name_zh_hant="模具",
            region=Region.ZONE_WEST,
        )
        s.add(firm)
        s.flush()
        machine = Machine(
            enterprise_id=firm.id, code="M1", name="Mould 1", kind=MachineKind.INJECTION_MOLDING
        )
        s.add(machine)
        s.commit()
        firm_id, machine_id = firm.id, machine.id
    owner = Actor(firm_id, "factory", "member", "op@mould.example")
    rival = Actor(uuid.uuid4(), "factory", "admin", "boss@rival.example")
    zone = Actor(uuid.uuid4(), "zone_office", "zone_admin", "zone@example")
    with session_factory() as s:
        assert machine_states(s, machine_id=machine_id, start=at(0), end=at(60), actor=owner) == []
        periods = machine_oee(s, machine_id=machine_id, start=at(0), end=at(60), actor=owner)
        assert periods[0].result.kpis.availability == 0.0  # no states: all PBT unknown
        for outsider in (rival, zone):
            with pytest.raises(NotFound):
                machine_oee(s, machine_id=machine_id, start=at(0), end=at(60), actor=outsider)
        with pytest.raises(InvalidInput, match="registry machine id"):
            machine_states(s, machine_id="g/n/d", start=at(0), end=at(60), actor=owner)
