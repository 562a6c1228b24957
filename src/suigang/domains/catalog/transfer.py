"""Use cases that move machines and products in and out of spreadsheets.

An import is all or nothing: every row is parsed and checked against the stored data
first; one bad row rejects the file with ``ImportRejected`` listing each bad row, and
nothing is written. Existing codes are updated, new ones created, and rows equal to the
stored record leave it (and its version) untouched.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.config import Limits
from suigang.db import utcnow
from suigang.domains.catalog.io import (
    MACHINE_COLUMNS,
    Format,
    ImportRejected,
    MachineRow,
    machine_rows,
    parse_machines,
    write_table,
)
from suigang.domains.catalog.machines import (
    apply_machine_fields,
    audit_update,
    change_status,
)
from suigang.domains.catalog.models import Machine, Product, WorkCenter
from suigang.domains.catalog.product_io import PRODUCT_COLUMNS, parse_products, product_rows
from suigang.domains.catalog.products import (
    Lookup,
    ResolvedStep,
    change_product,
    link_components,
    new_product,
    resolve_steps,
)
from suigang.domains.catalog.schemas import ImportReport, RowError
from suigang.domains.common import flush_checked as flush
from suigang.domains.common import owned_by
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import audit, require
from suigang.domains.limits import default_limits
from suigang.errors import InvalidInput

_SPARKPLUG = ("sparkplug_group", "sparkplug_node", "sparkplug_device")
_MACHINE_OPTIONAL = ("work_center_code", "capabilities", *_SPARKPLUG, "opcua_endpoint")

Address = tuple[str | None, str | None, str | None]


def _check_format(fmt: str) -> Format:
    if fmt == "csv":
        return "csv"
    if fmt == "xlsx":
        return "xlsx"
    raise InvalidInput(f"format {fmt!r} is neither csv nor xlsx")


# -- machines ------------------------------------------------------------------------------


def _machine_row_errors(
    session: Session, actor: Actor, rows: list[MachineRow], existing: dict[str, Machine]
) -> list[RowError]:
    in_file = {r.data.code for r in rows}
    # addresses that stay with this firm's machines the file does not name (other firms'
    # machines are not looked at: a refusal must not tell an address is used elsewhere)
    taken: dict[Address, str] = {}
    addresses = session.execute(
        select(
            Machine.code,
            Machine.sparkplug_group,
            Machine.sparkplug_node,
            Machine.sparkplug_device,
        ).where(Machine.enterprise_id == actor.enterprise_id, Machine.sparkplug_device.is_not(None))
    )
    for code, group, node, device in addresses:
        if code not in in_file:
            taken[(group, node, device)] = code
    used: dict[Address, int] = {}
    errors: list[RowError] = []
    for row in rows:
        data, reasons = row.data, []
        old = existing.get(data.code)
        if old is not None and not set(_SPARKPLUG) & row.given:
            address: Address = (old.sparkplug_group, old.sparkplug_node, old.sparkplug_device)
        else:
            address = (data.sparkplug_group, data.sparkplug_node, data.sparkplug_device)
        if all(address):
            text = "/".join(str(a) for a in address)
            if address in taken:
                reasons.append(f"Sparkplug address {text} is used by your machine {taken[address]}")
            elif address in used:
                reasons.append(f"Sparkplug address {text} is also on line {used[address]}")
            else:
                used[address] = row.line
        if reasons:
            errors.append(RowError(line=row.line, reason="; ".join(reasons)))
    return errors


def import_machines(
    session: Session, *, actor: Actor, filename: str, content: bytes, limits: Limits | None = None
) -> ImportReport:
    """Create or update the actor's machines from a CSV or XLSX file (all or nothing)."""
    require(actor, "machine:write")
    limits = limits or default_limits()
    work_centers = {
        wc.code: wc
        for wc in session.scalars(
            select(WorkCenter).where(WorkCenter.enterprise_id == actor.enterprise_id)
        )
    }
    rows, errors = parse_machines(filename, content, work_centers=work_centers, limits=limits)
    existing = {
        m.code: m
        for m in session.scalars(
            select(Machine).where(Machine.enterprise_id == actor.enterprise_id)
        )
    }
    errors += _machine_row_errors(session, actor, rows, existing)
    if errors:
        raise ImportRejected(filename, errors, max_listed=limits.max_errors)
    report = ImportReport()
    for row in rows:
        data = row.data
        machine = existing.get(data.code)
        if machine is None:
            values = data.model_dump(exclude={"work_center_code"})
            wc = work_centers.get(data.work_center_code or "")
            machine = Machine(
                id=uuid.uuid4(),  # known now, so that no flush per row is needed
                enterprise_id=actor.enterprise_id,
                work_center=wc,
                work_center_id=wc.id if wc else None,
                address_since=utcnow() if data.sparkplug_device else None,
                **values,
            )
            session.add(machine)
            audit(
                session,
                actor,
                "machine.created",
                "machine",
                machine.id,
                code=data.code,
                source=filename,
            )
            report.created += 1
            continue
        fields = {"name": data.name, "kind": data.kind}
        fields |= {k: getattr(data, k) for k in _MACHINE_OPTIONAL if k in row.given}
        changed = apply_machine_fields(session, machine, fields, work_centers=work_centers)
        if row.status_given and change_status(
            session, actor, machine, data.status, f"import of {filename}"
        ):
            changed.append("status")
        if changed:
            audit_update(session, actor, "machine", machine, changed, source=filename)
            report.updated += 1
        else:
            report.unchanged += 1
    flush(session, f"import of {filename}")
    session.commit()
    return report


