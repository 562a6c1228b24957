"""Plans, measurements, charts, alarms and corrections through the use cases, on SQLite and
PostgreSQL."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from suigang.domains.events.models import OutboxEvent
from suigang.domains.identity.models import AuditEvent
from suigang.domains.quality import service
from suigang.domains.quality.charts import chart_spec, effective
from suigang.domains.quality.csvio import UploadRejected
from suigang.domains.quality.models import (
    Characteristic,
    InspectionPlan,
    Measurement,
    PlanChart,
    QualityAlarm,
)
from suigang.domains.quality.schemas import (
    CharacteristicCreate,
    InspectionPlanCreate,
    MeasurementCorrection,
    MeasurementIn,
)
from suigang.engines.spc import analyze_chart
from suigang.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from tests.domains.quality.quality_world import count, order_lot, plan
from tests.world import build_world

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def values(char: str, data: dict[int, list[float]]) -> list[MeasurementIn]:
    return [
        MeasurementIn(
            characteristic=char, subgroup=s, value=v, taken_at=T0 + timedelta(minutes=10 * s + k)
        )
        for s, vs in data.items()
        for k, v in enumerate(vs)
    ]


DIAMETER = CharacteristicCreate(
    name="diameter", unit="mm", lsl=9, usl=15, sample_size=2, chart=PlanChart.XBAR_R
)


def test_xbar_r_limits_and_capability_are_the_engines(session) -> None:  # type: ignore[no-untyped-def]
    """Subgroups (10,12), (11,13), (12,12): x̿ = 35/3, R̄ = 4/3, σ = R̄/d2(2) = 2√π/3, so
    the Xbar limits are x̿ ± 3σ/√2 and the R limits d2σ ± 3·d3σ with d3(2) = √(2 − 4/π)."""
    w = build_world(session)
    lot = order_lot(session, w)
    p = plan(session, w, DIAMETER)
    service.record_measurements(
        session,
        actor=w.actor("gz1m"),
        lot_id=lot.id,
        rows=values("diameter", {1: [10, 12], 2: [11, 13], 3: [12, 12]}),
    )
    q = service.lot_quality(session, actor=w.actor("hk1"), lot_id=lot.id)
    assert q.plan_id == p.id and q.lot_number == lot.number
    (item,) = q.characteristics
    chart = item.chart
    sigma = 2 * math.sqrt(math.pi) / 3
    xbar, r = chart.panels
    assert (chart.status, chart.phase, chart.labels) == ("in_control", "I", ["1", "2", "3"])
    assert xbar.values == pytest.approx([11, 12, 12], abs=1e-12)
    assert xbar.center[0] == pytest.approx(35 / 3, abs=1e-12)
    assert xbar.ucl[0] == pytest.approx(35 / 3 + 3 * sigma / math.sqrt(2), abs=1e-6)
    assert xbar.lcl[0] == pytest.approx(35 / 3 - 3 * sigma / math.sqrt(2), abs=1e-6)
    assert r.center[0] == pytest.approx(4 / 3, abs=1e-6)
    assert r.ucl[0] == pytest.approx(4 / 3 + 3 * math.sqrt(2 - 4 / math.pi) * sigma, abs=1e-6)
    # the same numbers as the engine on the same data, to the last bit
    rows = effective(service.lot_measurements(session, lot.id))
    engine = analyze_chart(chart_spec(p.characteristics[0], rows))
    assert xbar.ucl == list(engine.panels[0].ucl) and r.ucl == list(engine.panels[1].ucl)
    assert chart.sigma == engine.sigma
    # Cp = 6 / 6σ, Cpk = (x̿ − 9) / 3σ (the lower side is nearer)
    cap = item.capability
    assert (cap.status, cap.n) == ("ok", 6)
    assert cap.cp == pytest.approx(1 / sigma, abs=1e-6)
    assert cap.cpk == pytest.approx((35 / 3 - 9) / (3 * sigma), abs=1e-6)
    assert item.out_of_spec == 0 and q.alarms == []


def test_out_of_limit_value_raises_alarm_for_factory_and_buyer_only(session) -> None:  # type: ignore[no-untyped-def]
    """Frozen limits 10 ± 3·0.1: 10.5 is beyond the UCL (WE1), and its moving range 0.55
    beyond the MR chart's 0.1·(d2 + 3·d3) ≈ 0.369, so both panels fire at subgroup 4."""
    w = build_world(session)
    lot = order_lot(session, w)
    plan(
        session,
        w,
        CharacteristicCreate(
            name="wall", unit="mm", lsl=9.5, usl=10.6, frozen_mean=10, frozen_sigma=0.1
        ),
    )
    _, alarms = service.record_measurements(
        session,
        actor=w.actor("gz1"),
        lot_id=lot.id,
        rows=values("wall", {1: [10.0], 2: [10.05], 3: [9.95]}),
    )
    assert alarms == []
    _, alarms = service.record_measurements(
        session, actor=w.actor("gz1"), lot_id=lot.id, rows=values("wall", {4: [10.5]})
    )
    assert sorted((a.panel, a.subgroup, a.rule, a.point) for a in alarms) == [
        ("i", "4", "WE1", 3),
        ("mr", "4", "WE1", 3),
    ]
    # announced to the factory and to the buyer of the order, nobody else
    events = session.scalars(select(OutboxEvent).where(OutboxEvent.kind == "quality.alarm")).all()
    assert sorted(str(e.enterprise_id) for e in events) == sorted(
        [str(w.firms["gz1"].id)] * 2 + [str(w.firms["hk1"].id)] * 2
    )
    assert {e.payload["rule"] for e in events} == {"WE1"}
    assert {e.payload["lot"] for e in events} == {lot.number}
    seen = service.lot_quality(session, actor=w.actor("hk1m"), lot_id=lot.id)
    assert [(a.panel, a.rule) for a in seen.alarms] == [("i", "WE1"), ("mr", "WE1")]
    assert seen.characteristics[0].chart.phase == "II"
    assert seen.characteristics[0].out_of_spec == 0  # 10.5 is within the specification
    for other in ("hk2", "gz2", "zone"):
        with pytest.raises(NotFound):
            service.lot_quality(session, actor=w.actor(other), lot_id=lot.id)
    # back to 10.0: subgroup 4's alarms are not raised again; only the new moving range
    # |10.0 − 10.5| = 0.5 breaks the MR limit
    _, again = service.record_measurements(
        session, actor=w.actor("gz1"), lot_id=lot.id, rows=values("wall", {5: [10.0]})
    )
    assert [(a.panel, a.subgroup, a.rule) for a in again] == [("mr", "5", "WE1")]
    assert count(session, QualityAlarm) == 3


