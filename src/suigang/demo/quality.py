"""Quality records of a few demo lots, so the customer's view has charts and a certificate.

The demo factory recorded them the way a factory does: an inspection plan for the product,
measurements per lot and images from its AOI station, through the quality use cases (so
they are audited as the factory's own work). Values are drawn from a seeded generator. The
first lot's product has a vision model that scored its images, most of them reviewed
(:mod:`suigang.demo.vision`); without the ``vision`` extra its images carry station verdicts
like the other lots'.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.demo.vision import brushed, png, seed_vision
from suigang.domains.identity.models import User
from suigang.domains.identity.service import actor_for_user
from suigang.domains.orders.models import Lot, Order, OrderStatus
from suigang.domains.quality.measurements import record_measurements
from suigang.domains.quality.models import PlanChart, Verdict
from suigang.domains.quality.plans import create_inspection_plan, plan_for_product
from suigang.domains.quality.schemas import (
    CharacteristicCreate,
    InspectionPlanCreate,
    MeasurementIn,
)
from suigang.domains.quality.visual import post_visual_inspection

FACTORY_EMAIL = "gz.precision@demo.suigang"
CUSTOMER_EMAIL = "hk.design@demo.suigang"
LOTS = 3  # the customer's latest lots from the demo factory
SUBGROUPS = 25
IMAGES = 12


def _texture(rng: np.random.Generator, defect: bool) -> bytes:
    """A brushed-metal patch as PNG; a defective one has a dark scratch."""
    image = brushed(rng)
    if defect:
        cv2.line(image, (10, 20), (80, 70), 60.0, 2)
    return png(image)


def models_dir_for(session: Session) -> Path:
    """Where the server of this demo database looks for vision models:
    ``<data_dir>/vision-models``. ``suigang demo`` keeps its database as
    ``<data_dir>/suigang.db`` unless a database URL is configured, so a SQLite file's folder is
    the data directory; otherwise it is the configured one."""
    from suigang.config import Settings

    settings = Settings()
    url = session.get_bind().engine.url
    if (
        settings.database_url is None
        and url.get_backend_name() == "sqlite"
        and url.database not in (None, "", ":memory:")
    ):
        return Path(str(url.database)).resolve().parent / "vision-models"
    return settings.data_dir / "vision-models"


def seed_quality(
    session: Session,
    *,
    seed: int,
    progress: Callable[[str], None] | None = None,
    models_dir: Path | None = None,
) -> int:
    """Record plans, measurements and visual inspections for the first lot of the demo
    customer's latest orders from the demo factory that are in production or done; returns
    how many lots got quality records. The first lot's product gets a vision model, kept in
    ``models_dir`` (default: :func:`models_dir_for` the session's database)."""
    say = progress or (lambda _m: None)
    factory_user = session.scalar(select(User).where(User.email == FACTORY_EMAIL))
    customer = session.scalar(select(User).where(User.email == CUSTOMER_EMAIL))
    if factory_user is None or customer is None:
        return 0
    actor = actor_for_user(factory_user)
    orders = session.scalars(
        select(Order)
        .where(
            Order.factory_id == factory_user.enterprise_id,
            Order.buyer_id == customer.enterprise_id,
            Order.status.in_(
                [OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.DELIVERED]
            ),
        )
        .order_by(Order.placed_at.desc(), Order.number)
        .limit(LOTS)
    ).all()
    rng = random.Random(seed)
    done = 0
    for order in orders:
        lot = session.scalar(select(Lot).where(Lot.order_id == order.id).order_by(Lot.number))
        if lot is None:
            continue
        say(f"quality records of lot {lot.number}")
        if plan_for_product(session, order.product_id) is None:
            create_inspection_plan(
                session,
                actor=actor,
                data=InspectionPlanCreate(
                    product_id=order.product_id,
                    name="Final inspection",
                    characteristics=[
                        CharacteristicCreate(
                            name="Bore diameter",
                            unit="mm",
                            lsl=11.98,
                            usl=12.02,
                            target=12.0,
                            sample_size=5,
                            chart=PlanChart.XBAR_R,
                            frequency="5 parts per hour",
                        ),
                        CharacteristicCreate(
                            name="Flatness",
                            unit="mm",
                            usl=0.05,
                            sample_size=1,
                            chart=PlanChart.IMR,
                            frequency="1 part per hour",
                        ),
                    ],
                ),
            )
        shift = rng.gauss(0, 0.002)
        rows = [
            MeasurementIn(
                characteristic="Bore diameter",
                subgroup=g + 1,
                value=round(12.0 + shift + rng.gauss(0, 0.004), 4),
            )
            for g in range(SUBGROUPS)
            for _ in range(5)
        ]
        rows += [
            MeasurementIn(
                characteristic="Flatness",
                subgroup=g + 1,
                value=round(abs(rng.gauss(0.02, 0.006)), 4),
            )
            for g in range(SUBGROUPS)
        ]
        record_measurements(session, actor=actor, lot_id=lot.id, rows=rows)
        draws = [rng.random() for _ in range(IMAGES)]  # drawn either way: same later lots
        plan = plan_for_product(session, order.product_id)
        if done == 0 and plan is not None:
            scored = seed_vision(
                session,
                actor=actor,
                plan=plan,
                lot=lot,
                seed=seed,
                models_dir=models_dir or models_dir_for(session),
                say=say,
            )
            if scored is not None:
                say(
                    f"version 1 fitted in {scored.fit_seconds:.1f} s; {scored.flagged} of "
                    f"{scored.inspections} images failed by it, {scored.reviewed} reviewed"
                )
                done += 1
                continue
        images = np.random.default_rng(seed + done)
        for i, draw in enumerate(draws):
            defect = i == IMAGES - 1 and done == 0  # one scratched part among them all
            score = 0.8 + draw * 0.4 if defect else draw * 0.3
            post_visual_inspection(
                session,
                actor=actor,
                lot_id=lot.id,
                image=_texture(images, defect),
                filename=f"aoi-{i + 1:02d}.png",
                part_ref=f"{lot.number}-{i + 1:03d}",
                score=round(score, 3),
                threshold=0.5,
                verdict=Verdict.FAIL if defect else Verdict.PASS,
            )
        done += 1
    return done
