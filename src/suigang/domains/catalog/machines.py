"""Use cases of a factory's shop floor: sites, work centers and machines."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.catalog.io import validated
from suigang.domains.catalog.models import (
    MACHINE_BACK_IN_SERVICE,
    MACHINE_OUT_OF_SERVICE,
    Machine,
    MachineKind,
    MachineStatus,
    Product,
    Site,
    WorkCenter,
)
from suigang.domains.catalog.schemas import (
    MachineCreate,
    MachineUpdate,
    SiteCreate,
    WorkCenterCreate,
    check_machine_fields,
)
from suigang.domains.common import check_page, choice, owned_by, page
from suigang.domains.common import flush_checked as flush
from suigang.domains.events.service import emit
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import audit, get_visible, require
from suigang.domains.lifecycle import check_version
from suigang.errors import Conflict, InvalidInput

# -- sites and work centers ----------------------------------------------------------------


def create_site(session: Session, *, actor: Actor, code: str, name: str, address: str = "") -> Site:
    """A site (plant) of the actor's factory."""
    require(actor, "machine:write")
    data = validated(SiteCreate, code=code, name=name, address=address)
    if session.scalar(
        select(Site.id).where(Site.enterprise_id == actor.enterprise_id, Site.code == data.code)
    ):
        raise Conflict(f"site {data.code} exists already")
    site = Site(enterprise_id=actor.enterprise_id, **data.model_dump())
    session.add(site)
    flush(session, f"site {data.code}")
    audit(session, actor, "site.created", "site", site.id, code=site.code)
    session.commit()
    return site


def work_center_by_code(session: Session, enterprise_id: uuid.UUID, code: str) -> WorkCenter | None:
    return session.scalar(
        select(WorkCenter).where(WorkCenter.enterprise_id == enterprise_id, WorkCenter.code == code)
    )


def create_work_center(
    session: Session, *, actor: Actor, code: str, name: str, site_code: str | None = None
) -> WorkCenter:
    """A work center of the actor's factory, optionally at one of its sites."""
    require(actor, "machine:write")
    data = validated(WorkCenterCreate, code=code, name=name, site_code=site_code)
    if work_center_by_code(session, actor.enterprise_id, data.code) is not None:
        raise Conflict(f"work center {data.code} exists already")
    site_id = None
    if data.site_code:
        site_id = session.scalar(
            select(Site.id).where(
                Site.enterprise_id == actor.enterprise_id, Site.code == data.site_code
            )
        )
        if site_id is None:
            raise InvalidInput(f"site_code {data.site_code!r} is not a site of this factory")
    wc = WorkCenter(
        enterprise_id=actor.enterprise_id, code=data.code, name=data.name, site_id=site_id
    )
    session.add(wc)
    flush(session, f"work center {data.code}")
    audit(session, actor, "work_center.created", "work_center", wc.id, code=wc.code)
    session.commit()
    return wc


def list_work_centers(session: Session, *, actor: Actor) -> list[WorkCenter]:
    """The work centers of the actor's own factory (none for other kinds of firm)."""
    if not can(actor, "machine:read", owned_by(actor.enterprise_id)):
        return []
    rows = session.scalars(
        select(WorkCenter)
        .where(WorkCenter.enterprise_id == actor.enterprise_id)
        .order_by(WorkCenter.code)
    )
    return list(rows)


# -- machines ------------------------------------------------------------------------------


def machine_by_code(session: Session, enterprise_id: uuid.UUID, code: str) -> Machine | None:
    return session.scalar(
        select(Machine).where(Machine.enterprise_id == enterprise_id, Machine.code == code)
    )


