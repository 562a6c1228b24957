"""When a certificate is issued and what it says: only for a lot with the inspections its plan
requires; an open out-of-control alarm holds the verdict until a person records its
disposition, and the alarm is printed. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from suigang.domains.quality import certificates, service
from suigang.domains.quality.models import AlarmDecision, Certificate, PlanChart
from suigang.domains.quality.schemas import CharacteristicCreate, MeasurementIn
from suigang.errors import Conflict, NotFound, PermissionDenied
from tests.domains.quality.quality_world import count, order_lot, pdf_text, plan
from tests.world import build_world


def values(name: str, groups: dict[int, list[float]]) -> list[MeasurementIn]:
    return [
        MeasurementIn(characteristic=name, subgroup=s, value=v)
        for s, vs in groups.items()
        for v in vs
    ]


def test_no_certificate_without_the_inspections_the_plan_requires(session) -> None:  # type: ignore[no-untyped-def]
    """A lot just ordered gets no certificate (it said "Accepted" with nothing inspected):
    without a plan, and with a plan of subgroups of 2 until a full subgroup is recorded."""
    w = build_world(session)
    lot = order_lot(session, w)
    with pytest.raises(Conflict) as no_plan:
        certificates.lot_certificate(session, actor=w.actor("hk1"), lot_id=lot.id)
    assert no_plan.value.code == "certificate_no_plan"
    assert no_plan.value.message == (
        f"lot {lot.number}: its product has no inspection plan, so no certificate can be issued"
    )
    plan(
        session,
        w,
        CharacteristicCreate(name="diameter", lsl=9, usl=15, sample_size=2, chart=PlanChart.XBAR_R),
    )
    with pytest.raises(Conflict) as nothing:
        certificates.lot_certificate(session, actor=w.actor("hk1"), lot_id=lot.id)
    # the plan asks for subgroups of two diameters
    assert nothing.value.message == (
        f"lot {lot.number} lacks inspections its plan requires (diameter ×2); no certificate yet"
    )
    service.record_measurements(
        session, actor=w.actor("gz1"), lot_id=lot.id, rows=values("diameter", {1: [12]})
    )
    with pytest.raises(Conflict):  # one value of a subgroup of two is not an inspection yet
        certificates.lot_certificate(session, actor=w.actor("hk1"), lot_id=lot.id)
    assert count(session, Certificate) == 0
    service.record_measurements(
        session, actor=w.actor("gz1"), lot_id=lot.id, rows=values("diameter", {1: [11]})
    )
    cert = certificates.lot_certificate(session, actor=w.actor("hk1"), lot_id=lot.id)
    assert cert.accepted is True  # two values within 9–15, no alarm, no visual failure


def test_open_alarm_holds_the_verdict_until_its_disposition(session) -> None:  # type: ignore[no-untyped-def]
    """10.5 beyond the frozen limits (10 ± 0.3) fires WE1 on I and MR: the certificate is not
    "Accepted" and lists the alarms; the buyer may not dispose of them, another firm does not
    see them; once the factory releases both, the reissued certificate accepts the lot; a
    rejection makes it "Rejected"."""
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
        rows=values("wall", {1: [10.0], 2: [10.05], 3: [9.95], 4: [10.5]}),
    )
    assert sorted((a.panel, a.rule) for a in alarms) == [("i", "WE1"), ("mr", "WE1")]
    held = certificates.lot_certificate(session, actor=w.actor("hk1"), lot_id=lot.id)
    assert held.accepted is False and held.figures["verdict"] == "pending"
    assert held.figures["open_alarms"] == 2
    text = " ".join(pdf_text(held.pdf).split())
    assert "Not accepted: alarms await a disposition" in text and "WE1" in text
    assert "Out-of-control alarms" in text and "10.5000" in text
    with pytest.raises(PermissionDenied):
        service.dispose_alarm(
            session,
            actor=w.actor("hk1"),
            alarm_id=alarms[0].id,
            decision=AlarmDecision.RELEASE,
            reason="fine by us",
        )
    with pytest.raises(NotFound):
        service.dispose_alarm(
            session,
            actor=w.actor("gz2"),
            alarm_id=alarms[0].id,
            decision=AlarmDecision.RELEASE,
            reason="not ours",
        )
    for alarm in alarms:
        service.dispose_alarm(
            session,
            actor=w.actor("gz1"),
            alarm_id=alarm.id,
            decision=AlarmDecision.RELEASE,
            reason="gauge re-zeroed; 10 parts re-measured in tolerance",
        )
    released = certificates.lot_certificate(session, actor=w.actor("hk1"), lot_id=lot.id)
    assert released.number == f"QC-{lot.number}-02" and released.accepted is True
    text = " ".join(pdf_text(released.pdf).split())
    assert "Released: gauge re-zeroed; 10 parts re-measured in tolerance" in text
    service.dispose_alarm(
        session,
        actor=w.actor("gz1"),
        alarm_id=alarms[0].id,
        decision=AlarmDecision.REJECT,
        reason="wall too thick on 4 of 10 re-measured",
    )
    rejected = certificates.lot_certificate(session, actor=w.actor("gz1"), lot_id=lot.id)
    assert rejected.accepted is False and rejected.figures["verdict"] == "rejected"
