"""Use cases of quality: inspection plans, measurements, charts, alarms.

Visual inspection lives in ``visual.py`` and certificates in ``certificates.py``; the public
use cases of all three are re-exported here.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.catalog.models import Product
from suigang.domains.events.service import emit
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import audit, require
from suigang.domains.quality.access import LotScope, OwnProbe, lot_scope
from suigang.domains.quality.charts import (
    ATTRIBUTE_CHARTS,
    SUBGROUP_CHARTS,
    capability_read,
    chart_read,
    compute_chart,
    effective,
    out_of_spec,
    point_labels,
)
from suigang.domains.quality.csvio import CellError, UploadRejected, parse_measurements_csv
from suigang.domains.quality.models import (
    Characteristic,
    InspectionPlan,
    Measurement,
    PlanChart,
    QualityAlarm,
    Verdict,
    VisualInspection,
)
from suigang.domains.quality.schemas import (
    AlarmRead,
    CharacteristicCreate,
    CharacteristicQuality,
    CharacteristicRead,
    InspectionPlanCreate,
    LotQuality,
    MeasurementCorrection,
    MeasurementIn,
    VisualStats,
)
from suigang.errors import Conflict, InvalidInput, NotFound

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
    last = session.scalar(
        select(func.max(InspectionPlan.revision)).where(InspectionPlan.product_id == product.id)
    )
    plan = InspectionPlan(
        enterprise_id=actor.enterprise_id,
        product_id=product.id,
        revision=(last or 0) + 1,
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
    _commit(session)
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
    if not can(actor, "inspection_plan:read", OwnProbe(actor.enterprise_id)):
        return [], 0
    query = select(InspectionPlan).where(InspectionPlan.enterprise_id == actor.enterprise_id)
    if product_id is not None:
        query = query.where(InspectionPlan.product_id == product_id)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(InspectionPlan.created_at.desc(), InspectionPlan.revision.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(rows), total


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


# -- measurements -------------------------------------------------------------------------


FUTURE_SLACK = timedelta(minutes=5)  # clocks of stations drift a little


def _check_value(char: Characteristic, row: MeasurementIn) -> tuple[str, str] | None:
    """(column, reason) when the value cannot belong to the characteristic's chart."""
    if char.chart in ATTRIBUTE_CHARTS:
        if row.value < 0 or row.value != int(row.value):
            return "value", f"{row.value:g} is not a count (a {char.chart.value} chart counts)"
        if char.chart in (PlanChart.P, PlanChart.NP) and row.value > char.sample_size:
            return "value", (
                f"{row.value:g} nonconforming exceeds the sample size {char.sample_size} "
                f"of {char.name!r}"
            )
    if row.taken_at is not None and row.taken_at > utcnow() + FUTURE_SLACK:
        return "taken_at", f"{row.taken_at.isoformat()} is in the future"
    return None


def _resolve(
    session: Session, scope: LotScope, rows: Sequence[tuple[str, MeasurementIn]]
) -> tuple[list[tuple[Characteristic, MeasurementIn]], list[tuple[str, str, str]]]:
    """Each row's characteristic; errors as (where, column, reason)."""
    plan = plan_for_product(session, scope.order.product_id)
    by_name = {c.name: c for c in plan.characteristics} if plan else {}
    out: list[tuple[Characteristic, MeasurementIn]] = []
    errors: list[tuple[str, str, str]] = []
    for where, row in rows:
        char: Characteristic | None
        if row.characteristic_id is not None:
            char = session.get(Characteristic, row.characteristic_id)
            if char is None or char.plan.product_id != scope.order.product_id:
                reason = (
                    f"{row.characteristic_id} is not in an inspection plan of this lot's product"
                )
                errors.append((where, "characteristic_id", reason))
                continue
        else:
            char = by_name.get((row.characteristic or "").strip())
            if char is None:
                known = ", ".join(by_name) if by_name else "none: the product has no plan"
                reason = (
                    f"{row.characteristic!r} is not in the lot's inspection plan (known: {known})"
                )
                errors.append((where, "characteristic", reason))
                continue
        problem = _check_value(char, row)
        if problem is not None:
            errors.append((where, *problem))
            continue
        out.append((char, row))
    return out, errors


