"""RFQs and quotes of the demo zone, and the numbering of everything in its order book.

``Book`` holds the helpers every record needs (moments in office hours, quantities, prices,
lead times) and makes RFQs, recipients and quotes; ``pending_rfqs`` adds the RFQs that have
not become orders: open ones waiting for quotes (several at the demo factory), quoted ones
waiting for the front shop, and a few cancelled.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from suigang.demo.firms import DEMO_FACTORY, FRONT_SHOPS
from suigang.demo.parts import PARTS, PartSpec
from suigang.demo.plant import Plant
from suigang.demo.vocab import MATERIALS
from suigang.domains.catalog.models import Product
from suigang.domains.orders.models import (
    RFQ,
    Currency,
    Order,
    Quote,
    QuoteStatus,
    RecipientStatus,
    RFQRecipient,
    RFQStatus,
)

HKD_PER_CNY = Decimal("1.0900")  # the demo's fixed exchange rate
CENT = Decimal("0.01")
OPEN_RFQS, QUOTED_RFQS, CANCELLED_RFQS = 10, 8, 5


@dataclass(frozen=True, slots=True)
class _Numbered:
    at: datetime
    obj: RFQ | Quote | Order


class _Numbers:
    """Collects records and numbers them ``PREFIX-YEAR-NNNN`` in order of creation.

    Numbers run per year without gaps, so the platform's next number (the count of the
    year's numbers plus one) follows on from the demo's.
    """

    def __init__(self) -> None:
        self.items: dict[str, list[_Numbered]] = {}

    def add(self, prefix: str, at: datetime, obj: RFQ | Quote | Order) -> None:
        self.items.setdefault(prefix, []).append(_Numbered(at, obj))

    def assign(self) -> None:
        for prefix, items in self.items.items():
            per_year: dict[int, int] = {}
            for item in sorted(items, key=lambda n: (n.at, str(n.obj.id))):
                per_year[item.at.year] = per_year.get(item.at.year, 0) + 1
                item.obj.number = f"{prefix}-{item.at.year}-{per_year[item.at.year]:04d}"


class Book:
    """Makes RFQs, recipients and quotes, and numbers what it makes."""

    def __init__(self, plant: Plant) -> None:
        self.p = plant
        self.rng = plant.rng
        self.numbers = _Numbers()
        self.weights = {f.key: f.rfq_weight for f in FRONT_SHOPS}

    # -- helpers ---------------------------------------------------------------------------

    def _at(self, days_ago: float) -> datetime:
        """A moment in office hours (UTC 01-10) of the day ``days_ago`` before yesterday.

        The history ends the day before the epoch, so nothing lies in the caller's future.
        """
        day = self.p.epoch - timedelta(days=math.floor(days_ago) + 1)
        return day + timedelta(hours=self.rng.randint(1, 10), minutes=self.rng.randrange(0, 60, 5))

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
                # the demo factory has not declined: its open RFQs wait for its quote
                declined = n > 0 and factory != DEMO_FACTORY and self.rng.random() < 0.2
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
