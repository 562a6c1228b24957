"""The zone office's view of the relay: the funnel by leg, how long legs and handovers take,
drop-outs, stalled batons and who runs the legs (Hong Kong or zone firms).

Figures only, and the summaries of stalled projects (leg, levels, dates, holders): no
evidence, no documents.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import require
from suigang.domains.relay.common import relay_config
from suigang.domains.relay.models import (
    HandoverStatus,
    ProjectStatus,
    RegionGroup,
    RelayHandover,
    RelayLegRun,
    RelayProject,
)
from suigang.domains.relay.projects import stall_after, summary
from suigang.domains.relay.schemas import HandoverFigures, LegFigures, RelayFunnel


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86400


def _median(values: list[float]) -> float | None:
    return round(median(values), 1) if values else None


def relay_funnel(
    session: Session,
    *,
    actor: Actor,
    lang: str | None = None,
    now: datetime | None = None,
    after_days: int | None = None,
) -> RelayFunnel:
    """The relay across the zone (``relay_funnel:read``: the zone office)."""
    require(actor, "relay_funnel:read")
    at = now or utcnow()
    days = stall_after(after_days)
    language = lang or actor.language
    config = relay_config()
    projects = session.scalars(select(RelayProject).order_by(RelayProject.last_moved_at)).all()
    runs = session.scalars(select(RelayLegRun)).all()
    handovers = session.scalars(select(RelayHandover)).all()

    reached: dict[int, set[object]] = defaultdict(set)
    durations: dict[int, list[float]] = defaultdict(list)
    by_region: dict[int, dict[RegionGroup, int]] = defaultdict(lambda: defaultdict(int))
    for run in runs:
        reached[run.leg].add(run.project_id)
        by_region[run.leg][run.region] += 1
        if run.ended_at is not None:
            durations[run.leg].append(_days(run.started_at, run.ended_at))
    stalled = []
    current: dict[int, int] = defaultdict(int)
    dropped: dict[int, int] = defaultdict(int)
    stalled_at: dict[int, int] = defaultdict(int)
    for p in projects:
        if p.status is ProjectStatus.DROPPED:
            dropped[p.leg] += 1
        if p.status is not ProjectStatus.ACTIVE:
            continue
        current[p.leg] += 1
        view = summary(session, p, lang=language, now=at, after_days=days)
        if view.stalled:
            stalled.append(view)
            stalled_at[p.leg] += 1
    legs = [
        LegFigures(
            leg=leg.number,
            name=leg.name,
            name_zh_hans=leg.name_zh_hans,
            name_zh_hant=leg.name_zh_hant,
            region=leg.region.value if leg.region else None,
            reached=len(reached[leg.number]),
            current=current[leg.number],
            dropped=dropped[leg.number],
            stalled=stalled_at[leg.number],
            median_days=_median(durations[leg.number]),
            runs_hk=by_region[leg.number][RegionGroup.HK],
            runs_zone=by_region[leg.number][RegionGroup.ZONE],
            runs_other=by_region[leg.number][RegionGroup.OTHER],
        )
        for leg in config.legs
    ]
    pairs: dict[tuple[int, int], list[RelayHandover]] = defaultdict(list)
    for h in handovers:
        pairs[(h.from_leg, h.to_leg)].append(h)
    handover_figures = [
        HandoverFigures(
            from_leg=a,
            to_leg=b,
            accepted=sum(h.status is HandoverStatus.ACCEPTED for h in hs),
            refused=sum(h.status is HandoverStatus.REFUSED for h in hs),
            pending=sum(h.status is HandoverStatus.PENDING for h in hs),
            median_days=_median(
                [
                    _days(h.requested_at, h.decided_at)
                    for h in hs
                    if h.status is HandoverStatus.ACCEPTED and h.decided_at is not None
                ]
            ),
        )
        for (a, b), hs in sorted(pairs.items())
    ]
    total_runs = len(runs)
    hk = sum(r.region is RegionGroup.HK for r in runs)
    zone = sum(r.region is RegionGroup.ZONE for r in runs)
    stalled.sort(key=lambda s: -s.idle_days)
    return RelayFunnel(
        projects=len(projects),
        active=sum(p.status is ProjectStatus.ACTIVE for p in projects),
        completed=sum(p.status is ProjectStatus.COMPLETED for p in projects),
        dropped=sum(p.status is ProjectStatus.DROPPED for p in projects),
        legs=legs,
        handovers=handover_figures,
        share_hk=round(hk / total_runs, 4) if total_runs else None,
        share_zone=round(zone / total_runs, 4) if total_runs else None,
        stalled=stalled,
    )
