"""The baton pass: the gate check, the holder's request, the receiver's answer.

The holder asks to pass the baton to a firm; the gate out of the leg is checked by the
readiness engine and, if any criterion lacks something, the request is refused with every
shortfall named ("MRL 6 has no evidence"). A request that passes makes the receiving firm a
participant (it must see the evidence to decide) and waits for its admin to accept or
refuse. Acceptance checks the gate again, ends the leg run and starts the next one with the
new holder; a refusal or a withdrawal takes back the participation the offer gave.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.common import commit_once, owned_by, page
from suigang.domains.identity.models import Enterprise
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import require
from suigang.domains.relay.claims import gate_evidence, level_evidence
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
    RelayProject,
)
from suigang.domains.relay.projects import CLASH, add_member, current_run
from suigang.domains.relay.schemas import GateRead, HandoverRead, ShortfallRead
from suigang.engines.readiness import GateDecision, ProjectState, check_gate
from suigang.errors import Conflict, InvalidInput, NotFound


class GateRefused(Conflict):
    """The gate out of the leg is not met; ``errors`` lists what each criterion lacks."""

    def __init__(self, decision: GateDecision) -> None:
        self.errors = list(decision.reasons)
        super().__init__(
            f"the gate out of leg {decision.from_leg} is not met: " + "; ".join(self.errors)
        )


def decide_gate(session: Session, project: RelayProject, to_leg: int | None = None) -> GateDecision:
    """The readiness engine's decision for the project as it stands."""
    state = ProjectState(
        project.leg, project.trl, project.mrl, gate_evidence(level_evidence(session, project.id))
    )
    try:
        return check_gate(relay_config(), state, to_leg=to_leg)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


def gate_read(decision: GateDecision) -> GateRead:
    gate = decision.gate
    return GateRead(
        from_leg=decision.from_leg,
        to_leg=decision.to_leg,
        status=decision.status.value,
        description=gate.description if gate else "",
        criteria=[
            c.text + (f" ({', '.join(c.threads)})" if c.threads else "")
            for c in (gate.criteria if gate else ())
        ],
        shortfalls=[
            ShortfallRead(
                scale=s.criterion.scale.value,
                level=s.criterion.level,
                lack=s.lack.value,
                claimed=s.claimed,
                threads_missing=list(s.missing_threads),
                message=s.message,
            )
            for s in decision.shortfalls
        ],
    )


def check_handover_gate(
    session: Session, *, actor: Actor, project_id: uuid.UUID, to_leg: int | None = None
) -> GateRead:
    """Whether the baton may leave the project's leg now, and if not, what is lacking."""
    project = load_project(
        session, actor=actor, project_id=project_id, permission="relay_project:read"
    )
    return gate_read(decide_gate(session, project, to_leg))


def _pending(session: Session, project_id: uuid.UUID) -> RelayHandover | None:
    return session.scalar(
        select(RelayHandover).where(
            RelayHandover.project_id == project_id,
            RelayHandover.status == HandoverStatus.PENDING,
        )
    )


def request_handover(
    session: Session,
    *,
    actor: Actor,
    project_id: uuid.UUID,
    to_enterprise_id: uuid.UUID,
    to_leg: int | None = None,
    note: str = "",
    now: datetime | None = None,
) -> RelayHandover:
    """The holder offers the baton to a firm for the next leg, once the gate passes.

    ``GateRefused`` (409) names every criterion that lacks something; nothing is stored.
    """
    project = load_project(
        session, actor=actor, project_id=project_id, permission="relay_handover:request"
    )
    if project.status is not ProjectStatus.ACTIVE:
        raise Conflict(f"relay project {project.id} is {project.status.value}")
    if _pending(session, project.id) is not None:
        raise Conflict("a handover of this project is waiting for an answer; withdraw it first")
    receiver = relay_firm(session, to_enterprise_id, "receiving firm")
    if receiver.id == project.holder_id:
        raise InvalidInput("the receiving firm already holds the baton")
    decision = decide_gate(session, project, to_leg)
    if not decision.passed:
        raise GateRefused(decision)
    at = now or utcnow()
    assert decision.to_leg is not None and decision.gate is not None
    added = add_member(session, project, receiver, actor, at)
    handover = RelayHandover(
        id=uuid.uuid4(),
        project_id=project.id,
        from_leg=project.leg,
        to_leg=decision.to_leg,
        from_holder_id=project.holder_id,
        to_holder_id=receiver.id,
        status=HandoverStatus.PENDING,
        trl=project.trl,
        mrl=project.mrl,
        gate=decision.gate.description[:400],
        note=note.strip(),
        requested_at=at,
        requested_by=actor.label,
        receiver_added=added,
    )
    session.add(handover)
    touch(project, at, moved=False)
    record(
        session, project, actor, "handover_requested", at, handover=str(handover.id),
        from_leg=project.leg, to_leg=decision.to_leg, to=receiver.name_en,
    )  # fmt: skip
    commit_once(session, clash=CLASH)
    return handover


