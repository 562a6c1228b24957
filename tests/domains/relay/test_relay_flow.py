"""The relay through its use cases on SQLite and PostgreSQL: a project started by a Hong Kong
institute, levels claimed with evidence, a gate that names what it lacks, the baton offered
to a zone factory whose admin accepts it, refusals, stalled batons, and who sees what."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from suigang.domains.identity.models import AuditEvent
from suigang.domains.quality import service as quality
from suigang.domains.relay import service
from suigang.domains.relay.models import HandoverStatus, ProjectStatus, RelayLegRun
from suigang.domains.relay.schemas import LevelRef, RelayProjectCreate
from suigang.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from tests.domains.quality.quality_world import order_lot, plan
from tests.domains.quality.test_quality_spc import DIAMETER, values
from tests.domains.relay.relay_world import PDF, relay_world

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def start(session, w, **extra):  # type: ignore[no-untyped-def]
    data = RelayProjectCreate(title_en="Compliant gripper", title_zh_hans="柔顺夹爪平台", **extra)
    return service.create_project(session, actor=w.actor("ri"), data=data, now=day(0))


def test_baton_passes_from_institute_to_factory(session, settings) -> None:  # type: ignore[no-untyped-def]
    """Leg 1's gate is TRL 3 + MRL 3 with evidence: refused while anything lacks, passed
    once both have evidence; the factory's admin accepts and holds leg 2."""
    w = relay_world(session)
    project = start(session, w)
    # the Traditional title was converted from the Simplified one (Hong Kong forms)
    assert (project.title_en, project.title_zh_hant) == ("Compliant gripper", "柔順夾爪平台")
    gz1 = w.firms["gz1"].id
    with pytest.raises(service.GateRefused) as refused:
        service.request_handover(
            session, actor=w.actor("ri"), project_id=project.id, to_enterprise_id=gz1, now=day(1)
        )
    # nothing claimed yet: each criterion of the gate says what it lacks
    assert refused.value.errors == [
        "no TRL is claimed; the gate needs TRL 3",
        "no MRL is claimed; the gate needs MRL 3",
    ]
    service.claim_level(
        session, actor=w.actor("ri"), project_id=project.id, scale="TRL", level=3, now=day(2)
    )
    service.claim_level(
        session, actor=w.actor("rim"), project_id=project.id, scale="MRL", level=3, now=day(2)
    )
    service.attach_review(
        session, actor=w.actor("rim"), project_id=project.id,
        level=LevelRef(scale="TRL", level=3), title="Lab demonstration",
        note="Gripper closed 500 cycles on the bench", now=day(3),
    )  # fmt: skip
    gate = service.check_handover_gate(session, actor=w.actor("ri"), project_id=project.id)
    # the TRL has its evidence; the MRL still lacks any
    assert (gate.status, [s.message for s in gate.shortfalls]) == (
        "refused",
        ["MRL 3 has no evidence"],
    )
    doc = service.attach_document(
        session, settings=settings, actor=w.actor("ri"), project_id=project.id,
        level=LevelRef(scale="MRL", level=3, threads=["c", "E"]), content=PDF,
        filename="../proc/feasibility.PDF", now=day(4),
    )  # fmt: skip
    # the name offered back has no path; the threads are stored upper case
    assert (doc.filename, doc.media_type, doc.size_bytes) == (
        "feasibility.pdf", "application/pdf", len(PDF),
    )  # fmt: skip
    handover = service.request_handover(
        session, actor=w.actor("ri"), project_id=project.id, to_enterprise_id=gz1, now=day(5)
    )
    assert (handover.from_leg, handover.to_leg, handover.status) == (1, 2, HandoverStatus.PENDING)
    # offered the baton, the factory sees the project and its evidence before deciding
    seen = service.get_project(session, actor=w.actor("gz1m"), project_id=project.id)
    assert [e.evidence.title for e in seen.evidence] == ["Lab demonstration", "feasibility.pdf"]
    assert seen.evidence[1].threads == ["C", "E"]
    # a member may not take the baton for the firm: only its admin
    with pytest.raises(PermissionDenied):
        service.accept_handover(session, actor=w.actor("gz1m"), handover_id=handover.id, now=day(6))
    # nor may the passing firm accept its own offer (it is not addressed to it)
    with pytest.raises(PermissionDenied):
        service.accept_handover(session, actor=w.actor("ri"), handover_id=handover.id, now=day(6))
    service.accept_handover(session, actor=w.actor("gz1"), handover_id=handover.id, now=day(12))
    view = service.get_project(session, actor=w.actor("ri"), project_id=project.id)
    # the factory holds leg 2; the institute stays a participant and held the baton first
    assert (view.leg, view.baton_holder.id, [h.id for h in view.holders]) == (
        2, gz1, [w.firms["ri"].id, gz1],
    )  # fmt: skip
    assert view.gate.criteria == ["TRL 6", "MRL 6"]
    runs = session.scalars(select(RelayLegRun).order_by(RelayLegRun.started_at)).all()
    # leg 1 ran from day 0 to the acceptance on day 12, by a Hong Kong firm; leg 2 runs on
    assert [(r.leg, r.region.value, r.started_at, r.ended_at) for r in runs] == [
        (1, "hk", day(0), day(12)),
        (2, "zone", day(12), None),
    ]
    assert [e.kind for e in view.timeline] == [
        "created", "claimed", "claimed", "evidence_attached", "evidence_attached",
        "handover_requested", "handover_accepted",
    ]  # fmt: skip
    # the audit log holds the same writes
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.subject_id == str(project.id))
    ).all()
    assert sorted(actions) == sorted(f"relay.{e.kind}" for e in view.timeline)
    handovers = view.handovers
    assert [(h.status, h.days) for h in handovers] == [(HandoverStatus.ACCEPTED, 7)]


