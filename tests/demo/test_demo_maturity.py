"""The demo's digital maturity, as a new user meets it in ``make run``: the demo factory
starts an assessment whose equipment and scheduling answers are proposed from its own
machines (their telemetry since start-up) and plans, confirms them, downloads the report and
submits; the zone office sees the levels across firms (assessed at several levels)."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import select

from suigang.demo.firms import DEMO_FACTORY
from suigang.demo.maturity import ASSESSED
from suigang.demo.quality import FACTORY_EMAIL
from suigang.domains.identity.models import User
from suigang.domains.identity.service import actor_for_user
from suigang.domains.maturity import service
from suigang.engines.analytics.maturity import Answer
from suigang.telemetry.demo import backfill_history, registered_machines


def test_demo_factory_assesses_itself_and_the_zone_sees_levels(sqlite_demo_now) -> None:  # type: ignore[no-untyped-def]
    start, summary, factory = sqlite_demo_now  # built on the clock a moment ago
    assert summary.maturity_assessments == len(ASSESSED)  # every assessed firm is there
    with factory() as s:
        machines = registered_machines(s, group=DEMO_FACTORY)
    # make run records the machines' last hours at start-up
    assert backfill_history(factory, machines, hours=6, seed=1, now=start) > 0
    with factory() as s:
        planner = s.scalar(select(User).where(User.email == FACTORY_EMAIL))
        zone = s.scalar(select(User).where(User.email == "zone.office@demo.suigang"))
        actor = actor_for_user(planner)
        before = service.zone_levels(s, actor=actor_for_user(zone))
        # the assessed firms sit at several levels
        assert len({f.level for f in before}) >= 3
        a = service.start_assessment(s, actor=actor)
        rows = {(r.subdomain, r.level, r.requirement): r for r in a.answers}
        reporting = rows[("R1", 2, "b")].evidence["figures"]
        # every registered machine of the demo factory reports since start-up: fully met
        assert reporting["reporting"] == reporting["machines"] == len(machines)
        assert rows[("R1", 2, "b")].proposed is Answer.FULLY
        oee = rows[("M2.4", 3, "a")].evidence["figures"]
        # OEE needs a planned time per unit: every machine that a routing names has one
        assert oee["tracked"] == sum(1 for cycle in machines.values() if cycle is not None)
        assert oee["oee_pct"] is not None and oee["mttr_min"] is not None
        # its open work is in the released plan; the history before the platform is not
        scheduled = rows[("M2.2", 2, "a")].evidence["figures"]
        assert 0 < scheduled["scheduled"] < scheduled["work_orders"]
        # the shop floor recorded when each finished operation ran
        times = rows[("M2.2", 2, "b")].evidence["figures"]
        assert times["with_times"] == times["finished"] > 0
        for r in a.answers:
            if r.answer is None:
                service.decide_proposal(s, actor=actor, assessment_id=a.id, answer_id=r.id)
        _, pdf = service.assessment_report(s, actor=actor, assessment_id=a.id, lang="zh-Hans")
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert f"联网并上报的设备 {len(machines)}/{len(machines)} 台" in text
        service.submit_assessment(s, actor=actor, assessment_id=a.id)
        after = service.zone_levels(s, actor=actor_for_user(zone))
        # the demo factory joins the zone office's list
        assert len(after) == len(before) + 1
        assert "Sui-Gang Precision Manufacturing (Guangzhou) Co., Ltd." in {
            f.firm_en for f in after
        }