def _handover(
    session: Session, actor: Actor, handover_id: uuid.UUID, permission: str
) -> tuple[RelayHandover, RelayProject]:
    """The handover if the actor's firm passes or receives it (else not found), then
    ``permission`` (403), and its project."""
    handover = session.get(RelayHandover, handover_id)
    project = session.get(RelayProject, handover.project_id) if handover else None
    if (
        handover is None
        or project is None
        or actor.enterprise_id not in (handover.from_holder_id, handover.to_holder_id)
        or not can(actor, "relay_project:read", project)
    ):
        raise NotFound(f"handover {handover_id} not found")
    require(actor, permission, handover)
    if handover.status is not HandoverStatus.PENDING:
        raise Conflict(f"handover {handover.id} is {handover.status.value}, not pending")
    return handover, project


def end_offer(
    session: Session,
    project: RelayProject,
    handover: RelayHandover,
    status: HandoverStatus,
    actor: Actor,
    at: datetime,
    reason: str,
) -> None:
    """Close a pending offer as refused or withdrawn: the receiver leaves the project if the
    offer alone had made it a participant."""
    handover.status, handover.decided_at = status, at
    handover.decided_by, handover.reason = actor.label, reason
    if handover.receiver_added:
        project.participants[:] = [
            p for p in project.participants if p.enterprise_id != handover.to_holder_id
        ]
    record(
        session, project, actor, f"handover_{status.value}", at, handover=str(handover.id),
        reason=reason or None,
    )  # fmt: skip


def accept_handover(
    session: Session, *, actor: Actor, handover_id: uuid.UUID, now: datetime | None = None
) -> RelayProject:
    """The receiving firm's admin takes the baton: the project moves to the next leg."""
    handover, project = _handover(session, actor, handover_id, "relay_handover:decide")
    decision = decide_gate(session, project, handover.to_leg)
    if not decision.passed:  # the levels or evidence changed since the request
        raise GateRefused(decision)
    at = now or utcnow()
    receiver = session.get(Enterprise, handover.to_holder_id)
    assert receiver is not None
    run = current_run(session, project.id)
    if run is not None:
        run.ended_at = at
    session.add(
        RelayLegRun(
            project_id=project.id, leg=handover.to_leg, holder_id=receiver.id,
            region=region_group(receiver), started_at=at,
        )
    )  # fmt: skip
    handover.status, handover.decided_at, handover.decided_by = (
        HandoverStatus.ACCEPTED, at, actor.label,
    )  # fmt: skip
    project.leg, project.holder_id, project.leg_started_at = handover.to_leg, receiver.id, at
    touch(project, at, moved=True)
    record(
        session, project, actor, "handover_accepted", at, handover=str(handover.id),
        from_leg=handover.from_leg, to_leg=handover.to_leg, holder=receiver.name_en,
    )  # fmt: skip
    commit_once(session, clash=CLASH)
    return project


