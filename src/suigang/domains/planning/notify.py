"""Tell a firm about its own business: in-app notifications and signed webhook calls.

A webhook call is an outbox event of kind ``webhook.delivery`` (one per registered hook),
so it is sent after the change commits and retried by the outbox dispatcher until the
receiver answers 2xx (at most ``MAX_ATTEMPTS`` times). The body is JSON; the header
``X-Suigang-Signature: sha256=<hex>`` is the HMAC-SHA256 of the exact body bytes with the
hook's secret. Only public addresses are called (``egress``), checked at registration and
again at delivery, and redirects are not followed.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import secrets
import socket
import ssl
import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.common import owned_by
from suigang.domains.events.models import OutboxEvent
from suigang.domains.events.service import emit
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import audit, get_own, require
from suigang.domains.planning import egress
from suigang.domains.planning.models import Notification, Webhook, WebhookAllowedHost
from suigang.errors import Conflict, InvalidInput, NotFound

log = logging.getLogger(__name__)

WEBHOOK_DELIVERY = "webhook.delivery"
FORECAST_SLIPPED = "order.forecast_slipped"
KINDS = (FORECAST_SLIPPED,)
MAX_ATTEMPTS = 10
SIGNATURE_HEADER = "X-Suigang-Signature"
URL_MAX = 500  # webhook.url


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
    note = get_own(session, Notification, notification_id, actor=actor, kind="notification")
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
    if len(url) > URL_MAX:
        raise InvalidInput(f"url has {len(url)} characters, at most {URL_MAX} are stored")
    egress.check_url(url, allowed_hosts=allowed_hosts(session), resolve=RESOLVER[0])
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
    hook = get_own(session, Webhook, webhook_id, actor=actor, kind="webhook")
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
    try:
        target = egress.check_url(
            hook.url, allowed_hosts=allowed_hosts(session), resolve=RESOLVER[0]
        )
    except InvalidInput as exc:  # the name now leads inside, or the host left the allow-list
        log.warning("webhook %s: not delivered: %s", hook.id, exc.message)
        return
    body = str(event.payload.get("body", "")).encode()
    status = _post(
        target,
        body,
        {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(hook.secret, body),
            "X-Suigang-Event": str(event.payload.get("event", "")),
            "X-Suigang-Delivery": str(event.id),
        },
    )
    if not 200 <= status < 300:  # a redirect too: it is not followed
        raise RuntimeError(f"webhook {hook.id} answered {status}")


#: The resolver webhook checks use (a list, so a test can put in one whose answer changes).
RESOLVER: list[egress.Resolver] = [egress.system_resolver]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, while naming the host in ``Host``."""

    def __init__(self, target: egress.Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As :class:`_PinnedHTTPConnection`, with TLS verified for the host's name."""

    def __init__(self, target: egress.Target, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=timeout, context=self._tls)
        self._address = target.address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(raw, server_hostname=self.host)


def _post(target: egress.Target, body: bytes, headers: dict[str, str]) -> int:
    conn: http.client.HTTPConnection = (
        _PinnedHTTPSConnection(target, 5.0)
        if target.scheme == "https"
        else _PinnedHTTPConnection(target, 5.0)
    )
    try:
        conn.request("POST", target.path, body=body, headers=headers)
        response = conn.getresponse()
        response.read(64 * 1024)
        return int(response.status)
    finally:
        conn.close()


# -- the zone's allow-list ------------------------------------------------------------------


def allowed_hosts(session: Session) -> set[str]:
    """Hosts webhooks may reach although they are not public."""
    return set(session.scalars(select(WebhookAllowedHost.host)))


def allow_webhook_host(session: Session, *, actor: Actor, host: str) -> WebhookAllowedHost:
    """The zone administrator lets webhooks reach ``host`` (a name or an IP)."""
    require(actor, "webhook_host:manage")
    name = host.strip().lower().rstrip(".").removeprefix("[").removesuffix("]")
    if not egress.is_host(name):
        raise InvalidInput(f"host {host!r} is not a host name or IP address")
    if session.get(WebhookAllowedHost, name) is not None:
        raise Conflict(f"host {name} is on the allow-list already")
    row = WebhookAllowedHost(host=name, added_by=actor.label, added_at=utcnow())
    session.add(row)
    session.flush()
    audit(session, actor, "webhook_host.allowed", "webhook_host", name)
    session.commit()
    return row


def list_webhook_hosts(session: Session, *, actor: Actor) -> list[WebhookAllowedHost]:
    require(actor, "webhook_host:manage")
    return list(session.scalars(select(WebhookAllowedHost).order_by(WebhookAllowedHost.host)))


def disallow_webhook_host(session: Session, *, actor: Actor, host: str) -> None:
    require(actor, "webhook_host:manage")
    row = session.get(WebhookAllowedHost, host.strip().lower().rstrip("."))
    if row is None:
        raise NotFound(f"host {host} is not on the allow-list")
    session.delete(row)
    audit(session, actor, "webhook_host.disallowed", "webhook_host", row.host)
    session.commit()


def unread_count(session: Session, enterprise_id: uuid.UUID) -> int:
    return (
        session.scalar(
            select(func.count()).where(
                Notification.enterprise_id == enterprise_id, Notification.read_at.is_(None)
            )
        )
        or 0
    )
