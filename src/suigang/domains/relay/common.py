"""What the relay's use cases share: the configuration, loading a project the actor may see,
firm references, the timeline entry written with each change, and the region of a holder."""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from suigang.domains.evidence.service import Subject
from suigang.domains.identity.models import Enterprise, EnterpriseKind, Region
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import audit, require
from suigang.domains.relay.models import RegionGroup, RelayEvent, RelayProject
from suigang.domains.relay.schemas import FirmRef
from suigang.engines.readiness import RelayConfig, default_config
from suigang.errors import InvalidInput, NotFound

SUBJECT_KIND = "relay_project"


@lru_cache(maxsize=1)
def relay_config() -> RelayConfig:
    """The relay's legs, gates and levels: the configuration shipped with the product."""
    return default_config()


def subject_of(project_id: uuid.UUID) -> Subject:
    return Subject(SUBJECT_KIND, str(project_id))


def region_group(firm: Enterprise) -> RegionGroup:
    if firm.region is Region.HONG_KONG:
        return RegionGroup.HK
    if firm.region in (Region.ZONE_WEST, Region.ZONE_YUNPU, Region.ZONE_COMMUNITY):
        return RegionGroup.ZONE
    return RegionGroup.OTHER


def firm_ref(firm: Enterprise, lang: str) -> FirmRef:
    return FirmRef(id=firm.id, name=firm.name(lang), kind=firm.kind.value, region=firm.region)


def relay_firm(session: Session, enterprise_id: uuid.UUID, what: str) -> Enterprise:
    """A firm that may take part in the relay (any but the zone office)."""
    firm = session.get(Enterprise, enterprise_id)
    if firm is None:
        raise NotFound(f"{what} {enterprise_id} not found")
    if firm.kind is EnterpriseKind.ZONE_OFFICE:
        raise InvalidInput(
            f"{what} {firm.name_en} is the zone office, which takes no part in a relay"
        )
    return firm


def load_project(
    session: Session, *, actor: Actor, project_id: uuid.UUID, permission: str
) -> RelayProject:
    """The project if the actor may see it (else ``NotFound``), then ``permission`` (403).

    Seeing is ``relay_project:read`` for the evidence-bearing permissions and
    ``relay_project:summary`` for reading a summary.
    """
    project = session.get(RelayProject, project_id)
    see = "relay_project:summary" if permission == "relay_project:summary" else "relay_project:read"
    if project is None or not can(actor, see, project):
        raise NotFound(f"relay project {project_id} not found")
    require(actor, permission, project)
    return project


def record(
    session: Session,
    project: RelayProject,
    actor: Actor | None,
    kind: str,
    at: datetime,
    **details: Any,
) -> None:
    """A timeline entry and its audit record, in the use case's transaction."""
    session.add(
        RelayEvent(
            project_id=project.id,
            at=at,
            kind=kind,
            enterprise_id=actor.enterprise_id if actor else None,
            actor_label=actor.label if actor else "system",
            details={k: _plain(v) for k, v in details.items() if v is not None},
        )
    )
    audit(session, actor, f"relay.{kind}", "relay_project", project.id, **details)


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def touch(project: RelayProject, at: datetime, *, moved: bool) -> None:
    """Mark a change (bumping the version, so concurrent changes clash); ``moved`` for a
    change of leg, level or evidence, which restarts the stall clock."""
    project.updated_at = at
    if moved:
        project.last_moved_at = at
