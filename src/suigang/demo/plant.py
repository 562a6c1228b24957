"""Firms, users, shop floors and catalogues of the demo zone, as unsaved ORM objects."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from suigang.demo.firms import ALL_FIRMS, DEMO_FACTORY, FACTORIES, FirmSpec
from suigang.demo.parts import FAMILIES, PARTS, REQUIRED_CERTIFICATION, PartSpec
from suigang.demo.vocab import CERTIFICATIONS, MACHINE_TYPES, MATERIALS, PROCESSES, Term
from suigang.domains.catalog.models import (
    BomLine,
    Capability,
    CapabilityCategory,
    Machine,
    MachineStatus,
    Product,
    RoutingStep,
    Site,
    WorkCenter,
)
from suigang.domains.identity.models import Enterprise, User

MS = Decimal("0.001")


def demo_namespace(seed: int) -> uuid.UUID:
    """The UUID namespace of one demo seed: every demo id is ``uuid5`` of it and a key."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://suigang.demo/seed/{seed}")


@dataclass
class Plant:
    """Everything built so far, with look-ups the order history needs."""

    ns: uuid.UUID
    epoch: datetime
    rng: random.Random
    objects: dict[str, list[object]] = field(default_factory=dict)  # kind -> new rows
    firms: dict[str, Enterprise] = field(default_factory=dict)
    users: dict[str, list[User]] = field(default_factory=dict)  # firm key -> users
    machines: dict[str, list[Machine]] = field(default_factory=dict)  # factory key -> machines
    products: dict[tuple[str, str], Product] = field(default_factory=dict)  # (factory, part)
    qualified: dict[str, tuple[str, ...]] = field(default_factory=dict)  # part -> factories
    # routing steps by product id, kept beside the ORM objects so nothing is lazy-loaded
    steps: dict[uuid.UUID, list[RoutingStep]] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)

    def uid(self, *key: object) -> uuid.UUID:
        return uuid.uuid5(self.ns, "/".join(str(k) for k in key))

    def add(self, kind: str, *objs: object) -> None:
        self.objects.setdefault(kind, []).extend(objs)
        self.counts[kind] += len(objs)


def build_firms(plant: Plant, *, password_hash: str) -> None:
    """Enterprises and their users; every demo user shares the one demo password hash."""
    for i, spec in enumerate(ALL_FIRMS):
        created = plant.epoch - timedelta(days=720 - 7 * i)
        ent = Enterprise(
            id=plant.uid("enterprise", spec.key),
            kind=spec.kind,
            name_en=spec.name_en,
            name_zh_hans=spec.name_zh_hans,
            name_zh_hant=spec.name_zh_hant,
            region=spec.region,
            address=spec.address,
            description=spec.description,
            hk_invested=spec.hk_invested,
            created_at=created,
            version=1,
        )
        plant.firms[spec.key] = ent
        plant.add("firms", ent)
        users = [
            User(
                id=plant.uid("user", u.email),
                email=u.email,
                full_name=u.full_name,
                password_hash=password_hash,
                enterprise_id=ent.id,
                role=u.role,
                language=u.language,
                active=True,
                created_at=created + timedelta(hours=2 + j),
            )
            for j, u in enumerate(spec.users)
        ]
        plant.users[spec.key] = users
        plant.add("users", *users)


def _capability(
    plant: Plant, firm: str, category: CapabilityCategory, term: Term, details: str
) -> Capability:
    return Capability(
        id=plant.uid("capability", firm, category.value, term.code),
        enterprise_id=plant.firms[firm].id,
        category=category,
        code=term.code,
        name_en=term.en,
        name_zh_hans=term.zh_hans,
        name_zh_hant=term.zh_hant,
        details=details,
    )


def build_shop_floors(plant: Plant) -> None:
    """A site, work centers, machines on Sparkplug, and published capabilities per factory."""
    for spec in FACTORIES:
        ent = plant.firms[spec.key]
        site = Site(
            id=plant.uid("site", spec.key),
            enterprise_id=ent.id,
            code=spec.key,
            name=f"{spec.name_en} — plant",
            address=spec.address,
        )
        plant.add("sites", site)
        numbers: Counter[str] = Counter()
        machines: list[Machine] = []
        for wc_spec in spec.work_centers:
            wc = WorkCenter(
                id=plant.uid("work_center", spec.key, wc_spec.code),
                enterprise_id=ent.id,
                site_id=site.id,
                code=wc_spec.code,
                name=wc_spec.name,
            )
            plant.add("work_centers", wc)
            for type_key, count in wc_spec.machines:
                mtype = MACHINE_TYPES[type_key]
                for _ in range(count):
                    numbers[mtype.prefix] += 1
                    code = f"{mtype.prefix}-{numbers[mtype.prefix]:02d}"
                    # the demo factory keeps every machine running, so its load can be planned
                    down = spec.key != DEMO_FACTORY and plant.rng.random() < 0.05
                    machine = Machine(
                        id=plant.uid("machine", spec.key, code),
                        enterprise_id=ent.id,
                        work_center_id=wc.id,
                        code=code,
                        name=f"{mtype.label} {code}",
                        kind=mtype.kind,
                        status=MachineStatus.MAINTENANCE if down else MachineStatus.IN_SERVICE,
                        capabilities=list(mtype.processes),
                        sparkplug_group=spec.key,
                        sparkplug_node=wc_spec.code,
                        sparkplug_device=code,
                        created_at=ent.created_at + timedelta(days=30),
                        version=1,
                    )
                    machines.append(machine)
        plant.machines[spec.key] = machines
        plant.add("machines", *machines)
        _publish_capabilities(plant, spec, machines)


