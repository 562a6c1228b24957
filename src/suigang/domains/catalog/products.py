"""Use cases of products: routings (where and how long each step runs) and bills of material."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from suigang.domains.catalog.machines import audit_update
from suigang.domains.catalog.models import BomLine, Machine, Product, RoutingStep, WorkCenter
from suigang.domains.catalog.product_io import unknown_references
from suigang.domains.catalog.schemas import BomLineIn, ProductCreate, ProductUpdate, RoutingStepIn
from suigang.domains.common import check_page, owned_by, page
from suigang.domains.common import flush_checked as flush
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import audit, get_visible, require
from suigang.domains.lifecycle import check_version
from suigang.errors import Conflict, InvalidInput

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ResolvedStep:
    """A routing step whose work center and machines were found in the factory."""

    spec: RoutingStepIn
    work_center: WorkCenter | None
    machines: list[Machine]


class Lookup:
    """The factory's work centers and machines by code, loaded once per use case."""

    def __init__(self, session: Session, enterprise_id: uuid.UUID) -> None:
        self.work_centers = {
            wc.code: wc
            for wc in session.scalars(
                select(WorkCenter).where(WorkCenter.enterprise_id == enterprise_id)
            )
        }
        self.machines = {
            m.code: m
            for m in session.scalars(select(Machine).where(Machine.enterprise_id == enterprise_id))
        }

    def resolve(self, step: RoutingStepIn) -> tuple[ResolvedStep | None, list[str]]:
        """The step with its objects, or the reasons it cannot be resolved."""
        problems = [
            f"step {step.seq}: {p}"
            for p in unknown_references(
                step.work_center_code,
                step.machine_codes,
                work_centers=self.work_centers,
                machines=self.machines,
            )
        ]
        if problems:
            return None, problems
        wc = self.work_centers[step.work_center_code] if step.work_center_code else None
        machines = sorted((self.machines[c] for c in step.machine_codes), key=lambda m: m.code)
        return ResolvedStep(step, wc, machines), []


def resolve_steps(lookup: Lookup, steps: list[RoutingStepIn]) -> list[ResolvedStep]:
    """Every step resolved, or ``InvalidInput`` listing each unresolved one."""
    out: list[ResolvedStep] = []
    problems: list[str] = []
    for step in steps:
        resolved, reasons = lookup.resolve(step)
        problems.extend(reasons)
        if resolved is not None:
            out.append(resolved)
    if problems:
        raise InvalidInput("; ".join(problems))
    return out


def product_by_code(session: Session, enterprise_id: uuid.UUID, code: str) -> Product | None:
    return session.scalar(
        select(Product).where(Product.enterprise_id == enterprise_id, Product.code == code)
    )


def sync_steps(session: Session, product: Product, steps: list[ResolvedStep]) -> bool:
    """Make the routing equal to ``steps``, keeping the ids of steps whose seq stays."""
    wanted = {s.spec.seq: s for s in steps}
    changed = False
    removed = [s for s in product.steps if s.seq not in wanted]
    for step in removed:
        product.steps.remove(step)
        changed = True
    if removed:
        session.flush()  # free their seq numbers before any new step takes one
    existing = {s.seq: s for s in product.steps}
    for seq, res in sorted(wanted.items()):
        spec = res.spec
        row = existing.get(seq)
        if row is None:
            row = RoutingStep(
                seq=seq, name=spec.name, setup_s=spec.setup_s, run_s_per_unit=spec.run_s_per_unit
            )
            product.steps.append(row)
            changed = True
        for attr, value in (
            ("name", spec.name),
            ("setup_s", spec.setup_s),
            ("run_s_per_unit", spec.run_s_per_unit),
        ):
            if getattr(row, attr) != value:
                setattr(row, attr, value)
                changed = True
        wc_id = res.work_center.id if res.work_center else None
        if row.work_center_id != wc_id:
            row.work_center_id = wc_id
            row.work_center = res.work_center
            changed = True
        if {m.id for m in row.machines} != {m.id for m in res.machines}:
            row.machines = list(res.machines)
            changed = True
    product.steps.sort(key=lambda s: s.seq)
    return changed


def sync_bom(product: Product, lines: list[BomLineIn]) -> bool:
    """Make the BOM equal to ``lines`` (in memory; ``link_components`` links them)."""
    wanted = {line.component_code: line.quantity for line in lines}
    changed = False
    for line in list(product.bom):
        if line.component_code not in wanted:
            product.bom.remove(line)
            changed = True
    existing = {line.component_code: line for line in product.bom}
    for code in sorted(wanted):
        found = existing.get(code)
        if found is None:
            product.bom.append(BomLine(component_code=code, quantity=wanted[code]))
            changed = True
        elif found.quantity != wanted[code]:
            found.quantity = wanted[code]
            changed = True
    return changed


