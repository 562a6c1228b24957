"""Plans, capable-to-promise, disruptions, the front shop's order forecast, notifications
and webhooks."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, status

from suigang.api.deps import CurrentActor, DbSession
from suigang.domains.planning import service
from suigang.domains.planning.schemas import (
    ComparisonRead,
    FreezeCreate,
    MachineDownCreate,
    NotificationRead,
    OperationLateCreate,
    OrderForecastRead,
    PinCreate,
    PlanCreate,
    PlanHeader,
    PlanJob,
    PlanListItem,
    PlannedOperation,
    PlanRead,
    PlanSummary,
    PromiseRead,
    PromiseRequest,
    Release,
    RushCreate,
    WebhookCreate,
    WebhookCreated,
    WebhookRead,
)

router = APIRouter(tags=["planning"])


def _read(session, actor, plan_id: uuid.UUID) -> PlanRead:  # type: ignore[no-untyped-def]
    version, ops, breaks = service.plan_detail(session, actor=actor, plan_id=plan_id)
    return PlanRead(
        **PlanSummary.model_validate(version).model_dump(),
        operations=[PlannedOperation(**o) for o in ops],
        breaks=breaks,
    )


@router.get("/plans", response_model=list[PlanListItem])
def list_plans(actor: CurrentActor, session: DbSession) -> list[PlanListItem]:
    """The factory's 50 newest versions; a version's moved operations come with
    ``GET /plans/{id}``."""
    return [
        PlanListItem(**PlanHeader.model_validate(v).model_dump(), moved_count=n)
        for v, n in service.list_plans(session, actor=actor)
    ]


@router.get("/plans/current", response_model=PlanRead)
def current_plan(actor: CurrentActor, session: DbSession) -> PlanRead:
    return _read(session, actor, service.get_current_plan(session, actor=actor).id)


@router.post("/plans", response_model=PlanJob, status_code=status.HTTP_202_ACCEPTED)
def create_plan(
    data: PlanCreate, actor: CurrentActor, session: DbSession, request: Request
) -> PlanJob:
    """Plan the factory: instantly by dispatching rules (``time_limit_s`` 0: the plan id is
    returned) or as a background job searching for ``time_limit_s`` seconds (poll
    ``GET /jobs/{job_id}``; its result is the plan id; ``POST /jobs/{job_id}/cancel`` stops
    it)."""
    if data.time_limit_s == 0:
        version = service.make_plan(session, actor=actor)
        return PlanJob(job_id="", plan_id=version.id)
    job_id = service.start_search(
        session,
        actor=actor,
        settings=request.app.state.settings,
        time_limit_s=data.time_limit_s,
    )
    return PlanJob(job_id=job_id)


@router.get("/plans/{plan_id}", response_model=PlanRead)
def get_plan(plan_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> PlanRead:
    return _read(session, actor, plan_id)


@router.post("/plans/{plan_id}/release", response_model=PlanSummary)
def release_plan(
    plan_id: uuid.UUID, data: Release, actor: CurrentActor, session: DbSession
) -> PlanSummary:
    return PlanSummary.model_validate(
        service.release_plan(session, actor=actor, plan_id=plan_id, version=data.version)
    )


@router.get("/plans/{a}/compare/{b}", response_model=ComparisonRead)
def compare(a: uuid.UUID, b: uuid.UUID, actor: CurrentActor, session: DbSession) -> ComparisonRead:
    return ComparisonRead.model_validate(service.compare_plans(session, actor=actor, a=a, b=b))


@router.post("/plans/{plan_id}/pins", response_model=PlanSummary, status_code=201)
def pin(
    plan_id: uuid.UUID, data: PinCreate, actor: CurrentActor, session: DbSession
) -> PlanSummary:
    """Pin an operation and re-plan the rest: a new draft (409 when made from a stale copy)."""
    return PlanSummary.model_validate(
        service.pin_operation(
            session,
            actor=actor,
            plan_id=plan_id,
            version=data.version,
            operation_id=data.operation_id,
            machine_id=data.machine_id,
            start=data.start,
            time_limit_s=data.time_limit_s,
        )
    )


@router.post("/plans/{plan_id}/freeze", response_model=PlanSummary, status_code=201)
def freeze(
    plan_id: uuid.UUID, data: FreezeCreate, actor: CurrentActor, session: DbSession
) -> PlanSummary:
    return PlanSummary.model_validate(
        service.freeze_plan(
            session,
            actor=actor,
            plan_id=plan_id,
            version=data.version,
            until=data.until,
            time_limit_s=data.time_limit_s,
        )
    )


@router.post("/machines/{machine_id}/down", response_model=PlanSummary | None)
def machine_down(
    machine_id: uuid.UUID, data: MachineDownCreate, actor: CurrentActor, session: DbSession
) -> PlanSummary | None:
    """Enter a breakdown by hand: the released plan is repaired and the repair released."""
    version = service.report_machine_down(
        session, actor=actor, machine_id=machine_id, start=data.start, until=data.until
    )
    return None if version is None else PlanSummary.model_validate(version)


@router.post("/operations/{operation_id}/late", response_model=PlanSummary)
def operation_late(
    operation_id: uuid.UUID, data: OperationLateCreate, actor: CurrentActor, session: DbSession
) -> PlanSummary:
    return PlanSummary.model_validate(
        service.report_operation_late(
            session, actor=actor, operation_id=operation_id, delay_minutes=data.delay_minutes
        )
    )


@router.post("/orders/{order_id}/rush", response_model=PlanSummary)
def rush(
    order_id: uuid.UUID, data: RushCreate, actor: CurrentActor, session: DbSession
) -> PlanSummary:
    return PlanSummary.model_validate(
        service.rush_order(session, actor=actor, order_id=order_id, priority=data.priority)
    )


@router.post("/rfqs/{rfq_id}/promise", response_model=PromiseRead)
def promise(
    rfq_id: uuid.UUID, data: PromiseRequest, actor: CurrentActor, session: DbSession
) -> PromiseRead:
    """Capable-to-promise: the earliest completion from the factory's released plan."""
    return PromiseRead.model_validate(
        service.promise_date(
            session, actor=actor, rfq_id=rfq_id, product_id=data.product_id, priority=data.priority
        )
    )


