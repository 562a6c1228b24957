"""Tell a firm about its own business: in-app notifications and signed webhook calls.

A webhook call is an outbox event of kind ``webhook.delivery`` (one per registered hook),
so it is sent after the change commits and retried by the outbox dispatcher until the
receiver answers 2xx (at most ``MAX_ATTEMPTS`` times). The body is JSON; the header
``X-Suigang-Signature: sha256=<hex>`` is the HMAC-SHA256 of the exact body bytes with the
hook's secret.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import urllib.request
import uuid
from datetime import datetime
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.common import owned_by
from suigang.domains.events.models import OutboxEvent
from suigang.domains.events.service import emit
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import audit, require
from suigang.domains.planning.models import Notification, Webhook
from suigang.errors import InvalidInput, NotFound

log = logging.getLogger(__name__)

WEBHOOK_DELIVERY = "webhook.delivery"
FORECAST_SLIPPED = "order.forecast_slipped"
KINDS = (FORECAST_SLIPPED,)
MAX_ATTEMPTS = 10
SIGNATURE_HEADER = "X-Suigang-Signature"


def sign(secret: str, body: bytes) -> str:
    """The signature header value of ``body``: ``sha256=`` and the hex HMAC-SHA256."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def notify(
    session: Session,
    *,
    enterprise_id: uuid.UUID,
    kind: str,
    subject_id: object,
    message: str,
    data: dict[str, Any],
) -> Notification:
    """Store an in-app notification and queue a call to each of the firm's hooks for ``kind``
    (flushes nothing; the calling use case commits)."""
    note = Notification(
        enterprise_id=enterprise_id,
        kind=kind,
        subject_id=str(subject_id),
        message=message,
        data=data,
        created_at=utcnow(),
    )
    session.add(note)
    hooks = session.scalars(
        select(Webhook).where(Webhook.enterprise_id == enterprise_id, Webhook.active.is_(True))
    )
    for hook in hooks:
        if kind in hook.kinds:
            body = json.dumps({"kind": kind, "message": message, "data": data}, sort_keys=True)
            emit(
                session,
                kind=WEBHOOK_DELIVERY,
                enterprise_id=enterprise_id,
                subject_id=hook.id,
                event=kind,
                body=body,
            )
    return note


CUSTOMER_ZONE = ZoneInfo("Asia/Hong_Kong")  # the customers' day (UTC+8, as the zone's)


def slip_is_news(
    session: Session, *, order_id: uuid.UUID, promised: datetime, forecast: datetime,
    previous: datetime | None,
) -> bool:  # fmt: skip
    """Whether a forecast past the promise tells the buyer something new: the order was on
    track before (or had no forecast), or the forecast now falls on a later day than the one
    last announced. Repairs that move a late order by minutes within the day announced are
    not repeated (a demo's first seconds sent one customer twenty of them)."""
    if forecast <= promised:
        return False
    if previous is None or previous <= promised:
        return True
    last = session.scalars(
        select(Notification)
        .where(Notification.kind == FORECAST_SLIPPED, Notification.subject_id == str(order_id))
        .order_by(Notification.created_at.desc())
        .limit(1)
    ).first()
    if last is None:
        return forecast > previous
    try:
        announced = datetime.fromisoformat(str(last.data["forecast_date"]))
    except (KeyError, ValueError):
        return forecast > previous
    return forecast.astimezone(CUSTOMER_ZONE).date() > announced.astimezone(CUSTOMER_ZONE).date()


def list_notifications(
    session: Session, *, actor: Actor, unread_only: bool = False, limit: int = 50
) -> list[Notification]:
    """The actor's firm's notifications, newest first."""
    require(actor, "notification:read", owned_by(actor.enterprise_id))
    query = select(Notification).where(Notification.enterprise_id == actor.enterprise_id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return list(session.scalars(query.order_by(Notification.created_at.desc()).limit(limit)))


def mark_read(session: Session, *, actor: Actor, notification_id: uuid.UUID) -> Notification:
    note = session.get(Notification, notification_id)
    if note is None or note.enterprise_id != actor.enterprise_id:
        raise NotFound(f"notification {notification_id} not found")
    require(actor, "notification:read", note)
    if note.read_at is None:
        note.read_at = utcnow()
    session.commit()
    return note


def register_webhook(
    session: Session, *, actor: Actor, url: str, kinds: list[str], secret: str | None = None
) -> Webhook:
    """Register an endpoint of the actor's firm; the secret is generated when not given."""
    require(actor, "webhook:manage", owned_by(actor.enterprise_id))
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InvalidInput(f"url {url!r} is not an http(s) URL")
    unknown = sorted(set(kinds) - set(KINDS))
    if not kinds or unknown:
        raise InvalidInput(f"kinds {unknown or kinds} are not among {', '.join(KINDS)}")
    hook = Webhook(
        enterprise_id=actor.enterprise_id,
        url=url,
        secret=secret or secrets.token_urlsafe(32),
        kinds=sorted(set(kinds)),
    )
    session.add(hook)
    session.flush()
    audit(session, actor, "webhook.registered", "webhook", hook.id, url=url)
    session.commit()
    return hook


def list_webhooks(session: Session, *, actor: Actor) -> list[Webhook]:
    require(actor, "webhook:manage", owned_by(actor.enterprise_id))
    return list(
        session.scalars(
            select(Webhook)
            .where(Webhook.enterprise_id == actor.enterprise_id)
            .order_by(Webhook.created_at)
        )
    )


def delete_webhook(session: Session, *, actor: Actor, webhook_id: uuid.UUID) -> None:
    hook = session.get(Webhook, webhook_id)
    if hook is None or hook.enterprise_id != actor.enterprise_id:
        raise NotFound(f"webhook {webhook_id} not found")
    require(actor, "webhook:manage", hook)
    hook.active = False
    audit(session, actor, "webhook.deleted", "webhook", hook.id)
    session.commit()


def deliver(session: Session, event: OutboxEvent) -> None:
    """Outbox handler: POST the body to the hook; raising leaves the event for a retry."""
    hook = session.get(Webhook, uuid.UUID(event.subject_id))
    if hook is None or not hook.active:
        return
    if event.attempts > MAX_ATTEMPTS:
        log.warning(
            "webhook %s: giving up event %s after %s attempts", hook.id, event.id, MAX_ATTEMPTS
        )
        return
    body = str(event.payload.get("body", "")).encode()
    request = urllib.request.Request(
        hook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(hook.secret, body),
            "X-Suigang-Event": str(event.payload.get("event", "")),
            "X-Suigang-Delivery": str(event.id),
        },
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        if not 200 <= response.status < 300:
            raise RuntimeError(f"webhook {hook.url} answered {response.status}")


def unread_count(session: Session, enterprise_id: uuid.UUID) -> int:
    return (
        session.scalar(
            select(func.count()).where(
                Notification.enterprise_id == enterprise_id, Notification.read_at.is_(None)
            )
        )
        or 0
    )
