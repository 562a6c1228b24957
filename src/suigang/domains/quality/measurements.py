"""Use cases of measurements: record (JSON or CSV), correct, and alarm when a rule fires."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import String, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from suigang.config import Limits
from suigang.db import utcnow
from suigang.domains.common import commit_once
from suigang.domains.events.service import emit
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import audit
from suigang.domains.limits import default_limits, first
from suigang.domains.quality.access import LotScope, lot_scope
from suigang.domains.quality.charts import (
    ATTRIBUTE_CHARTS,
    compute_chart,
    effective,
    point_labels,
)
from suigang.domains.quality.csvio import CellError, UploadRejected, parse_measurements_csv
from suigang.domains.quality.models import (
    Characteristic,
    Measurement,
    PlanChart,
    QualityAlarm,
)
from suigang.domains.quality.plans import plan_for_product
from suigang.domains.quality.schemas import (
    MeasurementCorrection,
    MeasurementIn,
)
from suigang.errors import Conflict, InvalidInput, NotFound

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
    session: Session,
    *,
    actor: Actor,
    lot_id: uuid.UUID,
    rows: Sequence[MeasurementIn],
    limits: Limits | None = None,
) -> tuple[list[Measurement], list[QualityAlarm]]:
    """Store values measured on a lot and raise an alarm for every rule that now fires."""
    limits = limits or default_limits()
    scope = lot_scope(session, actor=actor, lot_id=lot_id, permission="measurement:write")
    if not rows:
        raise InvalidInput("measurements: the list is empty")
    if len(rows) > limits.max_list_items:
        raise InvalidInput(
            f"measurements: {len(rows):,} values, more than the {limits.max_list_items:,} "
            "accepted in one request (SUIGANG_LIMITS__MAX_LIST_ITEMS)"
        )
    resolved, errors = _resolve(
        session, scope, [(f"measurements[{i}]", r) for i, r in enumerate(rows)]
    )
    if errors:
        shown = "; ".join(f"{w}.{c}: {r}" for w, c, r in first(errors, limits))
        more = (
            f"; ... and {len(errors) - limits.max_errors} more"
            if len(errors) > limits.max_errors
            else ""
        )
        raise InvalidInput(f"{len(errors)} problem(s): {shown}{more}")
    return _record(session, actor=actor, scope=scope, resolved=resolved, source="api")


def upload_measurements(
    session: Session,
    *,
    actor: Actor,
    lot_id: uuid.UUID,
    filename: str,
    content: bytes,
    limits: Limits | None = None,
) -> tuple[list[Measurement], list[QualityAlarm]]:
    """Store the measurements of a CSV file; any bad line rejects the whole file."""
    limits = limits or default_limits()
    scope = lot_scope(session, actor=actor, lot_id=lot_id, permission="measurement:write")
    parsed = parse_measurements_csv(filename, content, limits=limits)
    resolved, errors = _resolve(session, scope, [(str(line), row) for line, row in parsed])
    if errors:
        raise UploadRejected(
            filename,
            [CellError(line=int(w), column=c, reason=r) for w, c, r in errors],
            max_listed=limits.max_errors,
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
    commit_once(session)
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
    commit_once(session)
    return new, alarms


def lot_measurements(
    session: Session, lot_id: uuid.UUID, characteristic_id: uuid.UUID | None = None
) -> list[Measurement]:
    """Every stored row of the lot (corrected ones included)."""
    query = select(Measurement).where(Measurement.lot_id == lot_id)
    if characteristic_id is not None:
        query = query.where(Measurement.characteristic_id == characteristic_id)
    return list(session.scalars(query))


class ChartPoint(NamedTuple):
    """What charting reads of a stored measurement, without building its ORM row (a lot is
    charted whole on every post: this read is the hot path of a measuring station)."""

    id: str
    corrects_id: str | None
    subgroup: int
    value: float
    taken_at: datetime
    recorded_at: datetime


def chart_points(
    session: Session, lot_id: uuid.UUID, characteristic_id: uuid.UUID
) -> list[ChartPoint]:
    """Every stored row of the characteristic on the lot (corrected ones included), ids as
    their stored text."""
    m = Measurement.__table__.c
    query = select(
        type_coerce(m.id, String),
        type_coerce(m.corrects_id, String),
        m.subgroup,
        m.value,
        m.taken_at,
        m.recorded_at,
    ).where(m.lot_id == lot_id, m.characteristic_id == characteristic_id)
    return [ChartPoint(*row) for row in session.execute(query)]


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
    rows = effective(chart_points(session, scope.lot.id, char.id))
    charted = compute_chart(char, rows)
    if charted.result is None:
        return []
    labels = point_labels(char, rows, charted.result)
    known = {
        (panel, subgroup, rule)
        for panel, subgroup, rule in session.execute(
            select(QualityAlarm.panel, QualityAlarm.subgroup, QualityAlarm.rule).where(
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
