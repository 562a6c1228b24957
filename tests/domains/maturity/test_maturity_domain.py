"""Self-assessments: proposals from the firm's own data with their figures, confirmation and
override (audited), scoring, gaps and roadmap, submission, the zone office's view of levels,
and the licensed requirement import; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from suigang.db import utcnow
from suigang.domains.equipment.models import CounterSample, MachineStateInterval
from suigang.domains.identity.models import AuditEvent
from suigang.domains.maturity import service
from suigang.domains.maturity.models import AnswerOrigin
from suigang.domains.planning.service import make_plan, release_plan
from suigang.domains.production.service import record_operation_actuals
from suigang.engines.analytics.maturity import Answer
from suigang.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from tests.domains.production.test_operation_actuals import placed_work_order
from tests.world import build_world


def shop_floor(session, w):  # type: ignore[no-untyped-def]
    """gz1: one of its two machines connected and reporting for a week, one order planned
    by the scheduler and its first operation finished (before its planned end)."""
    now = utcnow()
    cnc1 = w.machines["gz1"][0]
    cnc1.sparkplug_group, cnc1.sparkplug_node, cnc1.sparkplug_device = "gz1", "cell", "cnc1"
    key = "gz1/cell/cnc1"
    start = now - timedelta(days=6)
    session.add_all([
        MachineStateInterval(machine_key=key, machine_id=cnc1.id, start=start,
                             end=start + timedelta(hours=20), item_state="Executing",
                             operation_mode="Processing"),
        MachineStateInterval(machine_key=key, machine_id=cnc1.id,
                             start=start + timedelta(hours=20), end=start + timedelta(hours=21),
                             item_state="OutOfService", operation_mode="None"),
        MachineStateInterval(machine_key=key, machine_id=cnc1.id,
                             start=start + timedelta(hours=21), item_state="Executing",
                             operation_mode="Processing"),
        CounterSample(machine_key=key, machine_id=cnc1.id, metric="Production/PartsProduced",
                      ts=start, value=0),
        CounterSample(machine_key=key, machine_id=cnc1.id, metric="Production/PartsProduced",
                      ts=start + timedelta(hours=20), value=500),
    ])  # fmt: skip
    session.commit()
    wo = placed_work_order(session, w)
    plan = make_plan(session, actor=w.actor("gz1"))
    release_plan(session, actor=w.actor("gz1"), plan_id=plan.id)
    first = wo.operations[0]
    record_operation_actuals(
        session, actor=w.actor("gz1m"), operation_id=first.id,
        started_at=utcnow() - timedelta(minutes=1), finished_at=utcnow(),
    )  # fmt: skip
    return wo


def by_req(assessment):  # type: ignore[no-untyped-def]
    return {(a.subdomain, a.level, a.requirement): a for a in assessment.answers}


def test_start_proposes_from_the_factorys_own_data(session) -> None:  # type: ignore[no-untyped-def]
    w = build_world(session)
    shop_floor(session, w)
    a = service.start_assessment(session, actor=w.actor("gz1m"), title="2026")
    rows = by_req(a)
    # 1 of 2 machines connected and reporting: 50 % → partially
    r1 = rows[("R1", 2, "b")]
    assert (r1.decision, r1.proposed, r1.answer) == (AnswerOrigin.PROPOSED, Answer.PARTIALLY, None)
    assert r1.evidence["indicator"] == "machines_reporting"
    assert r1.evidence["figures"] == {
        "share_pct": 50.0,
        "machines": 2,
        "connected": 1,
        "reporting": 1,
        "days": 7,
    }
    # the one work order is in a released plan: 100 % → fully
    m22 = rows[("M2.2", 2, "a")]
    assert (m22.proposed, m22.evidence["figures"]["scheduled"]) == (Answer.FULLY, 1)
    # the finished operation has its times and ended before its planned end
    adherence = rows[("M2.2", 3, "b")].evidence["figures"]
    assert (adherence["measured"], adherence["on_time"], adherence["adherence_pct"]) == (
        1,
        1,
        100.0,
    )
    # OEE is tracked on one machine of two, with one failure of an hour: MTTR 60 min
    oee = rows[("M2.4", 3, "a")]
    assert (oee.proposed, oee.evidence["figures"]["tracked"]) == (Answer.PARTIALLY, 1)
    assert oee.evidence["figures"]["mttr_min"] == 60.0
    # the order came from an RFQ and has its work order and lot: 100 %
    assert rows[("T2", 3, "b")].proposed is Answer.FULLY
    # no inspection plan: nothing to propose for SPC, the firm answers itself
    assert ("M2.3", 2, "b") not in rows
    # a second draft is refused while one is open
    with pytest.raises(Conflict, match="already has a draft"):
        service.start_assessment(session, actor=w.actor("gz1"))


def test_confirm_override_submit_and_zone_levels(session) -> None:  # type: ignore[no-untyped-def]
    w = build_world(session)
    shop_floor(session, w)
    gz1 = w.actor("gz1")
    a = service.start_assessment(session, actor=gz1)
    rows = by_req(a)
    service.decide_proposal(
        session, actor=gz1, assessment_id=a.id, answer_id=rows[("R1", 2, "b")].id
    )
    with pytest.raises(InvalidInput, match="reason"):
        service.decide_proposal(
            session, actor=gz1, assessment_id=a.id, answer_id=rows[("M2.2", 2, "a")].id,
            answer="部分满足",
        )  # fmt: skip
    session.rollback()
    service.decide_proposal(
        session, actor=gz1, assessment_id=a.id, answer_id=rows[("M2.2", 2, "a")].id,
        answer="部分满足", reason="only the main line is planned in the system",
    )  # fmt: skip
    rows = by_req(service.get_assessment(session, actor=gz1, assessment_id=a.id))
    assert (rows[("R1", 2, "b")].decision, rows[("R1", 2, "b")].answer) == (
        AnswerOrigin.CONFIRMED,
        Answer.PARTIALLY,
    )
    assert (rows[("M2.2", 2, "a")].decision, rows[("M2.2", 2, "a")].answer) == (
        AnswerOrigin.OVERRIDDEN,
        Answer.PARTIALLY,
    )
    # pending proposals block submission
    with pytest.raises(Conflict, match="confirm or override every proposal"):
        service.submit_assessment(session, actor=gz1, assessment_id=a.id)
    session.rollback()
    pending = [r for r in by_req(a).values() if r.answer is None]
    for r in pending:
        service.decide_proposal(session, actor=gz1, assessment_id=a.id, answer_id=r.id)
    # every level-1 requirement fully met: level 1 scores 1.0
    level1 = [
        service.AnswerInput(r.subdomain, r.level, r.requirement, "fully")
        for r in service.requirements_in_use(session) if r.level == 1
    ]  # fmt: skip
    service.answer_requirements(session, actor=w.actor("gz1m"), assessment_id=a.id, answers=level1)
    _, out = service.assessment_outcome(session, actor=gz1, assessment_id=a.id)
    assert out.result.level_scores[1] == 1
    assert out.result.next_level == 2
    # gaps at level 2: answered below 1.0 first (R1 b partially), then unanswered ones
    first = out.gaps[0]
    assert (first.subdomain, first.requirement, first.answer) == ("R1", "b", "partially")
    assert [f.key for f in first.features] == ["machines", "oee"]
    assert any(g.answer is None for g in out.gaps)
    submitted = service.submit_assessment(session, actor=gz1, assessment_id=a.id)
    # level 2 only partly answered: S = 1 + level-2 score < 1.8 → level 1
    assert submitted.level == 1 and submitted.score == str(out.result.score)
    with pytest.raises(Conflict, match="is submitted"):
        service.answer_requirements(session, actor=gz1, assessment_id=a.id, answers=level1)
    levels = service.zone_levels(session, actor=w.actor("zone"))
    assert [(f.firm_en, f.level) for f in levels] == [("gz1 Ltd", 1)]
    # the zone office never reads the answers; another factory does not see it at all
    for who in ("zone", "gz2"):
        with pytest.raises(NotFound):
            service.get_assessment(session, actor=w.actor(who), assessment_id=a.id)
    with pytest.raises(PermissionDenied):
        service.zone_levels(session, actor=gz1)
    actions = set(
        session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("maturity.%")))
    )
    assert {"maturity.started", "maturity.confirmed", "maturity.overridden",
            "maturity.answered", "maturity.submitted"} <= actions  # fmt: skip


def test_members_answer_but_only_admins_submit(session) -> None:  # type: ignore[no-untyped-def]
    w = build_world(session)
    a = service.start_assessment(session, actor=w.actor("gz1m"))
    # no machines connected, no orders: gz1 still has two machines, none reporting → not met
    assert by_req(a)[("R1", 2, "b")].proposed is Answer.NOT_MET
    with pytest.raises(PermissionDenied):
        service.submit_assessment(session, actor=w.actor("gz1m"), assessment_id=a.id)


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (service.AnswerInput("X9", 1, "a", "fully"), "answer 2: unknown sub-domain 'X9'"),
        (service.AnswerInput("P1", 7, "a", "fully"), "answer 2: level 7 is not a level"),
        (service.AnswerInput("P1", 1, "zz", "fully"), "answer 2: P1 has no requirement 'zz'"),
        (service.AnswerInput("P1", 1, "a", "sort of"), "answer 2: unknown answer 'sort of'"),
    ],
)
def test_a_bad_answer_is_named_and_nothing_is_stored(session, item, message) -> None:  # type: ignore[no-untyped-def]
    w = build_world(session)
    a = service.start_assessment(session, actor=w.actor("hk1"))
    good = service.AnswerInput("组织战略", "一级", "a", "全部满足")
    with pytest.raises(InvalidInput, match=message):
        service.answer_requirements(
            session, actor=w.actor("hk1"), assessment_id=a.id, answers=[good, item]
        )
    session.rollback()
    # the good first answer was not stored either
    assert service.get_assessment(session, actor=w.actor("hk1"), assessment_id=a.id).answers == []


def test_licensed_import_replaces_the_summaries_and_refuses_a_bad_line(session) -> None:  # type: ignore[no-untyped-def]
    w = build_world(session)
    assert service.requirements_in_use(session)[0].kind == "summary"
    bad = b"subdomain,level,requirement,text_en\nP1,1,1.1,Plans exist\nQ7,1,1.2,Nope\n"
    with pytest.raises(InvalidInput, match="line 3: unknown sub-domain 'Q7'"):
        service.import_requirements(session, actor=w.actor("zone"), content=bad, filename="l.csv")
    session.rollback()
    # nothing stored: the summaries are still in use
    assert service.requirements_in_use(session)[0].kind == "summary"
    good = "subdomain,level,requirement,text_zh_hans\nP1,1,1.1,规划\nR1,2,2.1,联网\n".encode()
    assert service.import_requirements(session, actor=w.actor("zone"), content=good) == 2
    assert [(r.subdomain, r.requirement, r.kind) for r in service.requirements_in_use(session)] == [
        ("P1", "1.1", "standard"),
        ("R1", "2.1", "standard"),
    ]
    with pytest.raises(PermissionDenied):
        service.import_requirements(session, actor=w.actor("gz1"), content=good)


def test_report_pdf_in_the_readers_language(session) -> None:  # type: ignore[no-untyped-def]
    import io

    from pypdf import PdfReader

    w = build_world(session)
    shop_floor(session, w)
    a = service.start_assessment(session, actor=w.actor("gz1"))
    name, pdf = service.assessment_report(session, actor=w.actor("gz1"), assessment_id=a.id)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert name.startswith("maturity-gz1_Ltd-") and pdf.startswith(b"%PDF")
    # the evidence with its figures, the proposal still to confirm, the summaries marked
    assert "Machines connected and reporting: 1 of 2" in text
    assert "to confirm" in text
    assert "summaries written by the team" in text
    _, pdf = service.assessment_report(
        session, actor=w.actor("gz1"), assessment_id=a.id, lang="zh-Hant"
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "智能製造能力成熟度自評報告" in text and "聯網並上報的設備 1/2 台" in text
    # another firm cannot have it
    with pytest.raises(NotFound):
        service.assessment_report(session, actor=w.actor("gz2"), assessment_id=a.id)
