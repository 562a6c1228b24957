"""The demo zone's two hundred orders, with their work orders, operations and lots.

The orders span the year before the epoch, denser towards the present as the cluster
grows; their status follows from their age against the promised lead time, so old orders
are delivered and recent ones are still on the shop floor. Two in three recent orders go to
the demo factory, which gives it a live load to schedule.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from suigang.demo.book import Book
from suigang.demo.firms import DEMO_FACTORY, FACTORIES
from suigang.demo.parts import PARTS, PartSpec
from suigang.demo.plant import MS, Plant
from suigang.domains.catalog.models import Product
from suigang.domains.orders.models import (
    Lot,
    Order,
    OrderStatus,
    Quote,
    QuoteStatus,
    RecipientStatus,
    RFQStatus,
)
from suigang.domains.production.models import (
    Operation,
    OperationStatus,
    WorkOrder,
    WorkOrderStatus,
)

N_ORDERS = 200
HISTORY_DAYS = 330
RECENT_DAYS = 60  # orders placed this recently go mostly to the demo factory
PLACED_UNTIL = 0.35  # production starts after this share of the lead time


class History(Book):
    """The order history on top of the RFQ and quote helpers."""

    def __init__(self, plant: Plant) -> None:
        super().__init__(plant)
        self.children: list[tuple[Order, int, WorkOrder, Lot]] = []

    # -- the two hundred orders ------------------------------------------------------------

    def _pick(self, to_demo_factory: bool) -> tuple[str, PartSpec]:
        """The winning factory, then a part it is qualified for, weighted by the owner."""
        factories = [f.key for f in FACTORIES]
        if to_demo_factory:
            winner = DEMO_FACTORY
        else:
            winner = self.rng.choices(
                factories, weights=[len(self.p.machines[k]) for k in factories]
            )[0]
        parts = [p for p in PARTS if winner in self.p.qualified[p.code]]
        part = self.rng.choices(parts, weights=[self.weights[p.owner] for p in parts])[0]
        return winner, part

    def orders(self) -> None:
        for i in range(N_ORDERS):
            days_ago = HISTORY_DAYS * (1 - (i + 0.5) / N_ORDERS) ** 1.6
            # two in three recent orders go to the demo factory: its live load
            winner, part = self._pick(days_ago <= RECENT_DAYS and i % 3 != 2)
            self._order(i, winner, part, days_ago)

    def _order(self, i: int, winner: str, part: PartSpec, days_ago: float) -> None:
        rng, p = self.rng, self.p
        qty = self._qty(part)
        placed = self._at(days_ago)
        rfq_at = placed - timedelta(days=rng.randint(4, 9), hours=rng.randint(0, 6))
        recipients = [winner, *(f for f in p.qualified[part.code] if f != winner)]
        rfq = self._rfq(f"order-{i}", part, qty, rfq_at, recipients, RFQStatus.ACCEPTED)
        accepted: Quote | None = None
        for n, factory in enumerate(recipients):
            declines = n > 0 and rng.random() < 0.3
            self._recipient(
                rfq, factory, RecipientStatus.DECLINED if declines else RecipientStatus.QUOTED
            )
            if declines:
                continue
            at = rfq_at + timedelta(days=1 + n, hours=rng.randint(0, 8))
            quote = self._quote(
                rfq,
                part,
                factory,
                min(at, placed - timedelta(hours=2)),
                QuoteStatus.ACCEPTED if n == 0 else QuoteStatus.REJECTED,
            )
            accepted = accepted or quote
        assert accepted is not None  # the winner always quotes
        product = p.products[(winner, part.code)]
        lead = (accepted.promised_date - placed).total_seconds() / 86400
        progress = (p.epoch - placed).total_seconds() / 86400 / lead
        if progress >= 0.1 and rng.random() < 0.035:
            status = OrderStatus.CANCELLED
        elif progress >= 1.35:
            status = OrderStatus.DELIVERED
        elif progress >= 1.0:
            status = OrderStatus.SHIPPED
        elif progress >= PLACED_UNTIL:
            status = OrderStatus.IN_PRODUCTION
        else:
            status = OrderStatus.PLACED
        active = status in (OrderStatus.PLACED, OrderStatus.IN_PRODUCTION)
        order = Order(
            id=p.uid("order", i),
            number="",
            rfq_id=rfq.id,
            quote_id=accepted.id,
            buyer_id=rfq.requester_id,
            factory_id=p.firms[winner].id,
            product_id=product.id,
            title=rfq.title,
            quantity=qty,
            unit_price=accepted.unit_price,
            total_price=accepted.total_price,
            currency=accepted.currency,
            promised_date=accepted.promised_date,
            forecast_date=(
                accepted.promised_date + timedelta(days=rng.choice((-1, 0, 0, 0, 1, 2, 4)))
            )
            if active
            else None,
            status=status,
            placed_at=placed,
            version=1,
        )
        self.numbers.add("SO", placed, order)
        p.add("orders", order)
        p.counts[f"orders_{status.value}"] += 1
        self._work_orders(order, product, placed, lead, progress)

    def _work_orders(
        self, order: Order, product: Product, placed: datetime, lead: float, progress: float
    ) -> None:
        """Split the order by work content, and copy the routing into each work order."""
        hours = self._work_hours(product, order.quantity)
        k = 1 if hours <= 60 else 2 if hours <= 160 else 3
        steps = self.p.steps[product.id]
        m = len(steps)
        quantities = [order.quantity // k + (1 if j < order.quantity % k else 0) for j in range(k)]
        done_ops = math.floor(max(0.0, (progress - PLACED_UNTIL) / (1 - PLACED_UNTIL)) * k * m)
        for j, qty in enumerate(quantities):
            created = placed + timedelta(hours=2, minutes=j)
            if order.status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED):
                wo_status, done = WorkOrderStatus.COMPLETED, m
            elif order.status is OrderStatus.CANCELLED:
                wo_status, done = WorkOrderStatus.CANCELLED, 0
            elif order.status is OrderStatus.PLACED:
                fresh = (self.p.epoch - placed) < timedelta(days=2)
                wo_status, done = (
                    (WorkOrderStatus.PLANNED if fresh else WorkOrderStatus.RELEASED),
                    0,
                )
            else:
                done = min(m, max(0, done_ops - j * m))
                started = done > 0 or j == min(done_ops // m, k - 1)
                wo_status = (
                    WorkOrderStatus.COMPLETED
                    if done == m
                    else WorkOrderStatus.IN_PROGRESS
                    if started
                    else WorkOrderStatus.RELEASED
                )
            wo = WorkOrder(
                id=self.p.uid("work_order", order.id, j),
                number="",
                factory_id=order.factory_id,
                order_id=order.id,
                product_id=product.id,
                quantity=qty,
                due_date=order.promised_date,
                priority=1 if lead < 14 else 0,
                status=wo_status,
                created_at=created,
                version=1,
            )
            self.p.add("work_orders", wo)
            self.p.counts[f"{order.factory_id}/{wo_status.value}"] += 1
            ops = []
            for n, rs in enumerate(steps):
                op_status = (
                    OperationStatus.DONE
                    if n < done
                    else OperationStatus.RUNNING
                    if n == done and wo_status is WorkOrderStatus.IN_PROGRESS
                    else OperationStatus.PENDING
                )
                ops.append(
                    Operation(
                        id=self.p.uid("operation", wo.id, rs.seq),
                        work_order_id=wo.id,
                        seq=rs.seq,
                        name=rs.name,
                        routing_step_id=rs.id,
                        eligible_machine_ids=[str(mc.id) for mc in rs.machines],
                        setup_s=rs.setup_s,
                        run_s=(rs.run_s_per_unit * qty).quantize(MS),
                        status=op_status,
                        created_at=created,
                    )
                )
            self.p.add("operations", *ops)
            # as when a quote is accepted on the platform: one lot per work order, at once
            lot = Lot(
                id=self.p.uid("lot", wo.id),
                number="",
                order_id=order.id,
                work_order_id=wo.id,
                quantity=qty,
                created_at=created,
            )
            self.p.add("lots", lot)
            self.children.append((order, j + 1, wo, lot))

    def number_children(self) -> None:
        """Work orders and lots take their order's number, as the platform numbers them."""
        for order, n, wo, lot in self.children:
            wo.number = f"WO-{order.number.removeprefix('SO-')}-{n:02d}"
            lot.number = f"LOT-{order.number}-{n:02d}"


def build_history(plant: Plant) -> None:
    """Add the order book to ``plant`` and number every RFQ, quote, order, work order, lot."""
    history = History(plant)
    history.orders()
    history.pending_rfqs()
    history.numbers.assign()
    history.number_children()