def test_a_refused_offer_takes_back_the_participation_it_gave(session, settings) -> None:  # type: ignore[no-untyped-def]
    """gz2 is offered the baton, sees the evidence, refuses with a reason: it no longer sees
    the project or its document, and the institute may offer the baton again."""
    w = relay_world(session)
    project = start(session, w, trl=3, mrl=3)
    for scale in ("TRL", "MRL"):
        service.attach_document(
            session, settings=settings, actor=w.actor("ri"), project_id=project.id,
            level=LevelRef(scale=scale, level=3), content=PDF, filename="report.pdf",
        )  # fmt: skip
    doc_id = service.list_project_evidence(session, actor=w.actor("ri"), project_id=project.id)[
        0
    ].evidence.id
    offer = service.request_handover(
        session, actor=w.actor("ri"), project_id=project.id, to_enterprise_id=w.firms["gz2"].id
    )
    got = service.project_document(
        session, settings=settings, actor=w.actor("gz2"), project_id=project.id, evidence_id=doc_id
    )
    assert (got.content, got.media_type) == (PDF, "application/pdf")
    with pytest.raises(Conflict):  # one offer at a time
        service.request_handover(
            session, actor=w.actor("ri"), project_id=project.id, to_enterprise_id=w.firms["gz1"].id
        )
    with pytest.raises(InvalidInput):  # a refusal says why
        service.refuse_handover(session, actor=w.actor("gz2"), handover_id=offer.id, reason=" ")
    service.refuse_handover(
        session, actor=w.actor("gz2"), handover_id=offer.id, reason="no capacity this year"
    )
    for call in (
        lambda: service.get_project(session, actor=w.actor("gz2"), project_id=project.id),
        lambda: service.project_document(
            session,
            settings=settings,
            actor=w.actor("gz2"),
            project_id=project.id,
            evidence_id=doc_id,
        ),
    ):
        with pytest.raises(NotFound):
            call()
    # the refusing firm still reads its answer
    answer = service.get_handover(session, actor=w.actor("gz2"), handover_id=offer.id)
    assert (answer.status, answer.reason) == (HandoverStatus.REFUSED, "no capacity this year")
    again = service.request_handover(
        session, actor=w.actor("ri"), project_id=project.id, to_enterprise_id=w.firms["gz1"].id
    )
    service.withdraw_handover(session, actor=w.actor("rim"), handover_id=again.id, reason="wait")
    assert service.get_summary(session, actor=w.actor("ri"), project_id=project.id).leg == 1


