"""``suigang bench planning``: capable-to-promise and repair latencies on a busy factory.

The demo zone is built in a temporary SQLite file (or the PostgreSQL database given), then a
seeded generator adds work orders for the demo factory's own products until it has the
asked number of open operations. A dispatching plan is made and released, and each round
times, end to end through the service layer (loading, engine, storing, releasing):

* ``promise``: capable-to-promise for one of the factory's RFQs;
* ``machine down``: a breakdown entered by hand on a busy machine, repaired and released;
* ``re-plan``: the peer, a full new dispatching plan of the same factory.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import typer


def register(bench_app: typer.Typer) -> None:
    """Add ``suigang bench planning``."""
    bench_app.command("planning")(planning)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def grow_factory(session, factory_id: uuid.UUID, operations: int, seed: int) -> int:  # type: ignore[no-untyped-def]
    """Add seeded work orders of the factory's products until it has ``operations`` open
    operations (or more: whole work orders are added); returns the open-operation count."""
    from sqlalchemy import func, select

    from suigang.db import utcnow
    from suigang.domains.catalog.models import Product
    from suigang.domains.production.models import (
        Operation,
        OperationStatus,
        WorkOrder,
        WorkOrderStatus,
    )
    from suigang.domains.production.service import routing_operations

    rng = random.Random(seed)
    open_wo = (WorkOrderStatus.PLANNED, WorkOrderStatus.RELEASED)

    def count() -> int:
        return (
            session.scalar(
                select(func.count())
                .select_from(Operation)
                .join(WorkOrder)
                .where(
                    WorkOrder.factory_id == factory_id,
                    WorkOrder.status.in_(open_wo),
                    Operation.status != OperationStatus.DONE,
                )
            )
            or 0
        )

    products = [
        p
        for p in session.scalars(
            select(Product).where(Product.enterprise_id == factory_id).order_by(Product.code)
        )
        if p.steps and all(s.machines for s in p.steps)
    ]
    if not products:
        _fail("the factory has no product with a routing on its machines")
    n = count()
    k = 0
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    while n < operations:
        product = rng.choice(products)
        qty = rng.randint(20, 400)
        k += 1
        session.add(
            WorkOrder(
                number=f"WO-BENCH-{seed}-{k:04d}",
                factory_id=factory_id,
                product_id=product.id,
                quantity=qty,
                due_date=now + timedelta(days=rng.randint(7, 60)),
                priority=rng.choice((0, 0, 0, 1)),
                status=WorkOrderStatus.RELEASED,
                operations=routing_operations(product, qty),
            )
        )
        n += len(product.steps)
    session.commit()
    return count()


def planning(
    operations: int = typer.Option(500, help="open operations at the factory"),
    rounds: int = typer.Option(5, help="timed rounds of each measure"),
    seed: int = typer.Option(7, help="seed of the work-order generator"),
    database_url: str = typer.Option("", help="an empty migrated database (default: temp SQLite)"),
) -> None:
    """Time capable-to-promise and machine-down repair against a full re-plan."""
    from sqlalchemy import func, select

    from suigang.bench._machine import machine_line
    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory
    from suigang.demo.build import build_demo
    from suigang.domains.identity.models import Role, User
    from suigang.domains.identity.service import actor_for_user
    from suigang.domains.orders.models import RFQ, RFQRecipient
    from suigang.domains.planning import service
    from suigang.domains.planning.models import ScheduledOperation
    from suigang.domains.production.models import WorkOrder
    from suigang.migrations import upgrade

    if operations < 1 or rounds < 1:
        _fail(f"--operations and --rounds must be >= 1, got {operations} and {rounds}")
    tmp = tempfile.TemporaryDirectory()
    url = database_url or f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    upgrade(url)
    engine = make_engine(Settings(), url=url)
    sessions = make_session_factory(engine)
    typer.echo(machine_line())
    with sessions() as s:
        build_demo(s, password="bench-password")
        factory_id = s.execute(
            select(WorkOrder.factory_id, func.count())
            .group_by(WorkOrder.factory_id)
            .order_by(func.count().desc())
        ).first()[0]
        n = grow_factory(s, factory_id, operations, seed)
        user = s.scalar(
            select(User).where(User.enterprise_id == factory_id, User.role == Role.ADMIN)
        )
        actor = actor_for_user(user)
        rfq = s.scalar(
            select(RFQ).join(RFQRecipient).where(RFQRecipient.factory_id == factory_id).limit(1)
        )
        product = None
        from suigang.domains.catalog.models import Product

        product = s.scalar(
            select(Product).where(Product.enterprise_id == factory_id).order_by(Product.code)
        )
        t = time.perf_counter()
        first = service.make_plan(s, actor=actor)
        service.release_plan(s, actor=actor, plan_id=first.id, version=first.version)
        typer.echo(
            f"database {url.split(':', 1)[0]}, {n} open operations, "
            f"{first.objective['work_orders']} work orders, first plan and release "
            f"{time.perf_counter() - t:.2f} s (includes one-time compilation)"
        )
        times: dict[str, list[float]] = {"promise": [], "machine down": [], "re-plan": []}
        rng = random.Random(seed)

        def timed(name: str, work: Callable[[], object]) -> object:
            t0 = time.perf_counter()
            out = work()
            times[name].append(time.perf_counter() - t0)
            return out

        moved: list[int] = []
        for _ in range(rounds):
            timed(
                "promise",
                lambda: service.promise_date(s, actor=actor, rfq_id=rfq.id, product_id=product.id),
            )
            current = service.current_version(s, factory_id)
            assert current is not None
            busy = sorted(
                {
                    r.machine_id
                    for r in s.scalars(
                        select(ScheduledOperation).where(
                            ScheduledOperation.version_id == current.id
                        )
                    )
                },
                key=str,
            )
            machine = rng.choice(busy)
            version = timed(
                "machine down",
                lambda m=machine: service.report_machine_down(s, actor=actor, machine_id=m),
            )
            moved.append(len(version.moved) if version is not None else 0)
            timed("re-plan", lambda: service.make_plan(s, actor=actor))
    engine.dispose()
    tmp.cleanup()
    med = {k: statistics.median(v) for k, v in times.items()}
    typer.echo(f"{rounds} rounds, median s (min–max):")
    for name, values in times.items():
        typer.echo(f"  {name:<13}{med[name]:8.3f}  ({min(values):.3f}–{max(values):.3f})")
    typer.echo(
        f"  operations moved per machine-down repair: {statistics.median(moved):.0f} (median)"
    )
    typer.echo(
        f"  ratios: re-plan/promise {med['re-plan'] / med['promise']:.1f}, "
        f"re-plan/machine down {med['re-plan'] / med['machine down']:.1f}"
    )