def own_address_holder(
    session: Session,
    enterprise_id: uuid.UUID,
    address: tuple[str | None, str | None, str | None],
    exclude: uuid.UUID | None,
) -> str | None:
    """The code of another machine *of this firm* that has this Sparkplug address, or None.

    Other firms' machines are not looked at: a refusal must not tell that an address is in
    use elsewhere. When two firms name one address, the machine that took it first holds it
    (``Machine.address_since``) and receives its telemetry; the other receives none until
    the address is free.
    """
    if not all(address):
        return None
    query = select(Machine.code).where(
        Machine.enterprise_id == enterprise_id,
        Machine.sparkplug_group == address[0],
        Machine.sparkplug_node == address[1],
        Machine.sparkplug_device == address[2],
    )
    if exclude is not None:
        query = query.where(Machine.id != exclude)
    return session.scalar(query.limit(1))


def address_taken(address: tuple[str | None, str | None, str | None], code: str) -> Conflict:
    return Conflict(
        f"Sparkplug address {'/'.join(map(str, address))} is used by your machine {code}"
    )


def resolve_work_center(
    session: Session, enterprise_id: uuid.UUID, code: str | None
) -> WorkCenter | None:
    """This factory's work center ``code`` (None for None or ""), else InvalidInput."""
    if not code:
        return None
    wc = work_center_by_code(session, enterprise_id, code)
    if wc is None:
        raise InvalidInput(f"work_center_code {code!r} is not a work center of this factory")
    return wc


def change_status(
    session: Session, actor: Actor, machine: Machine, status: MachineStatus, reason: str
) -> bool:
    """Set the status; leaving or re-entering service emits its outbox event."""
    old = MachineStatus(machine.status)
    if old is status:
        return False
    machine.status = status
    kind = None
    if old is MachineStatus.IN_SERVICE:
        kind = MACHINE_OUT_OF_SERVICE
    elif status is MachineStatus.IN_SERVICE:
        kind = MACHINE_BACK_IN_SERVICE
    if kind is not None:
        emit(
            session,
            kind=kind,
            enterprise_id=machine.enterprise_id,
            subject_id=machine.id,
            code=machine.code,
            status=status.value,
            previous=old.value,
            reason=reason,
        )
    audit(
        session,
        actor,
        "machine.status_changed",
        "machine",
        machine.id,
        previous=old.value,
        status=status.value,
        reason=reason,
    )
    return True


def create_machine(session: Session, *, actor: Actor, data: MachineCreate) -> Machine:
    """A machine of the actor's factory."""
    require(actor, "machine:write")
    if machine_by_code(session, actor.enterprise_id, data.code) is not None:
        raise Conflict(f"machine {data.code} exists already")
    wc = resolve_work_center(session, actor.enterprise_id, data.work_center_code)
    address = (data.sparkplug_group, data.sparkplug_node, data.sparkplug_device)
    holder = own_address_holder(session, actor.enterprise_id, address, None)
    if holder is not None:
        raise address_taken(address, holder)
    machine = Machine(
        enterprise_id=actor.enterprise_id,
        work_center=wc,
        address_since=utcnow() if all(address) else None,
        **data.model_dump(exclude={"work_center_code"}),
    )
    session.add(machine)
    flush(session, f"machine {data.code}")
    audit(session, actor, "machine.created", "machine", machine.id, code=machine.code)
    session.commit()
    return machine


def list_machines(
    session: Session,
    *,
    actor: Actor,
    offset: int = 0,
    limit: int = 50,
    status: MachineStatus | str | None = None,
    kind: MachineKind | str | None = None,
) -> tuple[list[Machine], int]:
    """A page of the actor's own factory's machines by code, and the total count."""
    check_page(offset, limit)
    query = select(Machine).where(Machine.enterprise_id == actor.enterprise_id)
    if status is not None:
        query = query.where(Machine.status == choice(MachineStatus, status, "status"))
    if kind is not None:
        query = query.where(Machine.kind == choice(MachineKind, kind, "kind"))
    if not can(actor, "machine:read", owned_by(actor.enterprise_id)):
        return [], 0
    return page(session, query, Machine.code, offset=offset, limit=limit)


def get_machine(session: Session, *, actor: Actor, machine_id: uuid.UUID) -> Machine:
    """One machine; ``NotFound`` also when it is another firm's (ids cannot be probed)."""
    return get_visible(
        session, Machine, machine_id, actor=actor, permission="machine:read", kind="machine"
    )


