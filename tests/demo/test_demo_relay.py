"""The demo's relay and standards: projects in every leg with stalled batons and a pending
offer to the demo factory, the flexspline's MRL 8 evidence a real pilot lot of the demo
factory, the crosswalk imported from the reference set (or the shipped subset, which agrees
with it), and requirements sourced only where a source requires them."""

from __future__ import annotations

import csv
import io
import uuid
from importlib import resources

from sqlalchemy import select

from suigang.demo.relay import SCRIPTS
from suigang.demo.standards import shared_crosswalk
from suigang.domains.identity.models import User
from suigang.domains.identity.service import actor_for_user
from suigang.domains.quality.service import lot_quality
from suigang.domains.relay import service as relay
from suigang.domains.standards import service as standards
from suigang.engines.standards import read_crosswalk, read_requirements
from tests.conftest import shared_path
from tests.demo.demo_support import NOW, Built


def actor(session, email: str):  # type: ignore[no-untyped-def]
    return actor_for_user(session.scalar(select(User).where(User.email == email)))


def data(name: str) -> str:
    return resources.files("suigang.demo").joinpath("data", name).read_text(encoding="utf-8")


def test_projects_run_in_every_leg(sqlite_demo: Built) -> None:
    summary, factory = sqlite_demo
    assert summary.relay_projects == len(SCRIPTS) == 13
    with factory() as s:
        funnel = relay.relay_funnel(s, actor=actor(s, "zone.office@demo.suigang"), now=NOW)
    # an active project on every leg, one dropped on leg 2, one completed on leg 5
    assert [leg.current for leg in funnel.legs] == [3, 4, 2, 1, 1]
    assert (funnel.active, funnel.completed, funnel.dropped) == (11, 1, 1)
    # three batons idle 90 days or more: the bone plate (200), the weld tracker (130), and
    # the gripper at the financier since its acceptance (90)
    assert [(p.title_en, p.idle_days) for p in funnel.stalled] == [
        ("Porous titanium bone plate", 200),
        ("Event-camera weld seam tracking", 130),
        ("Collaborative gripper", 90),
    ]
    # legs 1 and 5 are run by Hong Kong firms, 2 to 4 by zone firms
    assert [(leg.runs_hk, leg.runs_zone) for leg in funnel.legs] == [
        (9, 0), (0, 8), (0, 5), (0, 3), (2, 0),
    ]  # fmt: skip
    refused = [h for h in funnel.handovers if h.refused]
    assert [(h.from_leg, h.to_leg, h.refused) for h in refused] == [(1, 2, 1)]


def test_the_flexspline_claims_mrl8_with_a_real_pilot_lot(sqlite_demo: Built) -> None:
    """Its MRL 8 evidence links the demo factory's lot with SPC data; the figure is the
    lowest Cpk the quality domain computes for that lot; the gate to volume production passes."""
    _, factory = sqlite_demo
    with factory() as s:
        gz = actor(s, "gz.precision@demo.suigang")
        rows, _ = relay.list_projects(s, actor=gz, lang="en", now=NOW)
        flexspline = next(p for p in rows if p.title_en == "Harmonic-drive flexspline")
        view = relay.get_project(s, actor=gz, project_id=flexspline.id, now=NOW)
        (link,) = [e for e in view.evidence if e.evidence.kind.value == "platform_data"]
        assert (link.scale, link.level, link.threads) == ("MRL", 8, ["E", "F"])
        quality = lot_quality(s, actor=gz, lot_id=uuid.UUID(str(link.evidence.link_ref)))
        cpks = [c.capability.cpk for c in quality.characteristics if c.capability.cpk is not None]
        assert link.evidence.link_label == quality.lot_number
        assert link.evidence.figure == round(min(cpks), 3)
        assert (view.leg, view.mrl, view.gate.status) == (3, 8, "pass")
        # the joint housing's baton waits for the demo factory's answer
        offered, _ = relay.list_handovers(s, actor=gz, lang="en")
        assert [h.project_title for h in offered] == ["Lightweight cobot joint housing"]


def test_standards_tables_and_certifications(sqlite_demo: Built) -> None:
    summary, factory = sqlite_demo
    shared = shared_crosswalk()
    if shared is None:  # no reference set beside the checkout: the 12 sourced rows it ships
        assert (summary.crosswalk_rows, summary.crosswalk_from) == (12, "shipped subset")
    else:  # the reference set beside it: the demo loads its whole table
        assert (summary.crosswalk_rows, summary.crosswalk_from) == (45, "shared")
    assert summary.product_requirements == 20
    with factory() as s:
        gz = actor(s, "gz.precision@demo.suigang")
        iec = standards.lookup_standards(s, actor=gz, query="IEC 60204-1")
        assert [i.cn_standard for i in iec.items] == ["GB/T 5226.1-2019", "GB 5226.1-2008"]
        products, _ = standards.list_product_categories(s, actor=gz)
        filed = [p for p in products if p.category]
        assert filed and {p.category for p in filed} == {"Precision machined parts"}
        check = standards.product_standards(
            s, actor=gz, product_id=filed[0].product_id, on=NOW.date()
        )
        # the demo factory's ISO 9001 is valid, its ISO 14001 expires in 45 days, its
        # ISO 45001 expired 20 days ago; each counts for the GB/T adoption through the IDT row
        assert [(r.standard, r.status, r.via) for r in check.mainland] == [
            ("GB/T 19001-2016", "held", "ISO 9001:2015"),
            ("GB/T 24001-2016", "expiring", "ISO 14001:2015"),
            ("GB/T 45001-2020", "expired", "ISO 45001:2018"),
        ]
        assert all(not r.verified for r in check.mainland + check.hk_international)


def test_the_shipped_subset_agrees_with_the_reference_table() -> None:
    """Every row of the subset is a row of the reference crosswalk, with its source."""
    path = shared_path("reference", "standards", "crosswalk.csv")
    reference = {
        (r.intl_standard, r.cn_standard): r
        for r in read_crosswalk(path.read_text(encoding="utf-8-sig"))
    }
    subset = read_crosswalk(data("crosswalk_subset.csv"))
    assert len(subset) == 12
    for row in subset:
        assert row == reference[(row.intl_standard, row.cn_standard)]
        assert row.verified  # each has its adoption degree and a source


def test_requirements_are_sourced_only_where_a_source_requires_them() -> None:
    """Only the two mandatory robot-safety standards carry a source; every required standard
    has a counterpart in the shipped crosswalk subset."""
    requirements = read_requirements(data("product_requirements.csv"))
    assert sorted(r.standard for r in requirements if r.verified) == [
        "GB 11291.1-2011",
        "GB 11291.2-2013",
    ]
    from suigang.engines.standards import Crosswalk, lookup

    crosswalk = Crosswalk.from_rows(read_crosswalk(data("crosswalk_subset.csv")))
    missing = [r.standard for r in requirements if not lookup(crosswalk, r.number).matches]
    assert missing == []
    # the CSV's header is the engine's
    header = next(csv.reader(io.StringIO(data("product_requirements.csv"))))
    assert header == ["category", "jurisdiction", "standard", "source", "title", "note"]
