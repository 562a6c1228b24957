"""Reading a lot's quality: charts, capability, alarms, visual statistics, lists of lots."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, or_, select, union_all
from sqlalchemy.orm import Session

from suigang.domains.common import addressed_to, count_rows, owned_by
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.orders.models import Lot, Order
from suigang.domains.quality.access import LotScope, lot_scope
from suigang.domains.quality.charts import (
    ATTRIBUTE_CHARTS,
    capability_read,
    chart_read,
    compute_chart,
    effective,
    out_of_spec,
)
from suigang.domains.quality.measurements import lot_alarms, lot_measurements
from suigang.domains.quality.models import (
    Characteristic,
    InspectionPlan,
    Measurement,
    QualityAlarm,
    Verdict,
    VisualInspection,
)
from suigang.domains.quality.plans import plan_for_product
from suigang.domains.quality.schemas import (
    AlarmRead,
    CharacteristicQuality,
    CharacteristicRead,
    LotQuality,
    VisualStats,
)
from suigang.errors import InvalidInput, NotFound

# -- the lot's quality --------------------------------------------------------------------


def lot_characteristics(session: Session, scope: LotScope) -> list[Characteristic]:
    """The current plan's characteristics, then any other one the lot has values for."""
    plan = plan_for_product(session, scope.order.product_id)
    chars = list(plan.characteristics) if plan else []
    seen = {c.id for c in chars}
    extra_ids = session.scalars(
        select(Measurement.characteristic_id).where(Measurement.lot_id == scope.lot.id).distinct()
    )
    for cid in extra_ids:
        if cid not in seen:
            extra = session.get(Characteristic, cid)
            if extra is not None:
                chars.append(extra)
                seen.add(cid)
    return chars


@dataclass(frozen=True, slots=True)
class LotSummary:
    """A lot the actor may see, with counts of its quality records."""

    lot: Lot
    order: Order
    measurements: int
    alarms: int
    visual: VisualStats


def list_quality_lots(
    session: Session, *, actor: Actor, offset: int = 0, limit: int = 50
) -> tuple[list[LotSummary], int]:
    """Lots whose quality data the actor may read: its factory's, or its orders' (buyer).

    Lots with the latest quality record (measurement or visual inspection) come first; lots
    with none yet follow, newest first.
    """
    conds = []
    if can(actor, "quality:read", owned_by(actor.enterprise_id)):
        conds.append(Order.factory_id == actor.enterprise_id)
    if can(actor, "quality:read", addressed_to(actor.enterprise_id)):
        conds.append(Order.buyer_id == actor.enterprise_id)
    if not conds:
        return [], 0
    query = select(Lot, Order).join(Order, Lot.order_id == Order.id).where(or_(*conds))
    total = count_rows(session, query)
    records = union_all(
        select(Measurement.lot_id, Measurement.recorded_at.label("at")),
        select(VisualInspection.lot_id, VisualInspection.inspected_at.label("at")),
    ).subquery()
    latest = (
        select(records.c.lot_id, func.max(records.c.at).label("at"))
        .group_by(records.c.lot_id)
        .subquery()
    )
    rows = session.execute(
        query.outerjoin(latest, latest.c.lot_id == Lot.id)
        .order_by(
            latest.c.at.is_(None),  # lots with quality records first
            latest.c.at.desc(),
            Lot.created_at.desc(),
            Lot.number.desc(),
        )
        .offset(offset)
        .limit(limit)
    ).all()
    out = []
    for lot, order in rows:
        n_measurements = session.scalar(
            select(func.count()).select_from(Measurement).where(Measurement.lot_id == lot.id)
        )
        n_alarms = session.scalar(
            select(func.count()).select_from(QualityAlarm).where(QualityAlarm.lot_id == lot.id)
        )
        out.append(
            LotSummary(
                lot, order, n_measurements or 0, n_alarms or 0, visual_stats(session, lot.id)
            )
        )
    return out, total


def visual_stats(session: Session, lot_id: uuid.UUID) -> VisualStats:
    inspections = list(
        session.scalars(select(VisualInspection).where(VisualInspection.lot_id == lot_id))
    )
    passed = sum(1 for v in inspections if v.final_verdict is Verdict.PASS)
    n = len(inspections)
    return VisualStats(
        inspected=n,
        passed=passed,
        failed=n - passed,
        overruled=sum(1 for v in inspections if v.overruled),
        pass_rate=passed / n if n else None,
    )