def _publish_capabilities(plant: Plant, spec: FirmSpec, machines: list[Machine]) -> None:
    per_process = Counter(p for m in machines for p in m.capabilities)
    caps = [
        _capability(
            plant, spec.key, CapabilityCategory.PROCESS, term, f"{per_process[code]} machine(s)"
        )
        for code, term in PROCESSES.items()
        if per_process[code]
    ]
    caps += [
        _capability(plant, spec.key, CapabilityCategory.MATERIAL, MATERIALS[code], "")
        for code in spec.materials
    ]
    caps += [
        _capability(
            plant,
            spec.key,
            CapabilityCategory.CERTIFICATION,
            CERTIFICATIONS[code],
            f"Scope: {spec.description}",
        )
        for code in spec.certifications
    ]
    plant.add("capabilities", *caps)


def capable_machines(machines: list[Machine], process: str) -> list[Machine]:
    return [m for m in machines if process in m.capabilities]


def supports(machines: list[Machine], family: str) -> bool:
    """True when the factory has a machine for every process of the family's routing."""
    return all(capable_machines(machines, s.process) for s in FAMILIES[family])


def able_factories(plant: Plant, part: PartSpec) -> list[str]:
    """Factories with machines for the part's routing, its material and any certification
    its owner requires."""
    cert = REQUIRED_CERTIFICATION.get(part.owner)
    return [
        f.key
        for f in FACTORIES
        if supports(plant.machines[f.key], part.family)
        and part.material in f.materials
        and (cert is None or cert in f.certifications)
    ]


def qualify(plant: Plant) -> None:
    """For each part, the two or three factories its owner asks for quotes.

    Factories with more machines for the family's first process are likelier picks, as a
    front shop goes to the factories known for that work. Every factory gets some part.
    """
    for part in PARTS:
        first = FAMILIES[part.family][0].process
        able = able_factories(plant, part)
        if not able:  # the catalogue and the firms are data of this package: keep them fit
            raise RuntimeError(f"no demo factory can make {part.code}")
        keyed = sorted(
            able,
            key=lambda k: -len(capable_machines(plant.machines[k], first)) * plant.rng.random(),
        )
        plant.qualified[part.code] = tuple(keyed[:3])
    for spec in FACTORIES:
        if any(spec.key in q for q in plant.qualified.values()):
            continue
        for part in PARTS:
            if spec.key in able_factories(plant, part):
                plant.qualified[part.code] += (spec.key,)
                break
        else:
            raise RuntimeError(f"demo factory {spec.key} can make no part of the catalogue")


def build_catalogue(plant: Plant) -> None:
    """One product per qualified (factory, part), its routing on the factory's machines."""
    qualify(plant)
    for part in PARTS:
        for factory in plant.qualified[part.code]:
            plant.products[(factory, part.code)] = _product(plant, factory, part)
    for part in PARTS:  # bills of material refer to products made at the same factory
        for factory in plant.qualified[part.code]:
            product = plant.products[(factory, part.code)]
            lines = []
            for n, b in enumerate(part.bom):
                component = plant.products.get((factory, b.component_code))
                lines.append(
                    BomLine(
                        id=plant.uid("bom", factory, part.code, n),
                        product_id=product.id,
                        component_code=b.component_code,
                        component_product_id=component.id if component else None,
                        quantity=Decimal(b.quantity),
                    )
                )
            plant.add("bom_lines", *lines)


def _product(plant: Plant, factory: str, part: PartSpec) -> Product:
    ent = plant.firms[factory]
    owner = plant.firms[part.owner]
    product_id = plant.uid("product", factory, part.code)
    # each factory is a little faster or slower than the routing's nominal times
    speed = Decimal(plant.rng.randint(85, 120)) / 100
    product = Product(
        id=product_id,
        enterprise_id=ent.id,
        code=part.code,
        name=part.name_en,
        description=(
            f"{part.name_zh_hans} / {part.name_zh_hant}. Material: {MATERIALS[part.material].en}."
            f" Customer: {owner.name_en}"
        ),
        unit="pcs",
        created_at=plant.epoch - timedelta(days=400 - plant.rng.randint(0, 60)),
        version=1,
    )
    machines = plant.machines[factory]
    steps = []
    for seq, step in enumerate(FAMILIES[part.family], start=1):
        eligible = sorted(capable_machines(machines, step.process), key=lambda m: m.code)
        home = Counter(m.work_center_id for m in eligible).most_common(1)[0][0]
        rs = RoutingStep(
            id=plant.uid("routing_step", factory, part.code, seq),
            product_id=product_id,
            seq=seq * 10,
            name=step.name,
            work_center_id=home,
            setup_s=round(step.setup_s * float(speed) / 60) * 60,
            run_s_per_unit=(Decimal(step.run_s) * speed).quantize(MS),
        )
        rs.machines = eligible
        steps.append(rs)
    plant.add("products", product)
    plant.add("routing_steps", *steps)
    plant.steps[product_id] = steps
    return product