def export_machines(session: Session, *, actor: Actor, fmt: str) -> bytes:
    """The actor's machines as a CSV or XLSX file that ``import_machines`` reads back."""
    require(actor, "machine:read", owned_by(actor.enterprise_id))
    machines = session.scalars(select(Machine).where(Machine.enterprise_id == actor.enterprise_id))
    ordered = sorted(machines, key=lambda m: m.code)  # code-point order under any collation
    return write_table(_check_format(fmt), "machines", MACHINE_COLUMNS, machine_rows(ordered))


# -- products ------------------------------------------------------------------------------


def import_products(
    session: Session, *, actor: Actor, filename: str, content: bytes, limits: Limits | None = None
) -> ImportReport:
    """Create or update products, routings and BOMs from a file (one row per step)."""
    require(actor, "product:write")
    limits = limits or default_limits()
    lookup = Lookup(session, actor.enterprise_id)
    parsed, errors = parse_products(
        filename,
        content,
        work_centers=lookup.work_centers,
        machines=lookup.machines,
        limits=limits,
    )
    if errors:
        raise ImportRejected(filename, errors, max_listed=limits.max_errors)
    resolved: dict[str, list[ResolvedStep]] = {}
    for group in parsed.products:
        resolved[group.code] = resolve_steps(lookup, group.steps)
    existing = {
        p.code: p
        for p in session.scalars(
            select(Product).where(Product.enterprise_id == actor.enterprise_id)
        )
    }
    report = ImportReport()
    touched: list[Product] = []
    for group in parsed.products:
        data = group.data
        assert data is not None  # None only beside a row error, which rejected the file
        product = existing.get(data.code)
        if product is None:
            product = new_product(session, actor, data, resolved[data.code])
            touched.append(product)
            audit(
                session,
                actor,
                "product.created",
                "product",
                product.id,
                code=data.code,
                source=filename,
            )
            report.created += 1
            continue
        values = {"name": data.name}
        values |= {k: getattr(data, k) for k in ("unit", "description") if k in parsed.given}
        bom = data.bom if "bom" in parsed.given else None
        changed = change_product(session, product, values, resolved[data.code], bom)
        if changed:
            touched.append(product)
            audit_update(session, actor, "product", product, changed, source=filename)
            report.updated += 1
        else:
            report.unchanged += 1
    link_components(session, actor.enterprise_id, touched)
    flush(session, f"import of {filename}")
    session.commit()
    return report


def export_products(session: Session, *, actor: Actor, fmt: str) -> bytes:
    """The actor's products, routings and BOMs, one row per routing step."""
    require(actor, "product:read", owned_by(actor.enterprise_id))
    products = session.scalars(select(Product).where(Product.enterprise_id == actor.enterprise_id))
    ordered = sorted(products, key=lambda p: p.code)
    return write_table(_check_format(fmt), "products", PRODUCT_COLUMNS, product_rows(ordered))
