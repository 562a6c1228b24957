"""Schemes matched against a firm's profile, an admission application or a relay project.

Each subject is turned into a plain profile (the fields criteria name: ``region``,
``kind``, ``hk_invested``, ``employees``, ``rd_intensity``, ``segment``, ``trl`` ...; an
application carries its applicant's facts, a project its baton holder's), the
``eligibility`` engine judges every active scheme that applies to that kind of subject, and
the service providers whose name or description holds one of a scheme's words are offered
as help. The profile travels with the answer, so a reader sees what was judged.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.domains.admission.applications import load_own
from suigang.domains.admission.models import AdmissionApplication
from suigang.domains.admission.review import load_submitted
from suigang.domains.cluster.dashboard import cluster_input
from suigang.domains.cluster.models import StatisticsFiling
from suigang.domains.common import owned_by
from suigang.domains.identity.models import Enterprise, EnterpriseKind, Region
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import require
from suigang.domains.relay.common import load_project
from suigang.domains.schemes.catalogue import engine_scheme, list_schemes
from suigang.domains.schemes.models import SupportScheme
from suigang.domains.schemes.schemas import (
    CriterionOutcome,
    MatchesRead,
    ProviderRef,
    SchemeMatchRead,
    SubjectKind,
)
from suigang.engines.analytics.cluster import Currency, NoRate
from suigang.engines.analytics.eligibility import (
    Criterion,
    CriterionResult,
    Eligibility,
    Outcome,
    match,
)
from suigang.errors import NotFound

ZONE = (Region.ZONE_WEST, Region.ZONE_YUNPU, Region.ZONE_COMMUNITY)
ORDER = {Eligibility.ELIGIBLE: 0, Eligibility.UNKNOWN: 1, Eligibility.NOT_ELIGIBLE: 2}
SYMBOLS = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥", "in": "in",
           "not_in": "not in", "contains": "has", "contains_any": "has any of"}  # fmt: skip


def plain(value: Any) -> str:
    """A value as a reader writes it: 0.03, true, hong_kong, a, b."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(plain(v) for v in value)
    if isinstance(value, Decimal) and value.is_finite() and abs(value) < 10**12:
        return f"{value.quantize(Decimal('0.000001')).normalize():f}"  # shown, not compared
    return str(value)


def scheme_criteria(scheme: SupportScheme) -> list[str]:
    """A scheme's criteria as a reader writes them (``rd_intensity ≥ 0.03``)."""
    return [criterion_text(c) for c in engine_scheme(scheme.code, scheme.criteria).criteria]


def criterion_text(c: Criterion) -> str:
    return f"{c.field} {SYMBOLS[c.op.value]} {plain(c.value)}"


def firm_facts(firm: Enterprise) -> dict[str, Any]:
    return {
        "kind": firm.kind.value,
        "region": firm.region.value,
        "hong_kong": firm.region is Region.HONG_KONG,
        "in_zone": firm.region in ZONE,
        "hk_invested": firm.hk_invested,
    }


def firm_profile(session: Session, firm: Enterprise) -> dict[str, Any]:
    """The firm's facts and its latest year's statistics (output in CNY where a rate allows)."""
    profile = firm_facts(firm)
    rows = session.scalars(
        select(StatisticsFiling).where(StatisticsFiling.enterprise_id == firm.id)
    ).all()
    if not rows:
        return profile
    year = max(r.year for r in rows)
    latest = [r for r in rows if r.year == year]
    profile |= {
        "statistics_year": year,
        "employees": sum(r.employees for r in latest),
        "segments": sorted({r.segment.value for r in latest}),
    }
    rates = cluster_input(session)[0].rates
    day = date(year, 12, 31)

    def cny(field: str) -> Decimal:
        return sum(
            (rates.to_cny(Decimal(getattr(r, field)), Currency(r.currency), day) for r in latest),
            Decimal(0),
        )

    try:
        output, rd = cny("output"), cny("rd_spending")
    except NoRate:
        return profile
    profile["output_cny"] = output
    if output:
        profile["rd_intensity"] = rd / output
    return profile


def application_profile(session: Session, row: AdmissionApplication) -> dict[str, Any]:
    firm = session.get(Enterprise, row.enterprise_id)
    assert firm is not None
    profile: dict[str, Any] = firm_facts(firm) | {
        "segment": row.segment.value,
        "status": row.status.value,
        "fills_gap": row.fills_gap,
    }
    for name in ("fixed_asset_investment", "output", "revenue", "tax", "rd_spending", "jobs"):
        value = getattr(row, name)
        if value is not None:
            profile[name] = value
    if row.rd_spending is not None and row.revenue:
        profile["rd_intensity"] = Decimal(row.rd_spending) / Decimal(row.revenue)
    return profile


