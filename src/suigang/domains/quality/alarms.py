"""Dispositions of quality alarms: a person of the factory records what was decided about
the parts an out-of-control signal concerns, with the reason (append-only)."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.common import commit_once
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import audit
from suigang.domains.quality.access import lot_scope
from suigang.domains.quality.models import AlarmDecision, AlarmDisposition, QualityAlarm
from suigang.errors import InvalidInput, NotFound


def dispose_alarm(
    session: Session,
    *,
    actor: Actor,
    alarm_id: uuid.UUID,
    decision: AlarmDecision,
    reason: str,
) -> AlarmDisposition:
    """Record the disposition of an alarm of one of the factory's lots (a reason is
    required); a later one supersedes it."""
    alarm = session.get(QualityAlarm, alarm_id)
    if alarm is None:
        raise NotFound(f"alarm {alarm_id} not found")
    # another firm's alarm is as unknown as its lot; the buyer may read it, not dispose of it
    lot_scope(session, actor=actor, lot_id=alarm.lot_id, permission="quality_alarm:dispose")
    if not reason.strip():
        raise InvalidInput("reason: say what was found and done", code="disposition_reason")
    disposition = AlarmDisposition(
        alarm_id=alarm.id,
        decision=decision,
        reason=reason.strip(),
        decided_by=actor.label,
        decided_by_user_id=actor.user_id,
        created_at=utcnow(),
    )
    alarm.dispositions.append(disposition)  # the alarm already loaded sees it too
    session.flush()
    audit(
        session,
        actor,
        "quality_alarm.disposed",
        "quality_alarm",
        alarm.id,
        decision=decision.value,
        reason=disposition.reason,
    )
    commit_once(session)
    return disposition