def test_who_sees_what(session, settings) -> None:  # type: ignore[no-untyped-def]
    """Participants see everything; the zone office sees summaries only; anyone else nothing."""
    w = relay_world(session)
    project = start(session, w, trl=2, participant_ids=[w.firms["sp"].id])
    service.attach_document(
        session, settings=settings, actor=w.actor("spm"), project_id=project.id,
        level=LevelRef(scale="TRL", level=2), content=PDF, filename="market study.pdf",
    )  # fmt: skip
    (item,) = service.list_project_evidence(session, actor=w.actor("sp"), project_id=project.id)
    ev = item.evidence.id
    # the zone office: the summary in every list and by id, never the evidence
    rows, total = service.list_projects(session, actor=w.actor("zone"))
    assert (total, rows[0].id, rows[0].trl, rows[0].baton_holder.id) == (
        1, project.id, 2, w.firms["ri"].id,
    )  # fmt: skip
    assert service.get_summary(session, actor=w.actor("zone"), project_id=project.id).leg == 1
    for who in ("zone", "hk2", "gz1"):
        with pytest.raises(NotFound):
            service.get_project(session, actor=w.actor(who), project_id=project.id)
        with pytest.raises(NotFound):
            service.list_project_evidence(session, actor=w.actor(who), project_id=project.id)
        with pytest.raises(NotFound):
            service.project_document(
                session, settings=settings, actor=w.actor(who), project_id=project.id,
                evidence_id=ev,
            )  # fmt: skip
    # a firm that takes no part lists nothing and sees no summary
    assert service.list_projects(session, actor=w.actor("hk2")) == ([], 0)
    with pytest.raises(NotFound):
        service.get_summary(session, actor=w.actor("hk2"), project_id=project.id)
    # a participant may attach but not claim levels: that is the holder's
    with pytest.raises(PermissionDenied):
        service.claim_level(
            session, actor=w.actor("sp"), project_id=project.id, scale="TRL", level=3
        )
    # the zone office takes no part in a relay
    with pytest.raises(InvalidInput):
        service.add_participant(
            session, actor=w.actor("ri"), project_id=project.id, enterprise_id=w.firms["zone"].id
        )


def test_lot_capability_links_as_mrl_evidence_and_refreshes(session) -> None:  # type: ignore[no-untyped-def]
    """gz1 links its lot under MRL 8: the figure is the lot's Cpk from the SPC engine,
    (x̿ − LSL) / 3σ with x̿ = 35/3, σ = R̄/d2 = 2√π/3; a refresh after more values keeps the
    figure when attached. hk2, which neither made nor bought the lot, cannot link it."""
    w = relay_world(session)
    lot = order_lot(session, w)
    plan(session, w, DIAMETER)
    quality.record_measurements(
        session, actor=w.actor("gz1"), lot_id=lot.id,
        rows=values("diameter", {1: [10, 12], 2: [11, 13], 3: [12, 12]}),
    )  # fmt: skip
    data = RelayProjectCreate(title_en="Joint housing pilot", leg=3, trl=7, mrl=8)
    project = service.create_project(session, actor=w.actor("gz1"), data=data)
    link = service.attach_link(
        session, actor=w.actor("gz1"), project_id=project.id,
        level=LevelRef(scale="MRL", level=8, threads=["F"]), link_kind="lot", ref=lot.id,
    )  # fmt: skip
    cpk = (35 / 3 - 9) / (3 * 2 * math.sqrt(math.pi) / 3)
    assert (link.figure_name, link.link_label) == ("Cpk min", lot.number)
    assert link.figure == link.figure_attached == round(cpk, 3)
    assert link.figures["characteristics"][0]["n"] == 6
    # the gate out of leg 3 is MRL 8 with evidence: the pilot lot meets it
    gate = service.check_handover_gate(session, actor=w.actor("gz1"), project_id=project.id)
    assert (gate.status, gate.shortfalls) == ("pass", [])
    quality.record_measurements(
        session, actor=w.actor("gz1"), lot_id=lot.id,
        rows=values("diameter", {4: [12, 12], 5: [12, 12]}),
    )  # fmt: skip
    fresh = service.refresh_link(
        session, actor=w.actor("gz1"), project_id=project.id, evidence_id=link.id
    )
    # subgroups (12,12) twice: x̿ = 59/5, R̄ = 4/5, σ = R̄/d2(2) = (4/5)·√π/2
    sigma = 0.8 * math.sqrt(math.pi) / 2
    assert fresh.figure == round((59 / 5 - 9) / (3 * sigma), 3)
    assert fresh.figure_attached == round(cpk, 3)
    service.add_participant(
        session, actor=w.actor("gz1"), project_id=project.id, enterprise_id=w.firms["hk2"].id
    )
    with pytest.raises(NotFound):
        service.attach_link(
            session, actor=w.actor("hk2"), project_id=project.id,
            level=LevelRef(scale="MRL", level=8), link_kind="lot", ref=lot.id,
        )  # fmt: skip


