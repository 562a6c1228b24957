"""Relay projects: start one, claim levels, add participants, close it, and read it.

The creator's firm holds the baton of the leg the project starts on; every change is written
to the project's timeline and the audit log, and the use case commits once at its end.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.common import NOBODY, Ref, commit_once, owned_by, page
from suigang.domains.identity.models import Enterprise
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import require
from suigang.domains.relay.common import (
    firm_ref,
    load_project,
    record,
    region_group,
    relay_config,
    relay_firm,
    touch,
)
from suigang.domains.relay.models import (
    HandoverStatus,
    ProjectStatus,
    RelayHandover,
    RelayLegRun,
    RelayParticipant,
    RelayProject,
)
from suigang.domains.relay.schemas import RelayProjectCreate, RelayProjectSummary
from suigang.engines.readiness import Scale, check_stall
from suigang.errors import Conflict, InvalidInput

CLASH = "the relay project was changed meanwhile; reload and try again"


@lru_cache(maxsize=2)
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def titles(data: RelayProjectCreate) -> tuple[str, str, str]:
    """English, Simplified and Traditional titles, blanks filled: Chinese from the other
    script (Hong Kong forms for Traditional), the rest from the first title given."""
    en, hans, hant = (t.strip() for t in (data.title_en, data.title_zh_hans, data.title_zh_hant))
    if not (en or hans or hant):
        raise InvalidInput("a relay project needs a title (in English or Chinese)")
    if hans and not hant:
        hant = str(_converter("s2hk").convert(hans))
    if hant and not hans:
        hans = str(_converter("hk2s").convert(hant))
    first = en or hans
    return en or first, hans or first, hant or first


def _leg(number: int) -> None:
    try:
        relay_config().leg(number)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


def add_member(
    session: Session, project: RelayProject, firm: Enterprise, actor: Actor, at: datetime
) -> bool:
    """Make ``firm`` a participant (flushes); False if it was one already."""
    if any(p.enterprise_id == firm.id for p in project.participants):
        return False
    project.participants.append(
        RelayParticipant(enterprise_id=firm.id, joined_at=at, added_by=actor.label)
    )
    return True


def create_project(
    session: Session, *, actor: Actor, data: RelayProjectCreate, now: datetime | None = None
) -> RelayProject:
    """Start a project on ``data.leg`` with the actor's firm holding the baton."""
    require(actor, "relay_project:create")
    _leg(data.leg)
    en, hans, hant = titles(data)
    at = now or utcnow()
    holder = relay_firm(session, actor.enterprise_id, "firm")
    project = RelayProject(
        id=uuid.uuid4(),
        title_en=en,
        title_zh_hans=hans,
        title_zh_hant=hant,
        description=data.description.strip(),
        leg=data.leg,
        status=ProjectStatus.ACTIVE,
        holder_id=holder.id,
        trl=data.trl,
        mrl=data.mrl,
        started_at=at,
        leg_started_at=at,
        last_moved_at=at,
        updated_at=at,
    )
    session.add(project)
    add_member(session, project, holder, actor, at)
    for firm_id in dict.fromkeys(data.participant_ids):
        add_member(session, project, relay_firm(session, firm_id, "participant"), actor, at)
    session.flush()  # the project before its leg run (no relationship orders the two)
    session.add(
        RelayLegRun(
            project_id=project.id, leg=data.leg, holder_id=holder.id,
            region=region_group(holder), started_at=at,
        )
    )  # fmt: skip
    session.flush()
    record(
        session, project, actor, "created", at, leg=data.leg, holder=holder.name_en,
        trl=data.trl, mrl=data.mrl,
    )  # fmt: skip
    commit_once(session, clash=CLASH)
    return project