def test_correction_keeps_the_original_and_changes_the_effective_series(session) -> None:  # type: ignore[no-untyped-def]
    """The corrected row stays stored; the chart uses the correction; a row is corrected once."""
    w = build_world(session)
    lot = order_lot(session, w)
    plan(session, w, CharacteristicCreate(name="length", lsl=0, usl=100))
    stored, _ = service.record_measurements(
        session,
        actor=w.actor("gz1"),
        lot_id=lot.id,
        rows=values("length", {1: [50], 2: [51], 3: [52]}),
    )
    wrong = stored[1]
    new, _ = service.correct_measurement(
        session,
        actor=w.actor("gz1m"),
        measurement_id=wrong.id,
        data=MeasurementCorrection(value=15.1, reason="decimal point misplaced"),
    )
    assert (new.corrects_id, new.subgroup, new.value) == (wrong.id, 2, 15.1)
    assert count(session, Measurement) == 4
    assert session.get(Measurement, wrong.id).value == 51  # the original is untouched
    q = service.lot_quality(session, actor=w.actor("gz1"), lot_id=lot.id)
    assert q.characteristics[0].chart.panels[0].values == [50, 15.1, 52]
    assert q.characteristics[0].values == 3
    with pytest.raises(Conflict, match="already corrected by"):
        service.correct_measurement(
            session,
            actor=w.actor("gz1"),
            measurement_id=wrong.id,
            data=MeasurementCorrection(value=51.0, reason="again"),
        )
    audit = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "measurement.corrected")
    ).one()
    assert (audit.details["before"], audit.details["after"]) == ("51.0", "15.1")
    # the buyer may read but not correct; another firm does not see the row at all
    with pytest.raises(PermissionDenied):
        service.correct_measurement(
            session,
            actor=w.actor("hk1"),
            measurement_id=new.id,
            data=MeasurementCorrection(value=1, reason="x"),
        )
    with pytest.raises(NotFound):
        service.correct_measurement(
            session,
            actor=w.actor("gz2"),
            measurement_id=new.id,
            data=MeasurementCorrection(value=1, reason="x"),
        )


def test_bad_csv_names_column_and_line_and_stores_nothing(session) -> None:  # type: ignore[no-untyped-def]
    """A missing value (line 3) and a non-numeric one (line 4) reject the whole file."""
    w = build_world(session)
    lot = order_lot(session, w)
    plan(session, w, CharacteristicCreate(name="length", lsl=0, usl=100))
    csv = b"characteristic,subgroup,value\nlength,1,50.1\nlength,2,\nlength,3,5O.2\n"
    with pytest.raises(UploadRejected) as err:
        service.upload_measurements(
            session, actor=w.actor("gz1"), lot_id=lot.id, filename="m.csv", content=csv
        )
    assert [str(e) for e in err.value.errors] == [
        "line 3, column value: missing value",
        "line 4, column value: '5O.2' is not a number",
    ]
    bad_name = b"characteristic,subgroup,value\nlength,1,50.1\nlenght,2,50.2\n"
    with pytest.raises(UploadRejected, match=r"line 3, column characteristic: .*'lenght'"):
        service.upload_measurements(
            session, actor=w.actor("gz1"), lot_id=lot.id, filename="m.csv", content=bad_name
        )
    with pytest.raises(InvalidInput, match="missing column"):
        service.upload_measurements(
            session, actor=w.actor("gz1"), lot_id=lot.id, filename="m.csv", content=b"a,b\n1,2\n"
        )
    assert count(session, Measurement) == 0
    ok = b"characteristic,subgroup,value,taken_at\nlength,1,50.1,2026-11-02T08:00:00+08:00\n"
    stored, _ = service.upload_measurements(
        session, actor=w.actor("gz1"), lot_id=lot.id, filename="m.csv", content=ok
    )
    # 08:00 in Guangzhou is 00:00 UTC
    assert stored[0].taken_at == datetime(2026, 11, 2, 0, 0, tzinfo=UTC)
    assert count(session, Measurement) == 1