def refuse_handover(
    session: Session,
    *,
    actor: Actor,
    handover_id: uuid.UUID,
    reason: str,
    now: datetime | None = None,
) -> RelayHandover:
    """The receiving firm's admin declines the baton, saying why; the project stays put."""
    handover, project = _handover(session, actor, handover_id, "relay_handover:decide")
    if not reason.strip():
        raise InvalidInput("say why the baton is refused (reason)")
    at = now or utcnow()
    end_offer(session, project, handover, HandoverStatus.REFUSED, actor, at, reason.strip())
    touch(project, at, moved=False)
    commit_once(session, clash=CLASH)
    return handover


def withdraw_handover(
    session: Session,
    *,
    actor: Actor,
    handover_id: uuid.UUID,
    reason: str = "",
    now: datetime | None = None,
) -> RelayHandover:
    """The passing firm takes its offer back before an answer."""
    handover, project = _handover(session, actor, handover_id, "relay_handover:request")
    at = now or utcnow()
    end_offer(session, project, handover, HandoverStatus.WITHDRAWN, actor, at, reason.strip())
    touch(project, at, moved=False)
    commit_once(session, clash=CLASH)
    return handover


# -- reading ------------------------------------------------------------------------------


def handover_read(
    session: Session, handover: RelayHandover, project: RelayProject, lang: str
) -> HandoverRead:
    firms = {
        f.id: f
        for f in session.scalars(
            select(Enterprise).where(
                Enterprise.id.in_([handover.from_holder_id, handover.to_holder_id])
            )
        )
    }
    days = None
    if handover.decided_at is not None:
        days = (handover.decided_at - handover.requested_at).days
    return HandoverRead(
        id=handover.id,
        project_id=project.id,
        project_title=project.title(lang),
        from_leg=handover.from_leg,
        to_leg=handover.to_leg,
        from_holder=firm_ref(firms[handover.from_holder_id], lang),
        to_holder=firm_ref(firms[handover.to_holder_id], lang),
        status=handover.status,
        trl=handover.trl,
        mrl=handover.mrl,
        gate=handover.gate,
        note=handover.note,
        requested_at=handover.requested_at,
        requested_by=handover.requested_by,
        decided_at=handover.decided_at,
        decided_by=handover.decided_by,
        reason=handover.reason,
        days=days,
    )


def get_handover(
    session: Session, *, actor: Actor, handover_id: uuid.UUID, lang: str | None = None
) -> HandoverRead:
    """A handover, for the firm passing the baton and the firm offered it (anyone else: not
    found); a refused offer stays readable by the firm that refused it."""
    handover = session.get(RelayHandover, handover_id)
    if handover is None or actor.enterprise_id not in (
        handover.from_holder_id,
        handover.to_holder_id,
    ):
        raise NotFound(f"handover {handover_id} not found")
    if not can(actor, "relay_project:read", owned_by(actor.enterprise_id)):
        raise NotFound(f"handover {handover_id} not found")  # a key or a role without relays
    return handover_read(session, handover, _project(session, handover), lang or actor.language)


def project_handovers(session: Session, project: RelayProject, lang: str) -> list[HandoverRead]:
    rows = session.scalars(
        select(RelayHandover)
        .where(RelayHandover.project_id == project.id)
        .order_by(RelayHandover.requested_at)
    )
    return [handover_read(session, h, project, lang) for h in rows]


def list_handovers(
    session: Session,
    *,
    actor: Actor,
    status: HandoverStatus | None = HandoverStatus.PENDING,
    incoming: bool = True,
    lang: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[HandoverRead], int]:
    """Handovers offered to the actor's firm (``incoming``) or by it, pending by default."""
    if not can(actor, "relay_project:read", owned_by(actor.enterprise_id)):
        return [], 0
    side = RelayHandover.to_holder_id if incoming else RelayHandover.from_holder_id
    query = select(RelayHandover).where(side == actor.enterprise_id)
    if status is not None:
        query = query.where(RelayHandover.status == status)
    rows, total = page(
        session, query, RelayHandover.requested_at.desc(), RelayHandover.id,
        offset=offset, limit=limit,
    )  # fmt: skip
    return [
        handover_read(session, h, _project(session, h), lang or actor.language) for h in rows
    ], total


def _project(session: Session, handover: RelayHandover) -> RelayProject:
    project = session.get(RelayProject, handover.project_id)
    assert project is not None
    return project