@router.get("/orders/{order_id}/forecast", response_model=OrderForecastRead)
def order_forecast(
    order_id: uuid.UUID, actor: CurrentActor, session: DbSession
) -> OrderForecastRead:
    return OrderForecastRead.model_validate(
        service.order_forecast(session, actor=actor, order_id=order_id)
    )


@router.get("/notifications", response_model=list[NotificationRead])
def notifications(
    actor: CurrentActor, session: DbSession, unread_only: bool = False
) -> list[NotificationRead]:
    return [
        NotificationRead.model_validate(n)
        for n in service.list_notifications(session, actor=actor, unread_only=unread_only)
    ]


@router.post("/notifications/{notification_id}/read", response_model=NotificationRead)
def read_notification(
    notification_id: uuid.UUID, actor: CurrentActor, session: DbSession
) -> NotificationRead:
    return NotificationRead.model_validate(
        service.mark_read(session, actor=actor, notification_id=notification_id)
    )


@router.post("/webhooks", response_model=WebhookCreated, status_code=201)
def create_webhook(data: WebhookCreate, actor: CurrentActor, session: DbSession) -> WebhookCreated:
    """Register an endpoint; the response shows the signing secret (keep it)."""
    return WebhookCreated.model_validate(
        service.register_webhook(
            session, actor=actor, url=str(data.url), kinds=data.kinds, secret=data.secret
        )
    )


@router.get("/webhooks", response_model=list[WebhookRead])
def list_webhooks(actor: CurrentActor, session: DbSession) -> list[WebhookRead]:
    return [WebhookRead.model_validate(h) for h in service.list_webhooks(session, actor=actor)]


@router.delete("/webhooks/{webhook_id}", status_code=204)
def delete_webhook(webhook_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> None:
    service.delete_webhook(session, actor=actor, webhook_id=webhook_id)