def _store(
    session: Session,
    *,
    actor: Actor,
    scope: LotScope,
    rows: list[tuple[Characteristic, MeasurementIn]],
) -> list[Measurement]:
    now = utcnow()
    stored = [
        Measurement(
            lot_id=scope.lot.id,
            characteristic_id=char.id,
            subgroup=row.subgroup,
            value=row.value,
            taken_at=row.taken_at or now,
            recorded_by=actor.label,
            recorded_by_user_id=actor.user_id,
            recorded_at=now,
        )
        for char, row in rows
    ]
    session.add_all(stored)
    session.flush()
    return stored


def record_measurements(
    session: Session, *, actor: Actor, lot_id: uuid.UUID, rows: Sequence[MeasurementIn]
) -> tuple[list[Measurement], list[QualityAlarm]]:
    """Store values measured on a lot and raise an alarm for every rule that now fires."""
    scope = lot_scope(session, actor=actor, lot_id=lot_id, permission="measurement:write")
    if not rows:
        raise InvalidInput("measurements: the list is empty")
    resolved, errors = _resolve(
        session, scope, [(f"measurements[{i}]", r) for i, r in enumerate(rows)]
    )
    if errors:
        raise InvalidInput("; ".join(f"{w}.{c}: {r}" for w, c, r in errors))
    return _record(session, actor=actor, scope=scope, resolved=resolved, source="api")


def upload_measurements(
    session: Session, *, actor: Actor, lot_id: uuid.UUID, filename: str, content: bytes
) -> tuple[list[Measurement], list[QualityAlarm]]:
    """Store the measurements of a CSV file; any bad line rejects the whole file."""
    scope = lot_scope(session, actor=actor, lot_id=lot_id, permission="measurement:write")
    parsed = parse_measurements_csv(filename, content)
    resolved, errors = _resolve(session, scope, [(str(line), row) for line, row in parsed])
    if errors:
        raise UploadRejected(
            filename,
            [CellError(line=int(w), column=c, reason=r) for w, c, r in errors],
        )
    return _record(session, actor=actor, scope=scope, resolved=resolved, source=filename)


def _record(
    session: Session,
    *,
    actor: Actor,
    scope: LotScope,
    resolved: list[tuple[Characteristic, MeasurementIn]],
    source: str,
) -> tuple[list[Measurement], list[QualityAlarm]]:
    stored = _store(session, actor=actor, scope=scope, rows=resolved)
    audit(
        session,
        actor,
        "measurements.recorded",
        "lot",
        scope.lot.id,
        count=len(stored),
        source=source,
    )
    alarms = []
    for char in {c.id: c for c, _ in resolved}.values():
        alarms += _evaluate(session, actor=actor, scope=scope, char=char)
    _commit(session)
    return stored, alarms


def correct_measurement(
    session: Session, *, actor: Actor, measurement_id: uuid.UUID, data: MeasurementCorrection
) -> tuple[Measurement, list[QualityAlarm]]:
    """Replace a value by a new row that references it; the original stays as recorded."""
    old = session.get(Measurement, measurement_id)
    if old is None:
        raise NotFound(f"measurement {measurement_id} not found")
    scope = lot_scope(session, actor=actor, lot_id=old.lot_id, permission="measurement:write")
    newer = session.scalar(select(Measurement).where(Measurement.corrects_id == old.id))
    if newer is not None:
        raise Conflict(
            f"measurement {old.id} was already corrected by {newer.id}; correct that one instead"
        )
    now = utcnow()
    new = Measurement(
        lot_id=old.lot_id,
        characteristic_id=old.characteristic_id,
        subgroup=data.subgroup or old.subgroup,
        value=data.value,
        taken_at=old.taken_at,
        recorded_by=actor.label,
        recorded_by_user_id=actor.user_id,
        recorded_at=now,
        corrects_id=old.id,
        reason=data.reason.strip(),
    )
    session.add(new)
    session.flush()
    audit(
        session,
        actor,
        "measurement.corrected",
        "measurement",
        old.id,
        by=new.id,
        before=old.value,
        after=new.value,
        reason=new.reason,
    )
    char = session.get(Characteristic, old.characteristic_id)
    assert char is not None  # a foreign key
    alarms = _evaluate(session, actor=actor, scope=scope, char=char)
    _commit(session)
    return new, alarms


