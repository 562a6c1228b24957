"""``build_demo``: fill an empty, migrated database with the demo zone."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.demo.alliance import seed_alliance
from suigang.demo.firms import ALL_FIRMS, DEMO_FACTORY, HEADLINE_EMAILS
from suigang.demo.history import build_history
from suigang.demo.maturity import seed_actual_times, seed_assessments
from suigang.demo.plan import seed_plan
from suigang.demo.plant import (
    Plant,
    build_catalogue,
    build_firms,
    build_shop_floors,
    demo_namespace,
)
from suigang.demo.quality import seed_quality
from suigang.demo.relay import seed_relay
from suigang.demo.standards import seed_standards
from suigang.demo.zone import seed_zone
from suigang.domains.identity.models import Enterprise, Role, User
from suigang.domains.identity.service import hash_password
from suigang.domains.orders.models import OrderStatus
from suigang.domains.production.models import WorkOrderStatus
from suigang.errors import Conflict, InvalidInput

DEFAULT_SEED = 2035  # the year of the zone's target
ZONE_OFFICE_EMAIL = "zone.office@demo.suigang"
INSERT_ORDER = (
    "firms", "users", "sites", "work_centers", "machines", "capabilities", "products",
    "routing_steps", "bom_lines", "rfqs", "recipients", "quotes", "orders", "work_orders",
    "operations", "lots",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """A demo login: e-mail, role and the English name of its firm."""

    email: str
    role: str
    firm: str


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What ``build_demo`` stored, and the accounts to show the person who asked for it."""

    seed: int
    epoch: date  # the day the history is relative to (UTC)
    firms: int
    users: int
    work_centers: int
    machines: int
    capabilities: int
    products: int
    routing_steps: int
    rfqs: int
    quotes: int
    orders: int
    work_orders: int
    operations: int
    lots: int
    orders_by_status: tuple[tuple[str, int], ...]
    demo_factory_open_work_orders: int  # planned or released at the demo factory
    accounts: tuple[DemoAccount, ...]
    relay_projects: int = 0
    crosswalk_rows: int = 0
    crosswalk_from: str = ""  # "shared" (../shared beside the project) or "shipped subset"
    product_requirements: int = 0
    admission_applications: int = 0
    statistics_years: tuple[int, int] | None = None
    support_schemes: int = 0
    alliance_members: int = 0
    supply_links: int = 0
    maturity_assessments: int = 0
    actual_times: int = 0  # the demo factory's operations with their actual times


def demo_accounts() -> tuple[DemoAccount, ...]:
    """The accounts to show: each headline account, then the members of its firm.

    Needs no database, so a caller reusing a demo database built before can list them.
    """
    accounts: list[DemoAccount] = []
    for email in HEADLINE_EMAILS:
        spec = next(f for f in ALL_FIRMS if any(u.email == email for u in f.users))
        accounts += [
            DemoAccount(u.email, u.role.value, spec.name_en)
            for u in spec.users
            if u.email == email or u.role is Role.MEMBER
        ]
    return tuple(accounts)


def demo_present(session: Session) -> bool:
    """True when the database already holds the demo zone (its zone office account)."""
    return session.scalar(select(func.count()).where(User.email == ZONE_OFFICE_EMAIL)) == 1


