"""What a firm's catalogue says it does, for readers outside the catalogue (the alliance's
profiles): its published capabilities and the kinds of machine it runs, per firm, with a
fingerprint that changes whenever either does."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suigang.domains.catalog.models import Capability, CapabilityCategory, Machine, MachineKind

#: How a machine kind reads in a profile (English; the matching dictionary crosses scripts).
MACHINE_KIND_WORDS: dict[MachineKind, str] = {
    MachineKind.ROBOT_CELL: "robot cell",
    MachineKind.CNC_MACHINING_CENTER: "CNC machining centre",
    MachineKind.CNC_LATHE: "CNC lathe",
    MachineKind.SMT_LINE: "SMT line",
    MachineKind.AOI_STATION: "AOI inspection",
    MachineKind.CMM_STATION: "CMM inspection",
    MachineKind.INJECTION_MOLDING: "injection moulding machine",
    MachineKind.LASER_CUTTER: "laser cutting",
    MachineKind.ASSEMBLY_LINE: "assembly line",
    MachineKind.ADDITIVE: "additive manufacturing",
}


@dataclass(slots=True)
class Published:
    """One firm's catalogue as a profile reads it: names in every script given."""

    processes: list[str] = field(default_factory=list)
    materials: list[str] = field(default_factory=list)
    machines: list[str] = field(default_factory=list)


def _names(cap: Capability) -> list[str]:
    return [n for n in (cap.name_en, cap.name_zh_hans, cap.name_zh_hant) if n]


def published(session: Session, enterprise_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Published]:
    """The published processes and materials (capability names) and machine kinds of each
    firm in ``enterprise_ids`` (public information: capabilities are a directory)."""
    ids = list(enterprise_ids)
    out: dict[uuid.UUID, Published] = defaultdict(Published)
    if not ids:
        return out
    for cap in session.scalars(
        select(Capability)
        .where(Capability.enterprise_id.in_(ids))
        .order_by(Capability.enterprise_id, Capability.code)
    ):
        if cap.category is CapabilityCategory.PROCESS:
            out[cap.enterprise_id].processes.extend(_names(cap))
        elif cap.category is CapabilityCategory.MATERIAL:
            out[cap.enterprise_id].materials.extend(_names(cap))
    kinds = session.execute(
        select(Machine.enterprise_id, Machine.kind)
        .where(Machine.enterprise_id.in_(ids))
        .distinct()
        .order_by(Machine.enterprise_id, Machine.kind)
    )
    for eid, kind in kinds:
        out[eid].machines.append(MACHINE_KIND_WORDS.get(kind, str(kind)))
    return out


def catalogue_fingerprint(session: Session) -> tuple[object, ...]:
    """Changes when any capability or machine is added, removed or changed."""
    caps = session.execute(select(func.count(), func.max(Capability.code))).one()
    machines = session.execute(select(func.count(), func.sum(Machine.version))).one()
    return (*caps, *machines)
