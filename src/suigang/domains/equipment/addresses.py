"""Which registry machine a reading's address names, and the events of a machine going out
of service and back, in the writing transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suigang.domains.catalog.models import MACHINE_BACK_IN_SERVICE, MACHINE_OUT_OF_SERVICE, Machine
from suigang.domains.events.service import emit

#: Of several machines naming one address, the one that took it first holds it.
HOLDER_ORDER = (func.coalesce(Machine.address_since, Machine.created_at), Machine.id)


def resolve_registered_machine(session: Session, machine_key: str) -> uuid.UUID | None:
    """The registry machine for a key: its Sparkplug ``group/node/device`` (the machine
    holding that address now), or its id."""
    parts = machine_key.split("/")
    if len(parts) == 3:
        found: uuid.UUID | None = session.execute(
            select(Machine.id)
            .where(
                Machine.sparkplug_group == parts[0],
                Machine.sparkplug_node == parts[1],
                Machine.sparkplug_device == parts[2],
            )
            .order_by(*HOLDER_ORDER)
            .limit(1)
        ).scalar_one_or_none()
        return found
    try:
        ident = uuid.UUID(machine_key)
    except ValueError:
        return None
    return ident if session.get(Machine, ident) is not None else None


def resolve_registered_machines(
    session: Session, machine_keys: Sequence[str]
) -> dict[str, uuid.UUID]:
    """:func:`resolve_registered_machine` for many keys at once (Sparkplug addresses only)."""
    groups = sorted({k.split("/")[0] for k in machine_keys if k.count("/") == 2})
    found: dict[str, uuid.UUID] = {}
    if groups:
        rows = session.execute(
            select(
                Machine.id,
                Machine.sparkplug_group,
                Machine.sparkplug_node,
                Machine.sparkplug_device,
            )
            .where(Machine.sparkplug_group.in_(groups))
            .order_by(*HOLDER_ORDER)
        ).all()
        by_address: dict[str, uuid.UUID] = {}
        for row in rows:  # the earliest holder of an address wins
            by_address.setdefault(f"{row[1]}/{row[2]}/{row[3]}", row[0])
        found = {k: by_address[k] for k in machine_keys if k in by_address}
    for key in machine_keys:
        if key.count("/") != 2 and key not in found:
            one = resolve_registered_machine(session, key)
            if one is not None:
                found[key] = one
    return found


def emit_out_of_service(
    session: Session, machine_key: str, machine_id: uuid.UUID | None, since: datetime
) -> None:
    """Outbox event ``machine.out_of_service`` in the writing transaction (planning listens)."""
    _emit_service_change(session, MACHINE_OUT_OF_SERVICE, machine_key, machine_id, since)


def emit_back_in_service(
    session: Session, machine_key: str, machine_id: uuid.UUID | None, since: datetime
) -> None:
    """Outbox event ``machine.back_in_service``: the machine left OutOfService at ``since``."""
    _emit_service_change(session, MACHINE_BACK_IN_SERVICE, machine_key, machine_id, since)


def _emit_service_change(
    session: Session, kind: str, machine_key: str, machine_id: uuid.UUID | None, since: datetime
) -> None:
    enterprise_id = None
    if machine_id is not None:
        machine = session.get(Machine, machine_id)
        enterprise_id = machine.enterprise_id if machine is not None else None
    emit(
        session,
        kind=kind,
        enterprise_id=enterprise_id,
        subject_id=machine_id or machine_key,
        machine_key=machine_key,
        since=since.isoformat(),
    )
