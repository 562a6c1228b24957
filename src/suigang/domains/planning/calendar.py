"""Factory calendars, holidays, planned maintenance and setup families/matrices."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from suigang.domains.catalog.models import Machine, Product
from suigang.domains.common import owned_by
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import audit, get_own, require
from suigang.domains.planning.build import CalendarSpec, load_calendar
from suigang.domains.planning.clock import WorkingClock
from suigang.domains.planning.models import (
    FactoryCalendar,
    Holiday,
    MaintenanceWindow,
    SetupFamily,
    SetupTime,
)
from suigang.errors import InvalidInput


def get_calendar(session: Session, *, actor: Actor) -> CalendarSpec:
    require(actor, "plan:read", owned_by(actor.enterprise_id))
    return load_calendar(session, actor.enterprise_id)


def set_calendar(
    session: Session,
    *,
    actor: Actor,
    shifts: list[tuple[int, int, int]],
    timezone: str = "Asia/Shanghai",
    machine_down_minutes: int | None = None,
) -> CalendarSpec:
    """Replace the factory's weekly shifts ``(weekday, start_min, end_min)`` (local time)."""
    require(actor, "plan:write", owned_by(actor.enterprise_id))
    try:
        WorkingClock(datetime.now().astimezone(), timezone=timezone, shifts=shifts, horizon_days=7)
    except (ValueError, KeyError) as exc:
        raise InvalidInput(f"calendar: {exc}") from None
    if machine_down_minutes is not None and machine_down_minutes <= 0:
        raise InvalidInput(f"machine_down_minutes must be > 0, got {machine_down_minutes}")
    row = session.scalar(
        select(FactoryCalendar).where(FactoryCalendar.factory_id == actor.enterprise_id)
    )
    if row is None:
        row = FactoryCalendar(factory_id=actor.enterprise_id)
        session.add(row)
    row.timezone = timezone
    row.shifts = [list(s) for s in shifts]
    if machine_down_minutes is not None:
        row.machine_down_minutes = machine_down_minutes
    session.flush()
    audit(session, actor, "calendar.set", "factory_calendar", row.id, shifts=len(shifts))
    session.commit()
    return load_calendar(session, actor.enterprise_id)


def add_holiday(session: Session, *, actor: Actor, day: date, name: str = "") -> Holiday:
    require(actor, "plan:write", owned_by(actor.enterprise_id))
    holiday = Holiday(factory_id=actor.enterprise_id, day=day, name=name)
    session.add(holiday)
    session.flush()
    audit(session, actor, "calendar.holiday_added", "factory_holiday", holiday.id, day=day)
    session.commit()
    return holiday


def add_maintenance(
    session: Session,
    *,
    actor: Actor,
    machine_id: uuid.UUID,
    start: datetime,
    end: datetime,
    reason: str = "",
) -> MaintenanceWindow:
    machine = get_own(session, Machine, machine_id, actor=actor, kind="machine")
    require(actor, "plan:write", machine)
    if start.tzinfo is None or end <= start:
        raise InvalidInput(f"maintenance {start} – {end} must be timezone-aware with start < end")
    window = MaintenanceWindow(
        factory_id=actor.enterprise_id, machine_id=machine.id, start=start, end=end, reason=reason
    )
    session.add(window)
    session.flush()
    audit(session, actor, "calendar.maintenance_added", "machine", machine.id, start=start)
    session.commit()
    return window


def set_setup_family(
    session: Session, *, actor: Actor, product_id: uuid.UUID, family: str
) -> SetupFamily:
    product = get_own(session, Product, product_id, actor=actor, kind="product")
    require(actor, "plan:write", product)
    if not family.strip():
        raise InvalidInput("family must not be empty")
    row = session.scalar(select(SetupFamily).where(SetupFamily.product_id == product.id))
    if row is None:
        row = SetupFamily(factory_id=actor.enterprise_id, product_id=product.id, family=family)
        session.add(row)
    row.family = family.strip()
    session.flush()
    audit(session, actor, "setup.family_set", "product", product.id, family=family)
    session.commit()
    return row


def set_setup_matrix(
    session: Session, *, actor: Actor, machine_id: uuid.UUID, setups: dict[tuple[str, str], int]
) -> list[SetupTime]:
    """Replace one machine's changeover times ``{(from_family, to_family): seconds}``."""
    machine = get_own(session, Machine, machine_id, actor=actor, kind="machine")
    require(actor, "plan:write", machine)
    bad = [k for k, v in setups.items() if v < 0]
    if bad:
        raise InvalidInput(f"setup seconds must be >= 0, got {bad[0]}: {setups[bad[0]]}")
    session.execute(delete(SetupTime).where(SetupTime.machine_id == machine.id))
    rows = [
        SetupTime(
            factory_id=actor.enterprise_id,
            machine_id=machine.id,
            from_family=a,
            to_family=b,
            setup_s=s,
        )
        for (a, b), s in sorted(setups.items())
    ]
    session.add_all(rows)
    session.flush()
    audit(session, actor, "setup.matrix_set", "machine", machine.id, entries=len(rows))
    session.commit()
    return rows
