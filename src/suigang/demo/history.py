"""The demo zone's order book: RFQs, quotes, orders, work orders, operations and lots.

Two hundred orders span the year before the epoch, denser towards the present as the
cluster grows; their status follows from their age against the promised lead time, so old
orders are delivered and recent ones are still on the shop floor. The demo factory wins
most recent orders, which gives it a live load to schedule. A few RFQs are still open,
quoted or were cancelled without an order.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from suigang.demo.firms import DEMO_FACTORY, FACTORIES, FRONT_SHOPS
from suigang.demo.parts import PARTS, PartSpec
from suigang.demo.plant import MS, Plant
from suigang.demo.vocab import MATERIALS
from suigang.domains.catalog.models import Product
from suigang.domains.orders.models import (
    RFQ,
    Currency,
    Lot,
    Order,
    OrderStatus,
    Quote,
    QuoteStatus,
    RecipientStatus,
    RFQRecipient,
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
HKD_PER_CNY = Decimal("1.0900")  # the demo's fixed exchange rate
CENT = Decimal("0.01")
OPEN_RFQS, QUOTED_RFQS, CANCELLED_RFQS = 10, 8, 5


@dataclass(frozen=True, slots=True)
class _Numbered:
    at: datetime
    obj: RFQ | Quote | Order | WorkOrder | Lot


class _Numbers:
    """Collects records and numbers them ``PREFIX-YEAR-NNNN`` in order of creation."""

    def __init__(self) -> None:
        self.items: dict[str, list[_Numbered]] = {}

    def add(self, prefix: str, at: datetime, obj: RFQ | Quote | Order | WorkOrder | Lot) -> None:
        self.items.setdefault(prefix, []).append(_Numbered(at, obj))

    def assign(self) -> None:
        for prefix, items in self.items.items():
            per_year: dict[int, int] = {}
            for item in sorted(items, key=lambda n: (n.at, str(n.obj.id))):
                per_year[item.at.year] = per_year.get(item.at.year, 0) + 1
                item.obj.number = f"{prefix}-{item.at.year}-{per_year[item.at.year]:04d}"


class History:
    def __init__(self, plant: Plant) -> None:
        self.p = plant
        self.rng = plant.rng
        self.numbers = _Numbers()
        self.parts = {part.code: part for part in PARTS}
        self.weights = {f.key: f.rfq_weight for f in FRONT_SHOPS}

    # -- helpers ---------------------------------------------------------------------------

    def _at(self, days_ago: float, hour_lo: int = 1, hour_hi: int = 10) -> datetime:
        """A moment in office hours (UTC 01-10) of the day ``days_ago`` before yesterday.

        The history ends the day before the epoch, so nothing lies in the caller's future.
        """
        day = self.p.epoch - timedelta(days=math.floor(days_ago) + 1)
        return day + timedelta(
            hours=self.rng.randint(hour_lo, hour_hi), minutes=self.rng.randrange(0, 60, 5)
        )

    def _qty(self, part: PartSpec) -> int:
        lo, hi = part.qty
        step = 5 if hi <= 100 else 10 if hi <= 500 else 50 if hi <= 5000 else 100
        return max(lo, self.rng.randint(lo, hi) // step * step)

    def _work_hours(self, product: Product, qty: int) -> float:
        steps = self.p.steps[product.id]
        return sum(s.setup_s + float(s.run_s_per_unit) * qty for s in steps) / 3600

    def _lead_days(self, product: Product, qty: int) -> int:
        """Two shifts a day with the routing's operations overlapping on parallel machines."""
        return min(56, max(10, 7 + math.ceil(self._work_hours(product, qty) / 32)))

    def _price(self, part: PartSpec, factory: str, qty: int, currency: Currency) -> Decimal:
        factor = Decimal(self.rng.randint(88, 118)) / 100
        lo, hi = part.qty
        volume = Decimal(1) - Decimal("0.15") * Decimal(qty - lo) / Decimal(max(1, hi - lo))
        unit = Decimal(part.price_cny) * factor * volume
        if currency is Currency.HKD:
            unit *= HKD_PER_CNY
        return unit.quantize(CENT)

    def _user(self, firm: str) -> uuid.UUID | None:
        users = self.p.users.get(firm) or []
        return self.rng.choice(users).id if users else None

    def _rfq(
        self,
        key: str,
        part: PartSpec,
        qty: int,
        created: datetime,
        recipients: Sequence[str],
        status: RFQStatus,
    ) -> RFQ:
        currency = Currency.HKD if self.rng.random() < 0.7 else Currency.CNY
        product = self.p.products[(recipients[0], part.code)]
        wanted = created + timedelta(days=self._lead_days(product, qty) + self.rng.randint(-3, 8))
        rfq = RFQ(
            id=self.p.uid("rfq", key),
            number="",
            requester_id=self.p.firms[part.owner].id,
            created_by=self._user(part.owner),
            title=f"{part.name_en}, {qty} pcs",
            product_code=part.code,
            drawing_ref=f"{part.code}-DWG rev {self.rng.choice('ABCDE')}",
            description=(
                f"{part.name_zh_hans} / {part.name_zh_hant}. "
                f"Material {MATERIALS[part.material].en}; drawing and 3D model attached."
            ),
            quantity=qty,
            wanted_date=wanted.replace(hour=10, minute=0),
            currency=currency,
            status=status,
            created_at=created,
            version=1,
        )
        self.numbers.add("RFQ", created, rfq)
        self.p.add("rfqs", rfq)
        return rfq

    def _recipient(self, rfq: RFQ, factory: str, status: RecipientStatus) -> None:
        self.p.add(
            "recipients",
            RFQRecipient(
                id=self.p.uid("recipient", rfq.id, factory),
                rfq_id=rfq.id,
                factory_id=self.p.firms[factory].id,
                status=status,
            ),
        )

    def _quote(
        self, rfq: RFQ, part: PartSpec, factory: str, at: datetime, status: QuoteStatus
    ) -> Quote:
        product = self.p.products[(factory, part.code)]
        unit = self._price(part, factory, rfq.quantity, rfq.currency)
        # promised from the quote date, allowing a week for the front shop to decide
        lead = self._lead_days(product, rfq.quantity) + 7 + self.rng.randint(0, 4)
        quote = Quote(
            id=self.p.uid("quote", rfq.id, factory),
            number="",
            rfq_id=rfq.id,
            factory_id=self.p.firms[factory].id,
            created_by=self._user(factory),
            product_id=product.id,
            unit_price=unit,
            currency=rfq.currency,
            total_price=(unit * rfq.quantity).quantize(CENT),
            promised_date=(at + timedelta(days=lead)).replace(hour=10, minute=0),
            valid_until=(at + timedelta(days=30)).replace(hour=15, minute=59),
            notes=self.rng.choice(
                (
                    "Price includes first-article inspection report.",
                    "Ex-works Guangzhou; cross-border delivery to Hong Kong quoted separately.",
                    "Material certificates supplied with each lot.",
                    "Tooling cost amortised over the first order.",
                    "",
                )
            ),
            status=status,
            created_at=at,
            version=1,
        )
        self.numbers.add("Q", at, quote)
        self.p.add("quotes", quote)
        return quote

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
                due_date=order.promised_date - timedelta(days=2),
                priority=1 if lead < 14 else 0,
                status=wo_status,
                created_at=created,
                version=1,
            )
            self.numbers.add("WO", created, wo)
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
            if wo_status in (WorkOrderStatus.COMPLETED, WorkOrderStatus.IN_PROGRESS):
                started_at = placed + timedelta(days=lead * 0.2 * (j + 1) / k)
                lot_at = min(started_at, self.p.epoch - timedelta(hours=1))
                lot = Lot(
                    id=self.p.uid("lot", wo.id),
                    number="",
                    order_id=order.id,
                    work_order_id=wo.id,
                    quantity=qty,
                    created_at=lot_at,
                )
                self.numbers.add("LOT", lot_at, lot)
                self.p.add("lots", lot)

    # -- RFQs without an order (yet) -------------------------------------------------------

    def pending_rfqs(self) -> None:
        """Open RFQs (several to the demo factory), quoted ones, and a few cancelled ones."""
        to_demo = [p for p in PARTS if DEMO_FACTORY in self.p.qualified[p.code]]
        owners = ("VHD", "LRC")
        for i in range(OPEN_RFQS):
            part = self.rng.choice(to_demo if i < 7 else PARTS)
            created = self._at(self.rng.uniform(0, 5))
            rfq = self._rfq(
                f"open-{i}",
                part,
                self._qty(part),
                created,
                self.p.qualified[part.code],
                RFQStatus.OPEN,
            )
            for n, factory in enumerate(self.p.qualified[part.code]):
                declined = n > 0 and self.rng.random() < 0.2
                self._recipient(
                    rfq, factory, RecipientStatus.DECLINED if declined else RecipientStatus.PENDING
                )
        for i in range(QUOTED_RFQS):
            mine = [p for p in PARTS if p.owner == owners[i % 2]]
            part = self.rng.choice(mine if i < 4 else PARTS)
            created = self._at(self.rng.uniform(3, 12))
            recipients = self.p.qualified[part.code]
            rfq = self._rfq(
                f"quoted-{i}", part, self._qty(part), created, recipients, RFQStatus.QUOTED
            )
            for n, factory in enumerate(recipients):
                quoted = n == 0 or self.rng.random() < 0.6
                self._recipient(
                    rfq, factory, RecipientStatus.QUOTED if quoted else RecipientStatus.PENDING
                )
                if quoted:
                    at = created + timedelta(days=1 + n, hours=self.rng.randint(0, 6))
                    self._quote(
                        rfq,
                        part,
                        factory,
                        min(at, self.p.epoch - timedelta(hours=1)),
                        QuoteStatus.SUBMITTED,
                    )
        for i in range(CANCELLED_RFQS):
            part = self.rng.choice(PARTS)
            created = self._at(self.rng.uniform(40, 200))
            recipients = self.p.qualified[part.code]
            rfq = self._rfq(
                f"cancelled-{i}", part, self._qty(part), created, recipients, RFQStatus.CANCELLED
            )
            for n, factory in enumerate(recipients):
                quoted = n == 0 or self.rng.random() < 0.5
                self._recipient(
                    rfq, factory, RecipientStatus.QUOTED if quoted else RecipientStatus.DECLINED
                )
                if quoted:
                    self._quote(
                        rfq, part, factory, created + timedelta(days=1 + n), QuoteStatus.REJECTED
                    )


def build_history(plant: Plant) -> None:
    """Add the order book to ``plant`` and number every RFQ, quote, order, work order, lot."""
    history = History(plant)
    history.orders()
    history.pending_rfqs()
    history.numbers.assign()