def test_bad_plans_are_rejected_with_a_message(session) -> None:  # type: ignore[no-untyped-def]
    """LSL ≥ USL, a one-value Xbar-R subgroup size and another firm's product store nothing."""
    w = build_world(session)
    with pytest.raises(InvalidInput, match=r"'bore': lsl \(10\) must be below usl \(10\)"):
        plan(session, w, CharacteristicCreate(name="bore", lsl=10, usl=10))
    with pytest.raises(InvalidInput, match="needs a sample size of at least 2, got 1"):
        plan(session, w, CharacteristicCreate(name="bore", chart=PlanChart.XBAR_R))
    other_firms_product = InspectionPlanCreate(
        product_id=w.products["gz1"].id, name="x", characteristics=[DIAMETER]
    )
    with pytest.raises(InvalidInput, match="is not a product of your factory"):
        service.create_inspection_plan(session, actor=w.actor("gz2"), data=other_firms_product)
    with pytest.raises(PermissionDenied):
        service.create_inspection_plan(session, actor=w.actor("hk1"), data=other_firms_product)
    assert count(session, InspectionPlan) == 0
    plan(session, w, DIAMETER)
    assert count(session, InspectionPlan) == 1 and count(session, Characteristic) == 1


def test_single_value_subgroup_is_reported_not_raised(session) -> None:  # type: ignore[no-untyped-def]
    """An Xbar-R subgroup with one value so far: the chart is undefined and says why."""
    w = build_world(session)
    lot = order_lot(session, w)
    plan(session, w, DIAMETER)
    service.record_measurements(
        session,
        actor=w.actor("gz1"),
        lot_id=lot.id,
        rows=values("diameter", {1: [10, 12], 2: [11]}),
    )
    chart = service.lot_quality(session, actor=w.actor("gz1"), lot_id=lot.id).characteristics[0]
    assert chart.chart.status == "undefined"
    assert "subgroup '2' has a single value" in chart.chart.message
    with pytest.raises(InvalidInput, match="single value"):
        service.chart_png(
            session, actor=w.actor("gz1"), lot_id=lot.id, characteristic_id=chart.characteristic.id
        )


def test_attribute_chart_counts_and_their_bad_values(session) -> None:  # type: ignore[no-untyped-def]
    """A p chart of 4 samples of 50: p̄ = 10/200 = 0.05, UCL = p̄ + 3·√(p̄(1−p̄)/50); a count
    above the sample size, a fraction of a count, and a time in the future are refused."""
    w = build_world(session)
    lot = order_lot(session, w)
    plan(session, w, CharacteristicCreate(name="scratches", sample_size=50, chart=PlanChart.P))
    with pytest.raises(InvalidInput) as err:
        service.record_measurements(
            session,
            actor=w.actor("gz1"),
            lot_id=lot.id,
            rows=[
                MeasurementIn(characteristic="scratches", subgroup=1, value=51),
                MeasurementIn(characteristic="scratches", subgroup=2, value=2.5),
                MeasurementIn(
                    characteristic="scratches",
                    subgroup=3,
                    value=1,
                    taken_at=datetime.now(UTC) + timedelta(days=1),
                ),
            ],
        )
    message = err.value.message
    assert "measurements[0].value: 51 nonconforming exceeds the sample size 50" in message
    assert "measurements[1].value: 2.5 is not a count" in message
    assert "measurements[2].taken_at:" in message and "is in the future" in message
    assert count(session, Measurement) == 0
    service.record_measurements(
        session,
        actor=w.actor("gz1"),
        lot_id=lot.id,
        rows=values("scratches", {1: [2], 2: [3], 3: [1], 4: [4]}),
    )
    q = service.lot_quality(session, actor=w.actor("hk1"), lot_id=lot.id).characteristics[0]
    (panel,) = q.chart.panels
    assert panel.values == pytest.approx([0.04, 0.06, 0.02, 0.08], abs=1e-12)
    assert panel.center[0] == pytest.approx(0.05, abs=1e-12)
    assert panel.ucl[0] == pytest.approx(0.05 + 3 * math.sqrt(0.05 * 0.95 / 50), abs=1e-12)
    assert panel.lcl[0] == 0  # floored
    assert q.capability.status == "undefined"
