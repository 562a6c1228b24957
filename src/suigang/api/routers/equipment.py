"""Machine states, OEE and live status (server-sent events) of the caller's own machines."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from pydantic import AwareDatetime, BaseModel, ConfigDict

from suigang.api.deps import CurrentActor, DbSession
from suigang.domains.equipment import service as equipment
from suigang.domains.identity.permissions import Actor
from suigang.engines.oee import Period
from suigang.engines.oee.records import result_to_dict
from suigang.errors import InvalidInput

router = APIRouter(tags=["equipment"])


class StateRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    start: datetime
    end: datetime | None
    item_state: str
    operation_mode: str


class OeePeriodRead(BaseModel):
    start: datetime
    end: datetime
    oee: dict[str, Any]


@router.get("/machines/{machine_id}/states", response_model=list[StateRead])
def machine_states(
    machine_id: uuid.UUID,
    start: AwareDatetime,
    end: AwareDatetime,
    actor: CurrentActor,
    session: DbSession,
) -> list[StateRead]:
    """State intervals (ItemState × OperationMode) overlapping ``[start, end)``."""
    rows = equipment.machine_states(
        session, machine_id=machine_id, start=start, end=end, actor=actor
    )
    return [StateRead.model_validate(r) for r in rows]


@router.get("/machines/{machine_id}/oee", response_model=list[OeePeriodRead])
def machine_oee(
    machine_id: uuid.UUID,
    start: AwareDatetime,
    end: AwareDatetime,
    actor: CurrentActor,
    session: DbSession,
    granularity: Literal["shift", "day"] | None = None,
    pru_s: Annotated[
        float | None,
        Query(gt=0, le=86_400 * 365, allow_inf_nan=False, description="planned run time per unit"),
    ] = None,
    planned_down: Annotated[
        list[str],
        Query(
            description="planned downtime from the factory calendar, repeatable: "
            "an ISO 8601 interval START/END with time zones"
        ),
    ] = [],  # noqa: B006 - FastAPI copies query defaults
) -> list[OeePeriodRead]:
    """ISO 22400-2 time elements (seconds) and KPIs per period; undefined KPIs are null."""
    periods = equipment.machine_oee(
        session,
        machine_id=machine_id,
        start=start,
        end=end,
        granularity=granularity,
        pru_s=pru_s,
        planned_down=[_interval(text) for text in planned_down],
        actor=actor,
    )
    return [OeePeriodRead(start=p.start, end=p.end, oee=result_to_dict(p.result)) for p in periods]


def _interval(text: str) -> Period:
    """``START/END`` (ISO 8601, with time zones) as a planned-down period."""
    try:
        start_text, end_text = text.split("/")
        start, end = datetime.fromisoformat(start_text), datetime.fromisoformat(end_text)
    except ValueError:
        raise InvalidInput(f"planned_down {text!r} is not an ISO 8601 interval START/END") from None
    if start.tzinfo is None or end.tzinfo is None:
        raise InvalidInput(f"planned_down {text!r} needs time zones")
    try:
        return Period(start, end)
    except ValueError as exc:
        raise InvalidInput(f"planned_down {text!r}: {exc}") from None


def _snapshot(request: Request, actor: Actor) -> dict[str, dict[str, Any]]:
    """Current state of each of the actor's machines, keyed by machine id."""
    with request.app.state.session_factory() as session:
        return {
            str(b.machine.id): {
                "machine_id": str(b.machine.id),
                "code": b.machine.code,
                "status": b.machine.status.value,
                "item_state": "NotAvailable" if b.state is None else b.state.item_state,
                "operation_mode": "None" if b.state is None else b.state.operation_mode,
                "since": None if b.state is None else b.state.start.isoformat(),
            }
            for b in equipment.machine_board(session, actor=actor)
        }


@router.get("/telemetry/live")
async def live(
    request: Request,
    actor: CurrentActor,
    interval_s: Annotated[float, Query(ge=0.2, le=60)] = 1.0,
    max_events: Annotated[int | None, Query(ge=1)] = None,
) -> StreamingResponse:
    """Server-sent events: one ``machine`` event per machine whose state changed (all of
    them first), polled every ``interval_s``; ``max_events`` ends the stream (for tests)."""

    async def events() -> AsyncIterator[str]:
        last: dict[str, dict[str, Any]] = {}
        sent = 0
        while not await request.is_disconnected():
            now = await run_in_threadpool(_snapshot, request, actor)
            for key, state in now.items():
                if last.get(key) != state:
                    yield f"event: machine\ndata: {json.dumps(state)}\n\n"
                    sent += 1
                    if max_events is not None and sent >= max_events:
                        return
            last = now
            await asyncio.sleep(interval_s)

    return StreamingResponse(
        events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
    )
