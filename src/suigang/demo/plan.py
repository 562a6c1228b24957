"""The demo factory's released plan, so the plan page, forecasts and promises start live."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.demo.quality import FACTORY_EMAIL
from suigang.domains.identity.models import User
from suigang.domains.identity.service import actor_for_user
from suigang.domains.planning.models import ScheduleVersion
from suigang.domains.planning.service import make_plan, release_plan


def seed_plan(session: Session, *, origin: datetime) -> ScheduleVersion | None:
    """Plan the demo factory's open work from ``origin`` by dispatching and release it, as
    its planner would on the plan page; None when the demo factory is not in the database."""
    planner = session.scalar(select(User).where(User.email == FACTORY_EMAIL))
    if planner is None:
        return None
    actor = actor_for_user(planner)
    draft = make_plan(session, actor=actor, time_limit_s=0, origin=origin)
    return release_plan(session, actor=actor, plan_id=draft.id, version=draft.version)
