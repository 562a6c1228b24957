"""The zone's allow-list of hosts webhooks may reach although they are not public."""

from __future__ import annotations

from fastapi import APIRouter, status

from suigang.api.deps import CurrentActor, DbSession
from suigang.domains.planning import notify
from suigang.domains.planning.schemas import WebhookHostCreate, WebhookHostRead

router = APIRouter(tags=["zone"])


@router.get("/webhook-hosts", response_model=list[WebhookHostRead])
def list_hosts(actor: CurrentActor, session: DbSession) -> list[WebhookHostRead]:
    """Hosts on the allow-list (zone administrators)."""
    return [
        WebhookHostRead.model_validate(h) for h in notify.list_webhook_hosts(session, actor=actor)
    ]


@router.post("/webhook-hosts", response_model=WebhookHostRead, status_code=status.HTTP_201_CREATED)
def allow_host(data: WebhookHostCreate, actor: CurrentActor, session: DbSession) -> WebhookHostRead:
    """Let webhooks reach ``host`` although it is loopback, private or link-local."""
    return WebhookHostRead.model_validate(
        notify.allow_webhook_host(session, actor=actor, host=data.host)
    )


@router.delete("/webhook-hosts/{host}", status_code=status.HTTP_204_NO_CONTENT)
def disallow_host(host: str, actor: CurrentActor, session: DbSession) -> None:
    notify.disallow_webhook_host(session, actor=actor, host=host)
