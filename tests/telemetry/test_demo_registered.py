"""The demo simulates the registry's own machines at their Sparkplug addresses."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from decimal import Decimal

import pytest

from suigang.config import Settings
from suigang.db import make_engine, make_session_factory
from suigang.domains.catalog.models import Machine, MachineKind, Product, RoutingStep
from suigang.domains.equipment.service import current_states
from suigang.domains.identity.models import Enterprise, EnterpriseKind, Region
from suigang.domains.registry import load_all_models
from suigang.telemetry.demo import registered_machines, start_demo_telemetry
from suigang.telemetry.simulator import build_nodes_for
from tests.telemetry.test_demo_telemetry import free_port


def _registry(session, group: str) -> list[Machine]:
    firm = Enterprise(
        kind=EnterpriseKind.FACTORY,
        name_en="Plant",
        name_zh_hans="厂",
        name_zh_hant="廠",
        region=Region.ZONE_WEST,
    )
    session.add(firm)
    session.flush()
    machines = [
        Machine(
            enterprise_id=firm.id,
            code=code,
            name=code,
            kind=MachineKind.CNC_MACHINING_CENTER,
            sparkplug_group=group,
            sparkplug_node=node,
            sparkplug_device=code,
        )
        for node, code in (("CNC5", "MC-01"), ("CNC5", "MC-02"), ("QC", "CMM-01"))
    ]
    # a machine of another group and one without an address are not simulated
    machines.append(
        Machine(
            enterprise_id=firm.id,
            code="X-1",
            name="X-1",
            kind=MachineKind.CNC_MACHINING_CENTER,
            sparkplug_group="OTHER",
            sparkplug_node="N",
            sparkplug_device="X-1",
        )
    )
    machines.append(
        Machine(
            enterprise_id=firm.id, code="X-2", name="X-2", kind=MachineKind.CNC_MACHINING_CENTER
        )
    )
    session.add_all(machines)
    session.flush()
    session.add(
        Product(
            enterprise_id=firm.id,
            code="P",
            name="P",
            steps=[
                RoutingStep(seq=10, name="a", run_s_per_unit=Decimal("40"), machines=machines[:2]),
                RoutingStep(seq=20, name="b", run_s_per_unit=Decimal("90"), machines=machines[:1]),
                RoutingStep(seq=30, name="c", run_s_per_unit=Decimal("70"), machines=machines[:1]),
            ],
        )
    )
    session.commit()
    return machines


def test_registered_machines_with_their_routing_cycles(tmp_path) -> None:
    """Three machines of the group; MC-01's cycle is the median of 40, 70, 90 s; CMM-01 has
    no routing step, so no cycle."""
    engine = make_engine(Settings(data_dir=tmp_path))
    load_all_models().create_all(engine)
    with make_session_factory(engine)() as session:
        _registry(session, "PLANT")
        assert registered_machines(session, group="PLANT") == {
            "PLANT/CNC5/MC-01": 70.0,
            "PLANT/CNC5/MC-02": 40.0,
            "PLANT/QC/CMM-01": None,
        }
    engine.dispose()


def test_nodes_for_addresses_group_devices_by_edge_node() -> None:
    """Devices sharing group/node share one edge node; a cycle given by address is used."""
    nodes = build_nodes_for(
        ["G/CNC5/MC-02", "G/CNC5/MC-01", "G/QC/CMM-01"], seed=3, cycle_s={"G/QC/CMM-01": 12.5}
    )
    assert [(n.group, n.node, sorted(n.devices)) for n in nodes] == [
        ("G", "CNC5", ["MC-01", "MC-02"]),
        ("G", "QC", ["CMM-01"]),
    ]
    assert nodes[1].devices["CMM-01"].cycle_s == 12.5
    with pytest.raises(ValueError, match="'G/only-two' is not group/node/device"):
        build_nodes_for(["G/only-two"], seed=1)


def test_demo_breakdowns_come_at_a_real_time_pace() -> None:
    """29 machines for ten real minutes at the demo's speedup 60 (seed 3): the simulator's
    4 h MTBF, run 60 times faster, breaks one down every 20 s (30, each a plan repair); the
    demo's one hour of real time per machine gives 3."""
    from suigang.telemetry.demo import DEMO_MTBF_REAL_S

    addresses = [f"G/N{i // 4}/M{i:02d}" for i in range(29)]

    def breakdowns(**mtbf: float) -> int:
        models = [m for n in build_nodes_for(addresses, seed=3, **mtbf) for m in n.devices.values()]
        count = 0
        for _ in range(600):  # one tick a real second, a simulated minute each
            for m in models:
                before = m.item_state
                m.step(60.0)
                count += before != "OutOfService" and m.item_state == "OutOfService"
        return count

    assert (breakdowns(), breakdowns(mtbf_s=DEMO_MTBF_REAL_S * 60)) == (30, 3)
    with pytest.raises(ValueError, match="mtbf_s must be positive, got 0"):
        build_nodes_for(addresses, seed=3, mtbf_s=0)


def test_demo_publishes_for_registered_addresses_and_states_reach_the_database(tmp_path) -> None:
    """Over the embedded broker, the three registered machines get live states stored under
    their own addresses and linked to their registry ids; nothing else is published."""
    group = f"T{uuid.uuid4().hex[:8]}"
    settings = Settings(embedded_mqtt_port=free_port(), data_dir=tmp_path)
    engine = make_engine(settings)
    load_all_models().create_all(engine)
    sessions = make_session_factory(engine)
    with sessions() as session:
        ids = {m.sparkplug_address: m.id for m in _registry(session, group)}
        registered = registered_machines(session, group=group)
    seen: list[dict[str, object]] = []

    async def scenario() -> None:
        handle = await start_demo_telemetry(settings, sessions, machines=registered, rate_hz=4.0)
        try:
            await asyncio.sleep(3.0)
            with sessions() as s:
                seen.append({r.machine_key: r.machine_id for r in current_states(s)})
        finally:
            await handle.stop()

    asyncio.run(scenario())
    assert seen == [{address: ids[address] for address in registered}]
    engine.dispose()


def test_backfill_stores_contiguous_history_once(tmp_path) -> None:
    """Two hours at 60 s steps: 2 NBIRTH + 3 DBIRTH + 120 × 3 DDATA = 365 messages; each
    machine's states start at now − 2 h and follow each other without a gap; a second call
    (states exist) stores nothing."""
    from datetime import UTC, datetime, timedelta

    from suigang.domains.equipment.service import machine_states
    from suigang.telemetry.demo import backfill_history

    engine = make_engine(Settings(data_dir=tmp_path))
    load_all_models().create_all(engine)
    sessions = make_session_factory(engine)
    now = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
    with sessions() as session:
        _registry(session, "PLANT")
        registered = registered_machines(session, group="PLANT")
    assert backfill_history(sessions, registered, hours=2, seed=1, now=now) == 365
    with sessions() as s:
        for address in registered:
            rows = machine_states(s, machine_id=address, start=now - timedelta(hours=3), end=now)
            assert rows[0].start == now - timedelta(hours=2)
            assert all(a.end == b.start for a, b in itertools.pairwise(rows))
            assert rows[-1].end is None
    assert backfill_history(sessions, registered, hours=2, seed=1, now=now) == 0
    engine.dispose()