def claim_level(
    session: Session,
    *,
    actor: Actor,
    project_id: uuid.UUID,
    scale: str,
    level: int,
    now: datetime | None = None,
) -> RelayProject:
    """The holder claims the project's TRL or MRL (evidence is attached to levels apart)."""
    project = load_project(
        session, actor=actor, project_id=project_id, permission="relay_project:update"
    )
    _active(project)
    try:
        kind = Scale(scale.upper())
    except ValueError:
        raise InvalidInput(f"scale must be TRL or MRL, got {scale!r}") from None
    if isinstance(level, bool) or not 1 <= level <= kind.top:
        raise InvalidInput(f"{kind} must be 1–{kind.top}, got {level!r}")
    at = now or utcnow()
    before = project.trl if kind is Scale.TRL else project.mrl
    if kind is Scale.TRL:
        project.trl = level
    else:
        project.mrl = level
    touch(project, at, moved=True)
    record(session, project, actor, "claimed", at, scale=kind.value, level=level, before=before)
    commit_once(session, clash=CLASH)
    return project


def add_participant(
    session: Session,
    *,
    actor: Actor,
    project_id: uuid.UUID,
    enterprise_id: uuid.UUID,
    now: datetime | None = None,
) -> RelayProject:
    """The holder adds a firm to the project; it then sees the project and its evidence."""
    project = load_project(
        session, actor=actor, project_id=project_id, permission="relay_project:update"
    )
    _active(project)
    firm = relay_firm(session, enterprise_id, "participant")
    at = now or utcnow()
    if not add_member(session, project, firm, actor, at):
        raise Conflict(f"{firm.name_en} already takes part in this project")
    touch(project, at, moved=False)
    record(session, project, actor, "participant_added", at, firm=firm.name_en)
    commit_once(session, clash=CLASH)
    return project


def _active(project: RelayProject) -> None:
    if project.status is not ProjectStatus.ACTIVE:
        raise Conflict(f"relay project {project.id} is {project.status.value}; nothing can change")


def close_project(
    session: Session,
    *,
    actor: Actor,
    project_id: uuid.UUID,
    outcome: ProjectStatus,
    reason: str = "",
    now: datetime | None = None,
) -> RelayProject:
    """The holder's admin ends the project: ``completed`` on the last leg, or ``dropped``.

    A pending handover is withdrawn with it, and the current leg run ends.
    """
    from suigang.domains.relay.handovers import end_offer

    project = load_project(
        session, actor=actor, project_id=project_id, permission="relay_project:close"
    )
    _active(project)
    if outcome is ProjectStatus.ACTIVE:
        raise InvalidInput("outcome must be completed or dropped")
    leg = relay_config().leg(project.leg)
    if outcome is ProjectStatus.COMPLETED and leg.next:
        raise Conflict(
            f"leg {leg.number} is not the last leg: pass the baton on, or drop the project"
        )
    if outcome is ProjectStatus.DROPPED and not reason.strip():
        raise InvalidInput("say why the project is dropped (reason)")
    at = now or utcnow()
    pending = session.scalar(
        select(RelayHandover).where(
            RelayHandover.project_id == project.id,
            RelayHandover.status == HandoverStatus.PENDING,
        )
    )
    if pending is not None:
        end_offer(session, project, pending, HandoverStatus.WITHDRAWN, actor, at, reason.strip())
    run = current_run(session, project.id)
    if run is not None:
        run.ended_at = at
    project.status, project.closed_at = outcome, at
    touch(project, at, moved=True)
    record(session, project, actor, outcome.value, at, leg=project.leg, reason=reason.strip())
    commit_once(session, clash=CLASH)
    return project


def current_run(session: Session, project_id: uuid.UUID) -> RelayLegRun | None:
    return session.scalar(
        select(RelayLegRun).where(
            RelayLegRun.project_id == project_id, RelayLegRun.ended_at.is_(None)
        )
    )


# -- reading ------------------------------------------------------------------------------


def stall_after(after_days: int | None) -> int | None:
    if after_days is not None and (isinstance(after_days, bool) or after_days < 1):
        raise InvalidInput(f"after_days must be a whole number of days ≥ 1, got {after_days!r}")
    return after_days