def lot_measurements(
    session: Session, lot_id: uuid.UUID, characteristic_id: uuid.UUID | None = None
) -> list[Measurement]:
    """Every stored row of the lot (corrected ones included)."""
    query = select(Measurement).where(Measurement.lot_id == lot_id)
    if characteristic_id is not None:
        query = query.where(Measurement.characteristic_id == characteristic_id)
    return list(session.scalars(query))


def list_measurements(session: Session, *, actor: Actor, lot_id: uuid.UUID) -> list[Measurement]:
    """Every stored row of a lot the actor may see, in the order they were recorded."""
    scope = lot_scope(session, actor=actor, lot_id=lot_id)
    rows = lot_measurements(session, scope.lot.id)
    return sorted(rows, key=lambda m: (m.recorded_at, m.subgroup, str(m.id)))


# -- alarms -------------------------------------------------------------------------------


def _evaluate(
    session: Session, *, actor: Actor, scope: LotScope, char: Characteristic
) -> list[QualityAlarm]:
    """Chart the characteristic and store an alarm for each rule firing for the first time
    on a point; each new alarm is announced to the factory and to the buyer."""
    rows = effective(lot_measurements(session, scope.lot.id, char.id))
    charted = compute_chart(char, rows)
    if charted.result is None:
        return []
    labels = point_labels(char, rows, charted.result)
    known = {
        (a.panel, a.subgroup, a.rule)
        for a in session.scalars(
            select(QualityAlarm).where(
                QualityAlarm.lot_id == scope.lot.id, QualityAlarm.characteristic_id == char.id
            )
        )
    }
    new = []
    for panel in charted.result.panels:
        for v in panel.violations:
            key = (panel.name, labels[v.point], v.rule)
            if key in known:
                continue
            known.add(key)
            value = panel.values[v.point]
            alarm = QualityAlarm(
                lot_id=scope.lot.id,
                characteristic_id=char.id,
                panel=panel.name,
                point=v.point,
                subgroup=labels[v.point],
                rule=v.rule,
                value=None if value != value else value,  # NaN: undefined moving range
            )
            new.append(alarm)
    stored = []
    for alarm in new:
        try:  # a concurrent request may have recorded the same firing meanwhile
            with session.begin_nested():
                session.add(alarm)
        except IntegrityError:
            continue
        stored.append(alarm)
    for alarm in stored:
        audit(
            session,
            actor,
            "quality.alarm",
            "lot",
            scope.lot.id,
            rule=alarm.rule,
            characteristic=char.name,
            subgroup=alarm.subgroup,
            panel=alarm.panel,
        )
        for enterprise in (scope.order.factory_id, scope.order.buyer_id):
            emit(
                session,
                kind="quality.alarm",
                enterprise_id=enterprise,
                subject_id=scope.lot.id,
                lot=scope.lot.number,
                order=scope.order.number,
                characteristic=char.name,
                panel=alarm.panel,
                subgroup=alarm.subgroup,
                point=alarm.point,
                rule=alarm.rule,
                alarm=alarm.id,
            )
    return stored


def lot_alarms(session: Session, lot_id: uuid.UUID) -> list[QualityAlarm]:
    return list(
        session.scalars(
            select(QualityAlarm)
            .where(QualityAlarm.lot_id == lot_id)
            .order_by(QualityAlarm.fired_at, QualityAlarm.point)
        )
    )


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
    session: Session, *, actor: Actor, lot_id: uuid.UUID, characteristic_id: uuid.UUID
) -> bytes:
    """The characteristic's chart on the lot as a PNG, violations in red."""
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
    return render_chart_png(charted.result, title=f"{scope.lot.number} {char.name}")


def _commit(session: Session) -> None:
    """The one commit of a use case; a clash with stored data becomes a Conflict."""
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise Conflict(f"the change clashes with stored data: {exc.orig}") from exc
