"""The admission rules as configuration the zone office keeps: one row per version.

A version is the engine's indicator set in its stored form (``set_to_dict``): the date it
takes effect, the cap and the rules per segment. Versions are never changed, only added; an
application is scored against the version in force on the day it was submitted.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.domains.admission.models import IndicatorSetVersion
from suigang.domains.common import commit_once, mapping_from_yaml, yaml_text
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import audit, require
from suigang.domains.zone.segments import Segment
from suigang.engines.analytics.admission import (
    ANY_SEGMENT,
    IndicatorSet,
    in_force,
    set_from_dict,
    set_to_dict,
)
from suigang.errors import Conflict, InvalidInput, NotFound


def parse_set(config: dict[str, Any]) -> IndicatorSet:
    """The engine's set from a stored or submitted config; ``InvalidInput`` naming the fault."""
    try:
        indicator_set = set_from_dict(config)
    except (ValueError, ArithmeticError, AttributeError) as exc:
        raise InvalidInput(f"indicator set: {exc}") from None
    known = {s.value for s in Segment} | {ANY_SEGMENT}
    for rule in indicator_set.rules:
        if rule.segment not in known:
            raise InvalidInput(
                f"indicator set {indicator_set.version}: rule of {rule.indicator} names "
                f"segment {rule.segment!r}, not one of {', '.join(sorted(known))}"
            )
    return indicator_set


def config_from_text(text: str) -> dict[str, Any]:
    """A rules version written as YAML (or JSON) on a page; ``InvalidInput`` naming the line."""
    return mapping_from_yaml(
        text, what="indicator set", expected="version, effective, cap and rules"
    )


def config_text(session: Session, *, actor: Actor) -> str:
    """The newest version as YAML, to start the next one from."""
    rows = list_indicator_sets(session, actor=actor)
    if not rows:
        return ""
    return yaml_text(rows[0].config)


def add_indicator_set(
    session: Session, *, actor: Actor, config: dict[str, Any], note: str = ""
) -> IndicatorSetVersion:
    """Store a new version of the rules (the zone office); the version name must be new."""
    require(actor, "admission_rules:write")
    indicator_set = parse_set(config)
    exists = session.scalar(
        select(IndicatorSetVersion.id).where(IndicatorSetVersion.version == indicator_set.version)
    )
    if exists is not None:
        raise Conflict(
            f"indicator set version {indicator_set.version} exists already; "
            "a change is a new version"
        )
    clash = session.scalar(
        select(IndicatorSetVersion.version).where(
            IndicatorSetVersion.effective == indicator_set.effective
        )
    )
    if clash is not None:
        raise Conflict(
            f"version {clash} already takes effect on {indicator_set.effective}; choose another day"
        )
    row = IndicatorSetVersion(
        version=indicator_set.version,
        effective=indicator_set.effective,
        config=set_to_dict(indicator_set),
        note=note.strip(),
        created_by=actor.label,
    )
    session.add(row)
    session.flush()
    audit(session, actor, "admission.rules_added", "admission_indicator_set", row.version,
          effective=row.effective)  # fmt: skip
    commit_once(session)
    return row


def list_indicator_sets(session: Session, *, actor: Actor) -> list[IndicatorSetVersion]:
    """Every version, the newest effective first (anyone signed in may read the rules)."""
    require(actor, "admission_rules:read")
    return list(
        session.scalars(select(IndicatorSetVersion).order_by(IndicatorSetVersion.effective.desc()))
    )


def stored_set(session: Session, version: str) -> IndicatorSet:
    """The engine's set of a stored version."""
    row = session.scalar(select(IndicatorSetVersion).where(IndicatorSetVersion.version == version))
    if row is None:
        raise NotFound(f"indicator set version {version} not found")
    return parse_set(row.config)


def set_in_force(session: Session, day: date) -> IndicatorSet:
    """The set in force on ``day``; ``Conflict`` when the zone office has none yet."""
    rows = session.scalars(
        select(IndicatorSetVersion).where(IndicatorSetVersion.effective <= day)
    ).all()
    if not rows:
        raise Conflict(
            f"no admission indicator set is in force on {day}: the zone office adds one first"
        )
    return in_force([parse_set(r.config) for r in rows], day)
