"""The demo's digital maturity: firms that assessed themselves at several levels (the zone
office's view), and the demo factory's shop-floor record of when operations ran, so that its
own assessment is proposed from its machines, plans and actual times.

Answers of the assessed firms are generated from the seed (levels up to the firm's target
mostly or fully met, the next one partly); they are demo data, not a statement about any
real firm.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.demo.firms import ALL_FIRMS, DEMO_FACTORY
from suigang.domains.identity.models import User
from suigang.domains.maturity.catalogue import requirements_in_use
from suigang.domains.maturity.models import (
    AnswerOrigin,
    AssessmentStatus,
    MaturityAnswer,
    MaturityAssessment,
)
from suigang.domains.maturity.results import outcome
from suigang.domains.production.models import OperationStatus
from suigang.domains.production.service import factory_operations
from suigang.engines.analytics.maturity import Answer

#: (firm key, the level its answers aim at, days before the demo's day it was submitted)
ASSESSED: tuple[tuple[str, int, int], ...] = (
    ("DSEA", 3, 12),
    ("HPEMS", 2, 40),
    ("NGPT", 2, 75),
    ("PRMT", 1, 20),
    ("DJAP", 1, 95),
    ("PRDC", 0, 60),
    ("XGRS", 3, 30),
    ("LRC", 1, 50),
)
AT_OR_BELOW = (Answer.FULLY, Answer.FULLY, Answer.MOSTLY, Answer.NOT_APPLICABLE)
NEXT = (Answer.PARTIALLY, Answer.MOSTLY, Answer.NOT_MET, Answer.PARTIALLY)


def _firm_id(session: Session, key: str) -> object:
    spec = next(f for f in ALL_FIRMS if f.key == key)
    return session.scalar(select(User.enterprise_id).where(User.email == spec.users[0].email))


def seed_assessments(session: Session, *, seed: int, epoch: datetime) -> int:
    """Submitted assessments of the firms in ``ASSESSED``; returns how many were stored."""
    rng = random.Random(seed * 7 + 19)
    catalogue = requirements_in_use(session)
    stored = 0
    for key, target, days_ago in ASSESSED:
        firm_id = _firm_id(session, key)
        if firm_id is None:
            continue
        at = epoch - timedelta(days=days_ago, hours=rng.randint(1, 9))
        answers = []
        for r in catalogue:
            if r.level > target + 1:
                continue
            choice = rng.choice(AT_OR_BELOW if r.level <= target else NEXT)
            if (
                r.level <= target
                and r.subdomain.startswith("P")
                and choice is Answer.NOT_APPLICABLE
            ):
                choice = Answer.FULLY  # people and strategy always apply
            answers.append(MaturityAnswer(
                subdomain=r.subdomain, level=r.level, requirement=r.requirement, answer=choice,
                decision=AnswerOrigin.ANSWERED, updated_at=at, updated_by="demo",
            ))  # fmt: skip
        result = outcome(answers, catalogue).result
        session.add(MaturityAssessment(
            enterprise_id=firm_id, title=f"{at.year} self-assessment",
            status=AssessmentStatus.SUBMITTED, created_at=at - timedelta(days=3),
            created_by="demo", submitted_at=at, level=result.level, score=str(result.score),
            level_scores={str(k): None if v is None else str(v)
                          for k, v in result.level_scores.items()},
            answers=answers,
        ))  # fmt: skip
        stored += 1
    session.commit()
    return stored


def seed_actual_times(session: Session, *, epoch: datetime) -> int:
    """When the demo factory's finished and running operations actually ran, as its shop
    floor recorded them: one after the other from the day after the work order was made,
    each taking its setup and run time and a little more. Returns how many were recorded."""
    firm_id = _firm_id(session, DEMO_FACTORY)
    if firm_id is None:
        return 0
    rng = random.Random(2035)
    recorded = 0
    ops = factory_operations(session, factory_id=firm_id)  # type: ignore[arg-type]
    by_wo: dict[object, list] = {}  # type: ignore[type-arg]
    for op in ops:
        by_wo.setdefault(op.work_order_id, []).append(op)
    for wo_ops in by_wo.values():
        clock = wo_ops[0].created_at + timedelta(hours=20 + rng.randint(0, 30))
        for op in sorted(wo_ops, key=lambda o: o.seq):
            if op.status is OperationStatus.PENDING:
                break
            took = timedelta(seconds=int((op.setup_s + float(op.run_s)) * rng.uniform(1.0, 1.3)))
            start = min(clock, epoch - timedelta(minutes=30))
            op.actual_start = start
            if op.status is OperationStatus.DONE:
                op.actual_end = min(start + took, epoch - timedelta(minutes=5))
                clock = op.actual_end + timedelta(minutes=rng.randint(10, 240))
            recorded += 1
    session.commit()
    return recorded
