"""Support schemes through their use cases on SQLite and PostgreSQL: the zone office's
catalogue, matched against a factory's profile, an admission application and a relay
project: what it may qualify for, which criterion it misses, who can help."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from suigang.domains.admission import service as admission
from suigang.domains.cluster import service as cluster
from suigang.domains.cluster.schemas import FilingCreate, RateCreate
from suigang.domains.relay import service as relay
from suigang.domains.relay.schemas import RelayProjectCreate
from suigang.domains.schemes import service
from suigang.domains.schemes.schemas import SchemeCreate
from suigang.domains.zone.segments import Segment
from suigang.engines.analytics.admission import load_demo_set, set_to_dict
from suigang.errors import InvalidInput, NotFound, PermissionDenied
from tests.domains.admission.test_admission import D2025, benchmark_project
from tests.domains.relay.relay_world import relay_world


def scheme(code: str, applies_to: list[str], *criteria: tuple[str, str, object],
           words: tuple[str, ...] = ()) -> SchemeCreate:  # fmt: skip
    return SchemeCreate(
        code=code, name_en=code, name_zh_hans=code, name_zh_hant=code, sponsor="Test office",
        applies_to=applies_to,
        criteria=[{"field": f, "op": o, "value": v} for f, o, v in criteria],  # type: ignore[misc]
        help_keywords=list(words), source_url="https://example.org/scheme",
    )  # fmt: skip


def catalogue(session, w) -> None:  # type: ignore[no-untyped-def]
    zone = w.actor("zone")
    for data in (
        scheme(
            "ZONE-SMART",
            ["firm"],
            ("in_zone", "eq", True),
            ("kind", "eq", "factory"),
            ("employees", "ge", 10),
            words=("MES",),
        ),
        scheme("HK-RD", ["firm", "application", "project"], ("region", "eq", "hong_kong")),
        scheme("RD-3", ["firm", "application"], ("rd_intensity", "ge", "0.03")),
        scheme("RELAY-HK", ["project"], ("hk_participant", "eq", True), ("trl", "ge", 3)),
    ):
        service.save_scheme(session, actor=zone, data=data)


def test_a_factory_profile(session) -> None:  # type: ignore[no-untyped-def]
    w = relay_world(session)
    w.firms["sp"].description = "MES integration and machine connectivity"
    session.commit()
    catalogue(session, w)
    before = service.match_firm(session, actor=w.actor("gz1"))
    # no statistics filed: the employee count and R&D intensity cannot be judged
    assert {m.code: m.eligibility for m in before.matches} == {
        "ZONE-SMART": "unknown",
        "RD-3": "unknown",
        "HK-RD": "not_eligible",
    }
    cluster.add_rate(session, actor=w.actor("zone"), data=RateCreate(
        effective=date(2020, 1, 1), cny_per_hkd=Decimal("0.9")))  # fmt: skip
    cluster.file_statistics(session, actor=w.actor("gz1"), data=FilingCreate(
        year=2024, segment=Segment.KEY_COMPONENTS, output=Decimal("1000000"),
        rd_spending=Decimal("20000"), employees=40))  # fmt: skip
    after = service.match_firm(session, actor=w.actor("gz1"), lang="en")
    by_code = {m.code: m for m in after.matches}
    # eligible first; 2 % R&D misses the 3 % floor, a zone factory is not in Hong Kong
    assert [m.code for m in after.matches] == ["ZONE-SMART", "HK-RD", "RD-3"]
    assert by_code["RD-3"].missed == ["rd_intensity ≥ 0.03: rd_intensity is 0.02"]
    assert by_code["HK-RD"].missed == ["region = hong_kong: region is zone_west"]
    # the service provider whose description names MES can help
    assert [p.name for p in by_code["ZONE-SMART"].providers] == ["sp Lab"]
    with pytest.raises(NotFound):
        service.match_firm(session, actor=w.actor("zone"))


def test_an_application_and_a_project(session) -> None:  # type: ignore[no-untyped-def]
    w = relay_world(session)
    catalogue(session, w)
    app = admission.create_application(session, actor=w.actor("gz1"), data=benchmark_project())
    mine = service.match_application(session, actor=w.actor("gz1"), application_id=app.id)
    # 3 000 000 of R&D on 100 000 000 of revenue is exactly the 3 % floor
    assert {m.code: m.eligibility for m in mine.matches} == {
        "RD-3": "eligible",
        "HK-RD": "not_eligible",
    }
    for who in ("zone", "gz2"):  # a draft is its applicant's alone
        with pytest.raises(NotFound):
            service.match_application(session, actor=w.actor(who), application_id=app.id)
    admission.add_indicator_set(session, actor=w.actor("zone"),
                                config=set_to_dict(load_demo_set()))  # fmt: skip
    admission.submit_application(session, actor=w.actor("gz1"), application_id=app.id, now=D2025)
    seen = service.match_application(session, actor=w.actor("zone"), application_id=app.id)
    assert seen.subject == "Harmonic drive line"
    project = relay.create_project(session, actor=w.actor("ri"), data=RelayProjectCreate(
        title_en="Gripper", trl=3))  # fmt: skip
    matches = service.match_project(session, actor=w.actor("ri"), project_id=project.id)
    # a Hong Kong institute holds it at TRL 3
    assert {m.code: m.eligibility for m in matches.matches} == {
        "HK-RD": "eligible",
        "RELAY-HK": "eligible",
    }
    with pytest.raises(NotFound):
        service.match_project(session, actor=w.actor("gz1"), project_id=project.id)


def test_the_catalogue_is_the_zone_offices(session) -> None:  # type: ignore[no-untyped-def]
    w = relay_world(session)
    with pytest.raises(PermissionDenied):
        service.save_scheme(session, actor=w.actor("gz1"), data=scheme("X", ["firm"]))
    with pytest.raises(InvalidInput, match="operator 'approx'"):
        service.save_scheme(session, actor=w.actor("zone"),
                            data=scheme("X", ["firm"], ("jobs", "approx", 3)))  # fmt: skip
    service.save_scheme(session, actor=w.actor("zone"), data=scheme("X", ["firm"]))
    changed = scheme("X", ["firm"], ("kind", "eq", "factory"))
    changed.active = False
    service.save_scheme(session, actor=w.actor("zone"), data=changed)
    rows = service.list_schemes(session, actor=w.actor("hk1"))
    # saved twice under one code: one scheme, changed, now inactive
    assert [(r.code, r.version, r.active) for r in rows] == [("X", 2, False)]
    assert service.list_schemes(session, actor=w.actor("hk1"), active_only=True) == []
