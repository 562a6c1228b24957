"""The demo's zone steering: the zone office reviews an admission application and sees the
cluster's path to 2035 (eight years of statistics, Hong Kong-invested firms partly in HKD),
pending and decided applications, and schemes matched with their public sources."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from suigang.domains.admission import service as admission
from suigang.domains.admission.models import ApplicationStatus
from suigang.domains.cluster import service as cluster
from suigang.domains.identity.models import User
from suigang.domains.identity.service import actor_for_user
from suigang.domains.schemes import service as schemes

ZONE = "zone.office@demo.suigang"


def actor(session, email: str):  # type: ignore[no-untyped-def]
    return actor_for_user(session.scalar(select(User).where(User.email == email)))


@pytest.mark.parametrize("demo", ["sqlite_demo", "postgres_demo"])
def test_zone_office_reviews_an_application_and_sees_the_path_to_2035(
    demo: str, request: pytest.FixtureRequest
) -> None:
    summary, factory = request.getfixturevalue(demo)
    # the demo is built on 2026-11-28: statistics 2018-2025
    assert (summary.admission_applications, summary.statistics_years, summary.support_schemes) == (
        6,
        (2018, 2025),
        5,
    )
    with factory() as s:
        zone = actor(s, ZONE)
        queue = admission.review_queue(s, actor=zone, lang="en")
        # three wait (one under review); the best-scoring passed one first, failed ones last
        assert queue[0].applicant.startswith("Xigang Robotic Systems Integration")
        assert [q.verdict for q in queue][-1] == "failed"
        assert {q.status for q in queue} == {ApplicationStatus.SUBMITTED,
                                             ApplicationStatus.UNDER_REVIEW}  # fmt: skip
        first = queue[0]
        review = admission.get_review(s, actor=zone, application_id=first.id, lang="en")
        # scored against the version in force when it was submitted (12 days before)
        assert review.indicator_version == "demo-2026.2"
        # its joint modules fill a local-supplier gap of the alliance's chain (reducers, servos)
        assert review.chain_fit == 1 and review.chain_fit_source == "computed"
        admission.decide(s, actor=zone, application_id=first.id, approve=True,
                         reasons="Fills the cobot joint gap")  # fmt: skip
        decided = admission.review_queue(
            s, actor=zone, statuses=(ApplicationStatus.APPROVED, ApplicationStatus.REJECTED)
        )
        assert len(decided) == 3
        path = cluster.cluster_dashboard(s, actor=zone, lang="en")
        assert [y.year for y in path.years] == list(range(2018, 2026))
        assert (path.target_cny, path.target_year, path.status) == (
            Decimal("100000000000"),
            2035,
            "ok",
        )
        # a positive growth is needed to reach 100 bn, and the trend's band widens to 2035
        assert path.required_cagr is not None and 0 < path.required_cagr < 1
        band = [p.high_cny - p.low_cny for p in path.projection]
        assert band == sorted(band) and path.projection[-1].year == 2035
        # the Hong Kong-invested factories' share (nine of fifteen filers)
        assert all(0 < (y.hk_invested_share or 0) < 1 for y in path.years)
        assert {seg.segment for seg in path.years[-1].segments} == {
            "industrial_robots", "high_end_equipment", "intelligent_inspection",
            "key_components", "services",
        }  # fmt: skip
        hk = schemes.match_firm(s, actor=actor(s, "hk.design@demo.suigang"), lang="en")
        verdicts = {m.code: m.eligibility for m in hk.matches}
        # a Hong Kong design house: Hong Kong programmes yes, the mainland recognition no,
        # the scheme for factories no
        assert verdicts["HK-ITF-TVP"] == "eligible"
        assert verdicts["HK-ITF-RFS"] == "not_eligible"
        assert verdicts["CN-HNTE"] == "not_eligible"
        assert all(m.source_url.startswith("http") for m in hk.matches)