def summary(
    session: Session,
    project: RelayProject,
    *,
    lang: str,
    now: datetime,
    after_days: int | None = None,
) -> RelayProjectSummary:
    """The summary of a project (no evidence): what the zone office may see."""
    config = relay_config()
    leg = config.leg(project.leg)
    leg_name = {"zh-Hans": leg.name_zh_hans, "zh-Hant": leg.name_zh_hant}.get(lang) or leg.name
    stall = check_stall(
        config,
        leg=project.leg,
        last_moved=project.last_moved_at,
        now=max(now, project.last_moved_at),
        after_days=after_days,
    )
    runs = session.scalars(
        select(RelayLegRun)
        .where(RelayLegRun.project_id == project.id)
        .order_by(RelayLegRun.started_at)
    ).all()
    holder_ids = list(dict.fromkeys([*(r.holder_id for r in runs), project.holder_id]))
    firms = {
        f.id: f for f in session.scalars(select(Enterprise).where(Enterprise.id.in_(holder_ids)))
    }
    pending = session.scalar(
        select(
            exists().where(
                RelayHandover.project_id == project.id,
                RelayHandover.status == HandoverStatus.PENDING,
            )
        )
    )
    active = project.status is ProjectStatus.ACTIVE
    return RelayProjectSummary(
        id=project.id,
        title=project.title(lang),
        title_en=project.title_en,
        title_zh_hans=project.title_zh_hans,
        title_zh_hant=project.title_zh_hant,
        leg=project.leg,
        leg_name=leg_name,
        status=project.status,
        trl=project.trl,
        mrl=project.mrl,
        baton_holder=firm_ref(firms[project.holder_id], lang),
        holders=[firm_ref(firms[i], lang) for i in holder_ids],
        started_at=project.started_at,
        leg_started_at=project.leg_started_at,
        last_moved_at=project.last_moved_at,
        closed_at=project.closed_at,
        idle_days=stall.idle_days if active else 0,
        stalled=stall.stalled and active,
        stall_limit_days=stall.limit_days,
        pending_handover=bool(pending),
    )


def list_projects(
    session: Session,
    *,
    actor: Actor,
    status: ProjectStatus | None = None,
    lang: str | None = None,
    offset: int = 0,
    limit: int = 50,
    now: datetime | None = None,
    after_days: int | None = None,
) -> tuple[list[RelayProjectSummary], int]:
    """The projects the actor sees, latest movement first: every project for the zone office
    (summaries), the projects its firm takes part in for a firm, none for anyone else."""
    query = select(RelayProject)
    if can(actor, "relay_project:summary", Ref(NOBODY)):
        pass  # the zone office: every project's summary
    elif can(actor, "relay_project:summary", owned_by(actor.enterprise_id)):
        query = query.where(
            exists().where(
                RelayParticipant.project_id == RelayProject.id,
                RelayParticipant.enterprise_id == actor.enterprise_id,
            )
        )
    else:
        return [], 0
    if status is not None:
        query = query.where(RelayProject.status == status)
    rows, total = page(
        session, query, RelayProject.last_moved_at.desc(), RelayProject.id,
        offset=offset, limit=limit,
    )  # fmt: skip
    at = now or utcnow()
    days = stall_after(after_days)
    return [
        summary(session, p, lang=lang or actor.language, now=at, after_days=days) for p in rows
    ], total


def get_summary(
    session: Session,
    *,
    actor: Actor,
    project_id: uuid.UUID,
    lang: str | None = None,
    now: datetime | None = None,
    after_days: int | None = None,
) -> RelayProjectSummary:
    """One project's summary for the zone office or a participant."""
    project = load_project(
        session, actor=actor, project_id=project_id, permission="relay_project:summary"
    )
    return summary(
        session, project, lang=lang or actor.language, now=now or utcnow(),
        after_days=stall_after(after_days),
    )  # fmt: skip