def audit_update(
    session: Session,
    actor: Actor,
    kind: str,
    row: Machine | Product,
    changed: list[str],
    **details: Any,
) -> None:
    """Audit ``<kind>.updated`` of a machine or product, naming the fields that changed."""
    audit(
        session, actor, f"{kind}.updated", kind, row.id, code=row.code, fields=",".join(changed),
        **details,
    )  # fmt: skip


def apply_machine_fields(
    session: Session,
    machine: Machine,
    values: dict[str, Any],
    *,
    work_centers: Mapping[str, WorkCenter] | None = None,
) -> list[str]:
    """Set the given fields; returns the names that changed.

    ``work_center_code`` is looked up in ``work_centers`` when given (imports load them
    once), else in the database.
    """
    changed: list[str] = []
    values = dict(values)
    if "work_center_code" in values:
        code = values.pop("work_center_code")
        if work_centers is not None:
            wc = work_centers[code] if code else None
        else:  # resolved before any attribute is set, so its query cannot flush half a change
            wc = resolve_work_center(session, machine.enterprise_id, code)
        wc_id = wc.id if wc is not None else None
        if wc_id != machine.work_center_id:
            machine.work_center_id = wc_id
            machine.work_center = wc
            changed.append("work_center_code")
    for name, value in values.items():
        if getattr(machine, name) != value:
            setattr(machine, name, value)
            changed.append(name)
    if set(changed) & {"sparkplug_group", "sparkplug_node", "sparkplug_device"}:
        # a new address: telemetry under it is this machine's from now on, not before
        machine.address_since = utcnow() if machine.sparkplug_address else None
    return changed


def update_machine(
    session: Session, *, actor: Actor, machine_id: uuid.UUID, data: MachineUpdate
) -> Machine:
    """Change a machine's fields; a stale ``version`` is a ``Conflict``."""
    machine = get_machine(session, actor=actor, machine_id=machine_id)
    require(actor, "machine:write", machine)
    check_version("machine", machine.code, data.version, machine.version)
    values = data.model_dump(exclude_unset=True, exclude={"version"})
    for key in ("sparkplug_group", "sparkplug_node", "sparkplug_device", "opcua_endpoint"):
        if key in values:
            values[key] = (values[key] or "").strip() or None
    new_code = values.get("code")
    if (
        new_code
        and new_code != machine.code
        and machine_by_code(session, machine.enterprise_id, new_code)
    ):
        raise Conflict(f"machine {values['code']} exists already")
    for key in ("code", "name", "kind", "capabilities"):
        if key in values and values[key] is None:
            raise InvalidInput(f"{key} must not be null")
    merged = {
        k: values.get(k, getattr(machine, k))
        for k in ("sparkplug_group", "sparkplug_node", "sparkplug_device", "opcua_endpoint")
    }
    try:
        check_machine_fields(merged)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    address = (merged["sparkplug_group"], merged["sparkplug_node"], merged["sparkplug_device"])
    holder = own_address_holder(session, machine.enterprise_id, address, machine.id)
    if holder is not None:
        raise address_taken(address, holder)
    changed = apply_machine_fields(session, machine, values)
    if changed:
        flush(session, f"machine {machine.code}")
        audit_update(session, actor, "machine", machine, changed)
        session.commit()
    return machine


def set_machine_status(
    session: Session,
    *,
    actor: Actor,
    machine_id: uuid.UUID,
    status: MachineStatus | str,
    reason: str = "",
) -> Machine:
    """Take a machine out of service, into maintenance, or back into service.

    Leaving service emits ``machine.out_of_service``, returning ``machine.back_in_service``
    (planning reschedules on them); setting the status it already has changes nothing.
    """
    new = choice(MachineStatus, status, "status")
    machine = get_machine(session, actor=actor, machine_id=machine_id)
    require(actor, "machine:write", machine)
    if change_status(session, actor, machine, new, reason):
        flush(session, f"machine {machine.code}")
        session.commit()
    return machine