def lot_quality(session: Session, *, actor: Actor, lot_id: uuid.UUID) -> LotQuality:
    """Charts (limits, violations), capability, alarms and visual results of a lot."""
    scope = lot_scope(session, actor=actor, lot_id=lot_id)
    plan = plan_for_product(session, scope.order.product_id)
    by_char: dict[uuid.UUID, list[Measurement]] = defaultdict(list)
    for m in lot_measurements(session, scope.lot.id):
        by_char[m.characteristic_id].append(m)
    items = []
    for char in lot_characteristics(session, scope):
        rows = effective(by_char.get(char.id, []))
        items.append(
            CharacteristicQuality(
                characteristic=CharacteristicRead.model_validate(char),
                values=len(rows),
                out_of_spec=out_of_spec(char, rows),
                chart=chart_read(char, rows, compute_chart(char, rows)),
                capability=capability_read(char, rows),
            )
        )
    return LotQuality(
        lot_id=scope.lot.id,
        lot_number=scope.lot.number,
        order_id=scope.order.id,
        product_id=scope.order.product_id,
        plan_id=plan.id if plan else None,
        characteristics=items,
        alarms=[AlarmRead.model_validate(a) for a in lot_alarms(session, scope.lot.id)],
        visual=visual_stats(session, scope.lot.id),
    )


def chart_png(
    session: Session,
    *,
    actor: Actor,
    lot_id: uuid.UUID,
    characteristic_id: uuid.UUID,
    lang: str = "en",
) -> bytes:
    """The characteristic's chart on the lot as a PNG, violations in red, its words in
    ``lang`` (zh-Hans, zh-Hant or en)."""
    from suigang.domains.quality.chart_text import chart_text
    from suigang.engines.spc import render_chart_png

    scope = lot_scope(session, actor=actor, lot_id=lot_id)
    char = next((c for c in lot_characteristics(session, scope) if c.id == characteristic_id), None)
    if char is None:
        raise NotFound(f"characteristic {characteristic_id} not found on lot {scope.lot.number}")
    rows = effective(lot_measurements(session, scope.lot.id, char.id))
    charted = compute_chart(char, rows)
    if charted.result is None:
        raise InvalidInput(
            f"no chart of {char.name!r} on lot {scope.lot.number}: {charted.message}"
        )
    text, fonts, files = chart_text((lang,))
    return render_chart_png(
        charted.result,
        title=f"{scope.lot.number} {char.name}",
        text=text,
        fonts=fonts,
        font_files=files,
    )


@dataclass(frozen=True, slots=True)
class CharacteristicCapability:
    """A measured characteristic of a current inspection plan: whether it is charted (has
    values on a lot) and its Cpk on the latest lot measured (None: undefined or no data)."""

    product_id: uuid.UUID
    name: str
    charted: bool
    cpk: float | None
    lot_id: uuid.UUID | None


def factory_capabilities(
    session: Session, *, enterprise_id: uuid.UUID
) -> list[CharacteristicCapability]:
    """Every variable characteristic with specification limits in the factory's current
    plans (those are the characteristics it treats as critical), for figures across the
    factory; the caller checks who may see them."""
    plans = session.scalars(
        select(InspectionPlan).where(InspectionPlan.enterprise_id == enterprise_id)
    )
    latest: dict[uuid.UUID, InspectionPlan] = {}
    for plan in plans:
        if plan.product_id not in latest or plan.revision > latest[plan.product_id].revision:
            latest[plan.product_id] = plan
    out: list[CharacteristicCapability] = []
    for plan in sorted(latest.values(), key=lambda p: (p.name, p.revision)):
        for char in plan.characteristics:
            if char.chart in ATTRIBUTE_CHARTS or (char.lsl is None and char.usl is None):
                continue
            last = session.execute(
                select(Measurement.lot_id)
                .where(Measurement.characteristic_id == char.id)
                .order_by(Measurement.taken_at.desc())
                .limit(1)
            ).scalar()
            if last is None:
                out.append(CharacteristicCapability(plan.product_id, char.name, False, None, None))
                continue
            rows = effective(
                session.scalars(
                    select(Measurement).where(
                        Measurement.characteristic_id == char.id, Measurement.lot_id == last
                    )
                ).all()
            )
            cap = capability_read(char, rows)
            cpk = cap.cpk if cap.status == "ok" else None
            out.append(CharacteristicCapability(plan.product_id, char.name, True, cpk, last))
    return out
