"""Figures behind a link to platform data, computed from what the platform holds.

- a **lot**: the capability of its measured characteristics (Cpk from the SPC engine, via the
  quality domain), the lowest Cpk as the headline, and the pass rate of its visual
  inspections (final verdicts, after any review) where it has them;
- a **machine's OEE** (ISO 22400, via the equipment domain) over the days before the link
  was made, with the planned run time per unit from the routings that name the machine.

Each reader checks the actor's access through the domain that owns the data: a lot's
quality is readable by the factory that made it and the buyer of its order, a machine's
telemetry by its factory only; anything else is "not found". There is no plan-adherence
figure yet: the platform does not record it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median_low
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.domains.catalog.models import RoutingStep, routing_step_machine
from suigang.domains.equipment.service import authorize_machine_read, machine_oee
from suigang.domains.evidence.models import LinkKind
from suigang.domains.identity.permissions import Actor
from suigang.domains.quality.service import lot_quality
from suigang.errors import InvalidInput

DEFAULT_OEE_DAYS = 30


@dataclass(frozen=True, slots=True)
class Figures:
    """What a link shows: its label, the headline figure and the figures behind it."""

    label: str
    figure_name: str
    figure: float | None
    details: dict[str, Any] = field(default_factory=dict)


def _rounded(value: float | None, places: int = 3) -> float | None:
    return None if value is None else round(float(value), places)


def lot_figures(session: Session, *, actor: Actor, lot_id: uuid.UUID) -> Figures:
    """A lot's capability and visual pass rate; ``NotFound`` for a lot the actor may not read."""
    quality = lot_quality(session, actor=actor, lot_id=lot_id)
    chars: list[dict[str, Any]] = []
    for item in quality.characteristics:
        cap = item.capability
        chars.append(
            {
                "name": item.characteristic.name,
                "n": cap.n,
                "cpk": _rounded(cap.cpk),
                "ppk": _rounded(cap.ppk),
                "status": cap.status,
            }
        )
    cpks: list[float] = [c["cpk"] for c in chars if c["cpk"] is not None]
    visual = quality.visual
    if not cpks and not visual.inspected:
        raise InvalidInput(
            f"lot {quality.lot_number} has no figures yet: no measured characteristic with "
            "specification limits and no visual inspection"
        )
    return Figures(
        label=quality.lot_number,
        figure_name="Cpk min",
        figure=min(cpks) if cpks else None,
        details={
            "lot": quality.lot_number,
            "characteristics": chars,
            "visual_inspected": visual.inspected,
            "visual_pass_rate": _rounded(visual.pass_rate, 4),
        },
    )


def planned_unit_seconds(session: Session, machine_id: uuid.UUID) -> float | None:
    """The machine's planned run time per unit: the median of the routing steps naming it."""
    rows = session.scalars(
        select(RoutingStep.run_s_per_unit)
        .join(routing_step_machine, routing_step_machine.c.routing_step_id == RoutingStep.id)
        .where(routing_step_machine.c.machine_id == machine_id)
    ).all()
    return float(median_low([float(r) for r in rows])) if rows else None


def machine_figures(
    session: Session, *, actor: Actor, machine_id: uuid.UUID, days: int, now: datetime
) -> Figures:
    """A machine's OEE over ``days`` before ``now``; ``NotFound`` for another firm's machine."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 366:
        raise InvalidInput(f"days must be 1–366, got {days!r}")
    machine = authorize_machine_read(session, actor=actor, machine_id=machine_id)
    pru = planned_unit_seconds(session, machine.id)
    start = now - timedelta(days=days)
    result = machine_oee(
        session, machine_id=machine.id, start=start, end=now, pru_s=pru, now=now, actor=actor
    )[0].result
    kpis = result.kpis
    return Figures(
        label=machine.code,
        figure_name="OEE",
        figure=_rounded(kpis.oee, 4),
        details={
            "machine": machine.code,
            "days": days,
            "start": start.isoformat(),
            "end": now.isoformat(),
            "availability": _rounded(kpis.availability, 4),
            "effectiveness": _rounded(kpis.effectiveness, 4),
            "quality_ratio": _rounded(kpis.quality_ratio, 4),
            "produced": result.quantities.produced,
            "pru_s": pru,
        },
    )


def compute(
    session: Session,
    *,
    actor: Actor,
    kind: LinkKind,
    ref: uuid.UUID,
    days: int = DEFAULT_OEE_DAYS,
    now: datetime,
) -> Figures:
    """The figures of a link of ``kind`` to the platform record ``ref``."""
    if kind is LinkKind.LOT:
        return lot_figures(session, actor=actor, lot_id=ref)
    return machine_figures(session, actor=actor, machine_id=ref, days=days, now=now)
