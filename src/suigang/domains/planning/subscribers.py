"""What planning does when events arrive: place new orders, repair plans, call webhooks."""

from __future__ import annotations

from suigang.domains.catalog.models import MACHINE_BACK_IN_SERVICE, MACHINE_OUT_OF_SERVICE
from suigang.domains.events.service import subscribe
from suigang.domains.planning.disrupt import on_machine_back_in_service, on_machine_out_of_service
from suigang.domains.planning.intake import ORDER_PLACED, on_order_placed
from suigang.domains.planning.notify import WEBHOOK_DELIVERY, deliver


def register() -> None:
    """Subscribe planning to the outbox (idempotent)."""
    subscribe(ORDER_PLACED, on_order_placed)
    subscribe(MACHINE_OUT_OF_SERVICE, on_machine_out_of_service)
    subscribe(MACHINE_BACK_IN_SERVICE, on_machine_back_in_service)
    subscribe(WEBHOOK_DELIVERY, deliver)
