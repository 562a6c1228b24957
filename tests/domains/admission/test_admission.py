"""Project admission through its use cases on SQLite and PostgreSQL: the zone office's rules
as versions, a draft submitted and scored against the version in force that day, the ranked
queue, a decision with reasons, evidence checked by content, and who sees what."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from suigang.domains.admission import service
from suigang.domains.admission.models import ApplicationStatus
from suigang.domains.admission.schemas import (
    ApplicationCreate,
    ApplicationStatusRead,
    ApplicationUpdate,
)
from suigang.domains.evidence.models import Evidence
from suigang.domains.identity.models import AuditEvent
from suigang.domains.zone.segments import Segment
from suigang.engines.analytics.admission import load_demo_set, set_to_dict
from suigang.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from tests.domains.relay.relay_world import PDF
from tests.world import build_world

D2025 = datetime(2025, 6, 2, 2, 0, tzinfo=UTC)
D2026 = datetime(2026, 2, 2, 2, 0, tzinfo=UTC)


def benchmark_project(**changes: object) -> ApplicationCreate:
    """Every weighted indicator exactly at its benchmark of the demo set (2 ha = 30 mu):
    investment 7617.58 万元/ha, tax 64.41 万元/mu, output 600 万元/mu, R&D 3 %, value added
    3 万元/tce and 30 万元 a job, chain fit 1 (a declared gap)."""
    data: dict[str, object] = dict(
        title="Harmonic drive line", segment=Segment.KEY_COMPONENTS,
        products="Harmonic drives for robot joints", fills_gap=True,
        gap_note="no local flexspline supplier",
        fixed_asset_investment=Decimal("152351600"), land_area=Decimal("20000"),
        floor_area=Decimal("24000"), building_footprint_area=Decimal("8000"),
        admin_land_area=Decimal("1000"), green_area=Decimal("2000"),
        output=Decimal("180000000"), revenue=Decimal("100000000"), tax=Decimal("19323000"),
        value_added=Decimal("30000000"), rd_spending=Decimal("3000000"),
        energy=Decimal("1000"), jobs=100,
    )  # fmt: skip
    data.update(changes)
    return ApplicationCreate(**data)  # type: ignore[arg-type]


def with_rules(session, w, config=None):  # type: ignore[no-untyped-def]
    return service.add_indicator_set(
        session, actor=w.actor("zone"), config=config or set_to_dict(load_demo_set())
    )


def test_submitted_scored_queued_and_rejected_with_reasons(session) -> None:  # type: ignore[no-untyped-def]
    w = build_world(session)
    with_rules(session, w)
    app = service.create_application(session, actor=w.actor("gz1"), data=benchmark_project())
    # the zone office does not see a draft
    with pytest.raises(NotFound):
        service.get_review(session, actor=w.actor("zone"), application_id=app.id)
    service.submit_application(session, actor=w.actor("gz1"), application_id=app.id, now=D2025)
    # every weighted indicator at its benchmark scores 100; every hard rule passes
    assert (app.indicator_version, app.verdict, app.score) == ("demo-2025.1", "passed", 100)
    review = service.get_review(session, actor=w.actor("zone"), application_id=app.id, lang="en")
    plot = next(i for i in review.indicators if i.indicator == "plot_ratio")
    # 24 000 m² of floor on 20 000 m² of land against the floor of 1.0
    assert (plot.value, plot.status, plot.rule) == (Decimal("1.200000"), "pass", ">= 1.0")
    assert review.chain_fit_source == "declared"
    queue = service.review_queue(session, actor=w.actor("zone"))
    assert [q.id for q in queue] == [app.id]
    service.decide(
        session, actor=w.actor("zone"), application_id=app.id, approve=False,
        reasons="Land is reserved for robot makers this year",
    )  # fmt: skip
    seen = service.get_application(session, actor=w.actor("gz1"), application_id=app.id)
    # the applicant reads its status and the reasons, and no score at all
    assert (seen.status, seen.reasons) == (
        ApplicationStatus.REJECTED,
        "Land is reserved for robot makers this year",
    )
    assert "score" not in ApplicationStatusRead.model_fields
    actions = session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.subject_id == str(app.id))
        .order_by(AuditEvent.id)
    ).all()
    # the decision took the application through review: every step audited
    assert actions == ["admission.drafted", "admission.submitted", "admission.rejected"]


def test_scored_against_the_version_in_force_when_submitted(session) -> None:  # type: ignore[no-untyped-def]
    w = build_world(session)
    with_rules(session, w)
    stricter = set_to_dict(load_demo_set())
    stricter |= {"version": "zone-2026.1", "effective": "2026-01-01"}
    stricter["rules"] = [
        r if r["indicator"] != "admin_share" else {**r, "threshold": {"op": "<=", "value": "0.04"}}
        for r in stricter["rules"]
    ]
    with_rules(session, w, stricter)
    early = service.create_application(session, actor=w.actor("gz1"), data=benchmark_project())
    late = service.create_application(session, actor=w.actor("gz2"), data=benchmark_project())
    service.submit_application(session, actor=w.actor("gz1"), application_id=early.id, now=D2025)
    service.submit_application(session, actor=w.actor("gz2"), application_id=late.id, now=D2026)
    # 1 000 m² of administrative land on 20 000 m² is 5 %: within 7 % (2025), over 4 % (2026)
    assert (early.indicator_version, early.verdict) == ("demo-2025.1", "passed")
    assert (late.indicator_version, late.verdict) == ("zone-2026.1", "failed")
    queue = service.review_queue(session, actor=w.actor("zone"))
    # passed before failed; the failed one names the figure and the rule
    assert [q.id for q in queue] == [early.id, late.id]
    assert queue[1].failed_rules == ["admin_share 0.050000 <= 0.04"]


def test_drafts_change_and_who_may_do_what(session) -> None:  # type: ignore[no-untyped-def]
    w = build_world(session)
    with_rules(session, w)
    app = service.create_application(
        session, actor=w.actor("gz1"), data=benchmark_project(fills_gap=False)
    )
    update = ApplicationUpdate(**benchmark_project(fills_gap=False, jobs=200).model_dump(),
                               version=app.version)  # fmt: skip
    service.update_application(session, actor=w.actor("gz1m"), application_id=app.id, data=update)
    # another firm and the zone office cannot find a draft; a member cannot submit
    for who in ("gz2", "zone"):
        with pytest.raises(NotFound):
            service.get_application(session, actor=w.actor(who), application_id=app.id)
    with pytest.raises(PermissionDenied):
        service.submit_application(session, actor=w.actor("gz1m"), application_id=app.id)
    service.submit_application(session, actor=w.actor("gz1"), application_id=app.id, now=D2025)
    # without the chain fit 10 of 100 weight points are lost; 200 jobs halve the labour
    # productivity (5 points × 0.5): 100 − 10 − 2.5
    assert app.score == Decimal("87.50")
    with pytest.raises(Conflict):  # submitted: the figures are the zone office's to read
        service.update_application(
            session, actor=w.actor("gz1"), application_id=app.id, data=update
        )
    with pytest.raises(NotFound):  # a firm does not review
        service.decide(session, actor=w.actor("gz1"), application_id=app.id, approve=True,
                       reasons="self-approved")  # fmt: skip
    with pytest.raises(InvalidInput):
        service.decide(session, actor=w.actor("zone"), application_id=app.id, approve=True,
                       reasons="  ")  # fmt: skip


def test_evidence_is_checked_by_content(session, settings) -> None:  # type: ignore[no-untyped-def]
    w = build_world(session)
    app = service.create_application(session, actor=w.actor("gz1"), data=benchmark_project())
    doc = service.attach_document(
        session, settings=settings, actor=w.actor("gz1"), application_id=app.id,
        content=PDF, filename="land-survey.pdf",
    )  # fmt: skip
    assert (doc.media_type, doc.size_bytes) == ("application/pdf", len(PDF))
    with pytest.raises(InvalidInput, match="not a PDF, PNG or JPEG"):
        service.attach_document(
            session, settings=settings, actor=w.actor("gz1"), application_id=app.id,
            content=b"#!/bin/sh\necho hi\n", filename="survey.pdf",
        )  # fmt: skip
    session.rollback()
    # the refused file left nothing behind
    assert session.scalar(select(func.count()).select_from(Evidence)) == 1
    read = service.application_document(
        session, settings=settings, actor=w.actor("gz1"), application_id=app.id,
        evidence_id=doc.id,
    )  # fmt: skip
    assert read.content == PDF
    with pytest.raises(NotFound):  # a draft's documents are not the zone office's yet
        service.application_document(
            session, settings=settings, actor=w.actor("zone"), application_id=app.id,
            evidence_id=doc.id,
        )  # fmt: skip


def test_rules_are_versions_and_bad_rules_are_named(session) -> None:  # type: ignore[no-untyped-def]
    w = build_world(session)
    app = service.create_application(session, actor=w.actor("gz1"), data=benchmark_project())
    with pytest.raises(Conflict, match="no admission indicator set is in force"):
        service.submit_application(session, actor=w.actor("gz1"), application_id=app.id)
    session.rollback()
    with pytest.raises(PermissionDenied):
        service.add_indicator_set(
            session, actor=w.actor("gz1"), config=set_to_dict(load_demo_set())
        )
    bad = set_to_dict(load_demo_set()) | {"version": "x"}
    bad["rules"] = [{"indicator": "plot_ratio", "segment": "toys",
                     "threshold": {"op": ">=", "value": "1"}}]  # fmt: skip
    with pytest.raises(InvalidInput, match="segment 'toys'"):
        with_rules(session, w, bad)
    with_rules(session, w)
    with pytest.raises(Conflict, match="exists already"):
        with_rules(session, w)
    rows = service.list_indicator_sets(session, actor=w.actor("gz1"))
    assert [r.version for r in rows] == ["demo-2025.1"]