def _chunks(values: list[T], size: int = 500) -> Iterator[list[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def link_components(session: Session, enterprise_id: uuid.UUID, products: list[Product]) -> None:
    """Point BOM lines at the firm's products they name, in both directions of ``products``.

    Lines of ``products`` get the ids of the components they name; the firm's other lines
    that name one of ``products`` (or named it before a rename) are pointed at it or unlinked.
    """
    codes = sorted({line.component_code for p in products for line in p.bom})
    ids: dict[str, uuid.UUID] = {}
    for chunk in _chunks(codes):
        rows = session.execute(
            select(Product.code, Product.id).where(
                Product.enterprise_id == enterprise_id, Product.code.in_(chunk)
            )
        )
        ids.update({code: pid for code, pid in rows})
    for p in products:
        for line in p.bom:
            line.component_product_id = ids.get(line.component_code)
    by_code = {p.code: p.id for p in products}
    by_id = set(by_code.values())
    for chunk in _chunks(sorted(by_code)):
        chunk_ids = [by_code[c] for c in chunk]
        lines = session.scalars(
            select(BomLine)
            .join(Product, BomLine.product_id == Product.id)
            .where(
                Product.enterprise_id == enterprise_id,
                or_(
                    BomLine.component_code.in_(chunk),
                    BomLine.component_product_id.in_(chunk_ids),
                ),
            )
        )
        for line in lines:
            if line.component_code in by_code:
                line.component_product_id = by_code[line.component_code]
            elif line.component_product_id in by_id:
                line.component_product_id = None  # the product it named was renamed


def create_product(session: Session, *, actor: Actor, data: ProductCreate) -> Product:
    """A product of the actor's factory with its routing and bill of material."""
    require(actor, "product:write")
    if product_by_code(session, actor.enterprise_id, data.code) is not None:
        raise Conflict(f"product {data.code} exists already")
    steps = resolve_steps(Lookup(session, actor.enterprise_id), data.steps)
    product = new_product(session, actor, data, steps)
    link_components(session, actor.enterprise_id, [product])
    flush(session, f"product {data.code}")
    audit(session, actor, "product.created", "product", product.id, code=product.code)
    session.commit()
    return product


def new_product(
    session: Session, actor: Actor, data: ProductCreate, steps: list[ResolvedStep]
) -> Product:
    """Add a product (the caller links components, audits and commits)."""
    product = Product(
        id=uuid.uuid4(),  # known before the flush, so that the audit can name it
        enterprise_id=actor.enterprise_id,
        code=data.code,
        name=data.name,
        description=data.description,
        unit=data.unit,
    )
    session.add(product)
    sync_steps(session, product, steps)
    sync_bom(product, data.bom)
    return product


def change_product(
    session: Session,
    product: Product,
    values: dict[str, str],
    steps: list[ResolvedStep] | None,
    bom: list[BomLineIn] | None,
) -> list[str]:
    """Apply changes; returns what changed. The version moves once if anything did."""
    changed = [k for k, v in values.items() if getattr(product, k) != v]
    for name in changed:
        setattr(product, name, values[name])
    if steps is not None and sync_steps(session, product, steps):
        changed.append("steps")
    if bom is not None and sync_bom(product, bom):
        changed.append("bom")
    if changed:
        flag_modified(product, "name")  # a routing-only change must also bump the version
    return changed


def list_products(
    session: Session, *, actor: Actor, offset: int = 0, limit: int = 50
) -> tuple[list[Product], int]:
    """A page of the actor's own factory's products by code, and the total count."""
    check_page(offset, limit)
    if not can(actor, "product:read", owned_by(actor.enterprise_id)):
        return [], 0
    query = select(Product).where(Product.enterprise_id == actor.enterprise_id)
    return page(session, query, Product.code, offset=offset, limit=limit)


def get_product(session: Session, *, actor: Actor, product_id: uuid.UUID) -> Product:
    """One product; ``NotFound`` also when it is another firm's."""
    return get_visible(
        session, Product, product_id, actor=actor, permission="product:read", kind="product"
    )


def update_product(
    session: Session, *, actor: Actor, product_id: uuid.UUID, data: ProductUpdate
) -> Product:
    """Change a product; ``steps`` / ``bom`` replace the whole list. Stale version: Conflict."""
    product = get_product(session, actor=actor, product_id=product_id)
    require(actor, "product:write", product)
    check_version("product", product.code, data.version, product.version)
    values = data.model_dump(exclude_unset=True, exclude={"version", "steps", "bom"})
    for key, value in values.items():
        if value is None:
            raise InvalidInput(f"{key} must not be null")
    code = values.get("code", product.code)
    if code != product.code and product_by_code(session, product.enterprise_id, code):
        raise Conflict(f"product {code} exists already")
    if data.bom is not None and any(line.component_code == code for line in data.bom):
        raise InvalidInput(f"product {code} cannot be a component of itself")
    steps = None
    if data.steps is not None:
        steps = resolve_steps(Lookup(session, product.enterprise_id), data.steps)
    changed = change_product(session, product, values, steps, data.bom)
    if changed:
        link_components(session, product.enterprise_id, [product])
        flush(session, f"product {product.code}")
        audit_update(session, actor, "product", product, changed)
        session.commit()
    return product