def providers_for(session: Session, scheme: SupportScheme, lang: str) -> list[ProviderRef]:
    words = [w.lower() for w in scheme.help_keywords]
    if not words:
        return []
    out = []
    for firm in session.scalars(
        select(Enterprise)
        .where(Enterprise.kind == EnterpriseKind.SERVICE_PROVIDER)
        .order_by(Enterprise.name_en)
    ):
        text = " ".join((firm.name_en, firm.name_zh_hans, firm.name_zh_hant, firm.description))
        if any(w in text.lower() for w in words):
            out.append(ProviderRef(id=firm.id, name=firm.name(lang), description=firm.description))
    return out


def _reason(r: CriterionResult) -> str:
    if r.outcome is Outcome.NOT_MET and r.actual is not None:
        return f"{r.criterion.field} is {plain(r.actual)}"
    return r.reason


def judge(
    session: Session,
    *,
    actor: Actor,
    kind: SubjectKind,
    subject: str,
    profile: dict[str, Any],
    lang: str,
) -> MatchesRead:
    """Every active scheme that applies to ``kind`` judged on ``profile``."""
    schemes = [s for s in list_schemes(session, actor=actor, active_only=True)
               if kind in s.applies_to]  # fmt: skip
    results = match([engine_scheme(s.code, s.criteria) for s in schemes], profile)
    reads = []
    for scheme, result in zip(schemes, results, strict=True):
        reads.append(
            SchemeMatchRead(
                code=scheme.code, name=scheme.name(lang), sponsor=scheme.sponsor,
                purpose=scheme.purpose, source_url=scheme.source_url,
                eligibility=result.eligibility.value,
                criteria=[
                    CriterionOutcome(criterion=criterion_text(r.criterion),
                                     outcome=r.outcome.value,
                                     actual=None if r.actual is None else plain(r.actual),
                                     reason=_reason(r))
                    for r in result.results
                ],
                missed=[f"{criterion_text(r.criterion)}: {_reason(r)}" for r in result.missed],
                providers=providers_for(session, scheme, lang),
            )
        )  # fmt: skip
    reads.sort(key=lambda m: ORDER[Eligibility(m.eligibility)])
    shown = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in profile.items()}
    return MatchesRead(subject_kind=kind, subject=subject, profile=shown, matches=reads)


def match_firm(session: Session, *, actor: Actor, lang: str | None = None) -> MatchesRead:
    """The schemes the actor's own firm may qualify for."""
    require(actor, "scheme:read")
    require(actor, "enterprise:read", owned_by(actor.enterprise_id))
    firm = session.get(Enterprise, actor.enterprise_id)
    if firm is None or firm.kind is EnterpriseKind.ZONE_OFFICE:
        raise NotFound("the zone office has no firm profile to match")
    language = lang or actor.language
    return judge(session, actor=actor, kind="firm", subject=firm.name(language),
                 profile=firm_profile(session, firm), lang=language)  # fmt: skip


def match_application(
    session: Session, *, actor: Actor, application_id: uuid.UUID, lang: str | None = None
) -> MatchesRead:
    """Schemes for an application: its applicant's own, or a submitted one for the zone."""
    row = session.get(AdmissionApplication, application_id)
    if row is not None and can(actor, "admission:review", row):
        row = load_submitted(session, actor=actor, application_id=application_id)
    else:
        row = load_own(session, actor=actor, application_id=application_id,
                       permission="admission:read")  # fmt: skip
    profile = application_profile(session, row)
    return judge(session, actor=actor, kind="application", subject=row.title, profile=profile,
                 lang=lang or actor.language)  # fmt: skip


def match_project(
    session: Session, *, actor: Actor, project_id: uuid.UUID, lang: str | None = None
) -> MatchesRead:
    """Schemes for a relay project, for its participants."""
    project = load_project(session, actor=actor, project_id=project_id,
                           permission="relay_project:read")  # fmt: skip
    holder = session.get(Enterprise, project.holder_id)
    assert holder is not None
    participants = [session.get(Enterprise, p.enterprise_id) for p in project.participants]
    profile: dict[str, Any] = firm_facts(holder) | {
        "leg": project.leg, "status": project.status.value,
        "hk_participant": any(f is not None and f.region is Region.HONG_KONG
                              for f in participants),
        "zone_participant": any(f is not None and f.region in ZONE for f in participants),
        "participant_kinds": sorted({f.kind.value for f in participants if f is not None}),
    }  # fmt: skip
    if project.trl is not None:
        profile["trl"] = project.trl
    if project.mrl is not None:
        profile["mrl"] = project.mrl
    language = lang or actor.language
    return judge(session, actor=actor, kind="project", subject=project.title(language),
                 profile=profile, lang=language)  # fmt: skip