def build_demo(
    session: Session,
    *,
    password: str,
    seed: int = DEFAULT_SEED,
    now: datetime | None = None,
    progress: Callable[[str], None] | None = None,
    crosswalk: Path | None = None,
    models_dir: Path | None = None,
) -> DemoSummary:
    """Fill an empty, migrated database with the demo zone and commit once.

    The same ``seed`` gives the same ids, names, numbers and quantities; dates are relative
    to ``now`` rounded down to the day (UTC), so a given seed and day give the same
    database. Every demo user has ``password``. The standards crosswalk is ``crosswalk``, else
    the reference table beside the project when present, else the subset the package ships.
    The demo product's vision model is kept in ``models_dir`` (default: beside the database,
    see :func:`suigang.demo.quality.models_dir_for`). Raises ``Conflict`` when the database
    already holds firms, ``InvalidInput`` when the password is too short to log in with.
    """
    if now is not None and now.tzinfo is None:
        raise InvalidInput(f"now {now.isoformat()} must be timezone-aware")
    if len(password) < 8:
        raise InvalidInput("password must have at least 8 characters")
    existing = session.scalar(select(func.count()).select_from(Enterprise)) or 0
    if existing:
        raise Conflict(f"the database holds {existing} enterprises; the demo needs an empty one")
    say = progress or (lambda _message: None)
    moment = (now or utcnow()).astimezone(UTC)
    epoch = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    plant = Plant(ns=demo_namespace(seed), epoch=epoch, rng=random.Random(seed))

    say(f"firms and users ({len(ALL_FIRMS)} firms)")
    # one argon2 hash for the one shared demo password: hashing each user's copy would
    # cost a fifth of a second each and verify exactly the same way
    build_firms(plant, password_hash=hash_password(password))
    say("shop floors: work centers, machines, capabilities")
    build_shop_floors(plant)
    say("products and routings")
    build_catalogue(plant)
    say("order history: RFQs, quotes, orders, work orders, lots")
    build_history(plant)
    say(f"saving {sum(map(len, plant.objects.values()))} records")
    # parents before children: most foreign keys have no ORM relationship to order them by
    for kind in INSERT_ORDER:
        session.add_all(plant.objects.pop(kind, []))
        session.flush()
    if plant.objects:  # a kind without a place in INSERT_ORDER is a bug of this module
        raise RuntimeError(f"demo records of unknown kind: {sorted(plant.objects)}")
    session.commit()
    say("quality records of the demo customer's latest lots")
    seed_quality(session, seed=seed, progress=say, models_dir=models_dir)
    say("the demo factory's plan")
    seed_plan(session, origin=moment)
    say("standards: the crosswalk, product requirements and certifications")
    standards = seed_standards(session, seed=seed, epoch=epoch, crosswalk=crosswalk)
    say("the relay: projects across every leg")
    relay_projects = seed_relay(session, epoch=epoch)
    say("zone steering: admission, eight years of statistics, rates, support schemes")
    zone = seed_zone(session, epoch=epoch, seed=seed)
    say("the alliance: profiles, members, declared supply links")
    alliance_members, supply_links = seed_alliance(session, epoch=epoch)
    say("digital maturity: assessed firms, the demo factory's actual times")
    actual_times = seed_actual_times(session, epoch=moment)
    assessments = seed_assessments(session, seed=seed, epoch=epoch)

    counts = plant.counts
    demo_factory = plant.firms[DEMO_FACTORY].id
    return DemoSummary(
        seed=seed,
        epoch=epoch.date(),
        firms=counts["firms"],
        users=counts["users"],
        work_centers=counts["work_centers"],
        machines=counts["machines"],
        capabilities=counts["capabilities"],
        products=counts["products"],
        routing_steps=counts["routing_steps"],
        rfqs=counts["rfqs"],
        quotes=counts["quotes"],
        orders=counts["orders"],
        work_orders=counts["work_orders"],
        operations=counts["operations"],
        lots=counts["lots"],
        orders_by_status=tuple((s.value, counts[f"orders_{s.value}"]) for s in OrderStatus),
        demo_factory_open_work_orders=sum(
            counts[f"{demo_factory}/{s.value}"]
            for s in (WorkOrderStatus.PLANNED, WorkOrderStatus.RELEASED)
        ),
        accounts=demo_accounts(),
        relay_projects=relay_projects,
        crosswalk_rows=standards.crosswalk_rows if standards else 0,
        crosswalk_from=standards.crosswalk_from if standards else "",
        product_requirements=standards.requirement_rows if standards else 0,
        admission_applications=zone.applications,
        statistics_years=zone.statistics_years,
        support_schemes=zone.schemes,
        alliance_members=alliance_members,
        supply_links=supply_links,
        maturity_assessments=assessments,
        actual_times=actual_times,
    )
