"""Use cases of inspection plans: a factory's characteristics, limits and charts per product."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suigang.domains import numbering
from suigang.domains.catalog.models import Product
from suigang.domains.common import commit_once, owned_by, page
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import audit, require
from suigang.domains.quality.charts import (
    ATTRIBUTE_CHARTS,
    SUBGROUP_CHARTS,
)
from suigang.domains.quality.models import (
    Characteristic,
    InspectionPlan,
    PlanChart,
)
from suigang.domains.quality.schemas import (
    CharacteristicCreate,
    InspectionPlanCreate,
)
from suigang.errors import InvalidInput, NotFound

# -- inspection plans ---------------------------------------------------------------------


def _check_characteristic(i: int, c: CharacteristicCreate) -> list[str]:
    where = f"characteristics[{i}] {c.name!r}"
    problems = []
    if c.lsl is not None and c.usl is not None and c.lsl >= c.usl:
        problems.append(f"{where}: lsl ({c.lsl:g}) must be below usl ({c.usl:g})")
    below = c.target is not None and c.lsl is not None and c.target < c.lsl
    above = c.target is not None and c.usl is not None and c.target > c.usl
    if below or above:
        problems.append(f"{where}: target ({c.target:g}) lies outside the specification")
    if c.chart in SUBGROUP_CHARTS and c.sample_size < 2:
        problems.append(
            f"{where}: an {c.chart.value} chart needs a sample size of at least 2, got "
            f"{c.sample_size} (use imr for individual values)"
        )
    if c.chart in ATTRIBUTE_CHARTS:
        if c.frozen_sigma is not None:
            problems.append(f"{where}: frozen_sigma does not apply to a {c.chart.value} chart")
        fraction = c.chart in (PlanChart.P, PlanChart.NP)
        if c.frozen_mean is not None and fraction and not 0 < c.frozen_mean < 1:
            problems.append(
                f"{where}: frozen_mean of a {c.chart.value} chart is the known fraction "
                f"nonconforming, in (0, 1); got {c.frozen_mean:g}"
            )
    elif (c.frozen_mean is None) != (c.frozen_sigma is None):
        problems.append(f"{where}: frozen limits need both frozen_mean and frozen_sigma")
    return problems


def create_inspection_plan(
    session: Session, *, actor: Actor, data: InspectionPlanCreate
) -> InspectionPlan:
    """A factory defines (or revises) how one of its products is inspected."""
    require(actor, "inspection_plan:write")
    product = session.get(Product, data.product_id)
    if product is None or product.enterprise_id != actor.enterprise_id:
        raise InvalidInput(f"product_id: {data.product_id} is not a product of your factory")
    problems = [p for i, c in enumerate(data.characteristics) for p in _check_characteristic(i, c)]
    names = [c.name.strip() for c in data.characteristics]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        problems.append(f"characteristics: names must be unique, repeated: {', '.join(dupes)}")
    if problems:
        raise InvalidInput("; ".join(problems))
    stored = (
        select(func.max(InspectionPlan.revision))
        .where(InspectionPlan.product_id == product.id)
        .scalar_subquery()
    )
    plan = InspectionPlan(
        enterprise_id=actor.enterprise_id,
        product_id=product.id,
        revision=numbering.next_number(session, f"inspection_plan:{product.id}", floor=stored),
        name=data.name.strip(),
        notes=data.notes,
        created_by=actor.label,
        characteristics=[
            Characteristic(seq=i + 1, **{**c.model_dump(), "name": c.name.strip()})
            for i, c in enumerate(data.characteristics)
        ],
    )
    session.add(plan)
    session.flush()
    audit(
        session,
        actor,
        "inspection_plan.created",
        "inspection_plan",
        plan.id,
        product=product.code,
        revision=plan.revision,
    )
    commit_once(session)
    return plan


def list_inspection_plans(
    session: Session,
    *,
    actor: Actor,
    product_id: uuid.UUID | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[InspectionPlan], int]:
    """The actor's factory's plans, newest revision first."""
    if not can(actor, "inspection_plan:read", owned_by(actor.enterprise_id)):
        return [], 0
    query = select(InspectionPlan).where(InspectionPlan.enterprise_id == actor.enterprise_id)
    if product_id is not None:
        query = query.where(InspectionPlan.product_id == product_id)
    order = (InspectionPlan.created_at.desc(), InspectionPlan.revision.desc())
    return page(session, query, *order, offset=offset, limit=limit)


def get_inspection_plan(session: Session, *, actor: Actor, plan_id: uuid.UUID) -> InspectionPlan:
    plan = session.get(InspectionPlan, plan_id)
    if plan is None or not can(actor, "inspection_plan:read", plan):
        raise NotFound(f"inspection plan {plan_id} not found")
    return plan


def plan_for_product(session: Session, product_id: uuid.UUID) -> InspectionPlan | None:
    """The current (latest) plan of a product."""
    return session.scalars(
        select(InspectionPlan)
        .where(InspectionPlan.product_id == product_id)
        .order_by(InspectionPlan.revision.desc())
        .limit(1)
    ).first()
