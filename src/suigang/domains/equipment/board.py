"""The machine board: every machine of a factory with its current state and planned cycle,
one read for the API's live stream, the board page and the OEE pages."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.domains.catalog.models import Machine
from suigang.domains.catalog.service import list_machines, planned_unit_times
from suigang.domains.equipment.models import MachineStateInterval
from suigang.domains.identity.permissions import Actor


@dataclass(frozen=True, slots=True)
class BoardMachine:
    """A machine on the board."""

    machine: Machine
    state: MachineStateInterval | None  # the current state; None before it first reports
    pru_s: float | None  # planned run time per unit (routing), None when no routing names it


def current_states(
    session: Session,
    *,
    machine_keys: Sequence[str] | None = None,
    machine_ids: Sequence[uuid.UUID] | None = None,
) -> list[MachineStateInterval]:
    """The open interval (current state) of every machine, or of the given keys or registry
    machines (by id: only intervals stamped with the machine's id, see ``_resolve_filter``)."""
    m = MachineStateInterval
    stmt = select(m).where(m.end.is_(None)).order_by(m.machine_key)
    if machine_keys is not None:
        stmt = stmt.where(m.machine_key.in_(list(machine_keys)))
    if machine_ids is not None:
        stmt = stmt.where(m.machine_id.in_(list(machine_ids)))
    return list(session.execute(stmt).scalars())


def own_machines(session: Session, *, actor: Actor) -> list[Machine]:
    """Every machine of the actor's factory, by code (none without ``machine:read``)."""
    machines: list[Machine] = []
    while True:
        page, total = list_machines(session, actor=actor, offset=len(machines), limit=500)
        machines += page
        if not page or len(machines) >= total:
            return machines


def machine_board(session: Session, *, actor: Actor) -> list[BoardMachine]:
    """Every machine of the actor's factory, by code, with its current state (the latest
    open interval where a machine reported under more than one address) and its PRU."""
    machines = own_machines(session, actor=actor)
    ids = [m.id for m in machines]
    states: dict[uuid.UUID, MachineStateInterval] = {}
    for s in current_states(session, machine_ids=ids) if ids else []:
        if s.machine_id is not None and (
            s.machine_id not in states or s.start > states[s.machine_id].start
        ):
            states[s.machine_id] = s
    pru = {p.machine_id: p.pru_s for p in planned_unit_times(session, machine_ids=ids)}
    return [BoardMachine(m, states.get(m.id), pru.get(m.id)) for m in machines]
