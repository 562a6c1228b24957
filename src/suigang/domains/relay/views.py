"""A project as its participants see it: summary, participants, evidence by level, the gate
out of its leg, the MRL checklist of its claimed level, its handovers and its timeline."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.identity.models import Enterprise
from suigang.domains.identity.permissions import Actor
from suigang.domains.relay.claims import gate_evidence, level_evidence
from suigang.domains.relay.common import firm_ref, load_project, relay_config
from suigang.domains.relay.handovers import decide_gate, gate_read, project_handovers
from suigang.domains.relay.models import RelayEvent
from suigang.domains.relay.projects import stall_after, summary
from suigang.domains.relay.schemas import ChecklistItemRead, EventRead, RelayProjectRead
from suigang.engines.readiness import checklist


def get_project(
    session: Session,
    *,
    actor: Actor,
    project_id: uuid.UUID,
    lang: str | None = None,
    checklist_level: int | None = None,
    now: datetime | None = None,
    after_days: int | None = None,
) -> RelayProjectRead:
    """Everything about a project, for its participants (anyone else: not found).

    The checklist is of ``checklist_level`` (default: the claimed MRL, else MRL 1).
    """
    project = load_project(
        session, actor=actor, project_id=project_id, permission="relay_project:read"
    )
    language = lang or actor.language
    head = summary(
        session, project, lang=language, now=now or utcnow(), after_days=stall_after(after_days)
    )
    ids = [p.enterprise_id for p in project.participants]
    firms = {f.id: f for f in session.scalars(select(Enterprise).where(Enterprise.id.in_(ids)))}
    items = level_evidence(session, project.id)
    level = checklist_level or project.mrl or 1
    rows = checklist(relay_config(), max(1, min(level, 10)), gate_evidence(items))
    events = session.scalars(
        select(RelayEvent)
        .where(RelayEvent.project_id == project.id)
        .order_by(RelayEvent.at, RelayEvent.id)
    ).all()
    actors = {
        f.id: f
        for f in session.scalars(
            select(Enterprise).where(
                Enterprise.id.in_({e.enterprise_id for e in events if e.enterprise_id})
            )
        )
    }
    return RelayProjectRead(
        **head.model_dump(),
        description=project.description,
        participants=[firm_ref(firms[i], language) for i in ids],
        evidence=items,
        gate=gate_read(decide_gate(session, project)),
        checklist_level=max(1, min(level, 10)),
        checklist=[
            ChecklistItemRead(
                thread=r.thread.id,
                name=r.thread.name,
                name_zh_hans=r.thread.name_zh_hans,
                name_zh_hant=r.thread.name_zh_hant,
                evidence_ids=[uuid.UUID(e.ref) for e in r.evidence],
            )
            for r in rows
        ],
        handovers=project_handovers(session, project, language),
        timeline=[
            EventRead(
                at=e.at,
                kind=e.kind,
                actor=e.actor_label,
                firm=actors[e.enterprise_id].name(language) if e.enterprise_id in actors else "",
                details=e.details,
            )
            for e in events
        ],
    )