def test_stalled_batons_and_the_funnel(session) -> None:  # type: ignore[no-untyped-def]
    """Three projects: one moved 120 days ago (stalled at the shipped 90-day limit), one
    passed from leg 1 to leg 2 after 30 days, one dropped on leg 1."""
    w = relay_world(session)
    now = day(200)
    old = start(session, w)  # day 0
    service.claim_level(
        session, actor=w.actor("ri"), project_id=old.id, scale="TRL", level=2, now=day(80)
    )
    passed = start(session, w, trl=3, mrl=3)
    for scale in ("TRL", "MRL"):
        service.attach_review(
            session, actor=w.actor("ri"), project_id=passed.id,
            level=LevelRef(scale=scale, level=3), title="Review", note="ok", now=day(10),
        )  # fmt: skip
    offer = service.request_handover(
        session, actor=w.actor("ri"), project_id=passed.id, to_enterprise_id=w.firms["gz1"].id,
        now=day(28),
    )  # fmt: skip
    service.accept_handover(session, actor=w.actor("gz1"), handover_id=offer.id, now=day(30))
    service.claim_level(
        session, actor=w.actor("gz1"), project_id=passed.id, scale="TRL", level=4, now=day(190)
    )
    dropped = start(session, w)
    with pytest.raises(PermissionDenied):  # a member may not end a project
        service.close_project(
            session, actor=w.actor("rim"), project_id=dropped.id,
            outcome=ProjectStatus.DROPPED, reason="no funding",
        )  # fmt: skip
    service.close_project(
        session, actor=w.actor("ri"), project_id=dropped.id, outcome=ProjectStatus.DROPPED,
        reason="no funding", now=day(50),
    )  # fmt: skip
    view = service.get_summary(session, actor=w.actor("zone"), project_id=old.id, now=now)
    assert (view.stalled, view.idle_days, view.stall_limit_days) == (True, 120, 90)
    # a tighter limit for the whole zone (a setting) flags the other one too (idle 10 days)
    tight = service.get_summary(
        session, actor=w.actor("zone"), project_id=passed.id, now=now, after_days=10
    )
    assert (tight.stalled, tight.idle_days) == (True, 10)
    funnel = service.relay_funnel(session, actor=w.actor("zone"), now=now)
    assert (funnel.projects, funnel.active, funnel.completed, funnel.dropped) == (3, 2, 0, 1)
    legs = {f.leg: f for f in funnel.legs}
    # three projects reached leg 1, one reached leg 2; leg 1's finished runs took 30 and 50
    assert [(f.reached, f.current, f.dropped, f.stalled) for f in funnel.legs] == [
        (3, 1, 1, 1), (1, 1, 0, 0), (0, 0, 0, 0), (0, 0, 0, 0), (0, 0, 0, 0),
    ]  # fmt: skip
    assert (legs[1].median_days, legs[2].median_days) == (40.0, None)
    assert [(h.from_leg, h.to_leg, h.accepted, h.median_days) for h in funnel.handovers] == [
        (1, 2, 1, 2.0)
    ]
    # four leg runs: three by the Hong Kong institute, one by the zone factory
    assert (funnel.share_hk, funnel.share_zone) == (0.75, 0.25)
    assert [s.id for s in funnel.stalled] == [old.id]
    for who in ("ri", "gz1", "hk1"):
        with pytest.raises(PermissionDenied):
            service.relay_funnel(session, actor=w.actor(who), now=now)
