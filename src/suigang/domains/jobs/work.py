"""Starting jobs for an actor, and the job functions that are no other domain's.

``start_job`` is the hook for any long use case (inspection retraining included: the vision
area submits its training function with ``kind="retrain"``); report generation (lot
certificates) is defined here. A job function runs in a worker process or on a Ray node: it
takes plain, picklable arguments (the database URL, the actor) and returns JSON.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from suigang.config import Settings
from suigang.domains.common import owned_by
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import require
from suigang.domains.jobs.service import KIND_PERMISSIONS
from suigang.errors import InvalidInput

Report = Callable[[float | None, str], None]

#: Most lots whose certificates one report job makes.
MAX_LOTS = 200


def start_job(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    kind: str,
    fn: Callable[..., Any],
    args: tuple[Any, ...],
    params: dict[str, Any] | None = None,
) -> str:
    """Start ``fn(database_url, actor, *args, report=...)`` as a job of ``kind`` for the
    actor's firm (the kind's write permission is required); returns the job id."""
    if kind not in KIND_PERMISSIONS:
        raise InvalidInput(f"kind {kind!r} is not one of {', '.join(sorted(KIND_PERMISSIONS))}")
    require(actor, KIND_PERMISSIONS[kind][1], owned_by(actor.enterprise_id))
    from suigang.jobs import runner_for  # the runner lives outside the domains

    url = session.get_bind().engine.url.render_as_string(hide_password=False)
    job_id: str = runner_for(settings, url).submit(
        kind,
        fn,
        url,
        actor,
        *args,
        enterprise_id=actor.enterprise_id,
        user_id=actor.user_id,
        params=params or {},
    )
    return job_id


def start_certificates(
    session: Session, *, actor: Actor, settings: Settings, lot_ids: list[uuid.UUID]
) -> str:
    """Make (or fetch) the certificates of ``lot_ids`` as one report job."""
    if not 1 <= len(lot_ids) <= MAX_LOTS:
        raise InvalidInput(f"lot_ids: 1 to {MAX_LOTS} lots are allowed, got {len(lot_ids)}")
    ids = [str(i) for i in lot_ids]
    return start_job(
        session,
        actor=actor,
        settings=settings,
        kind="report",
        fn=certificates_in_worker,
        args=(ids,),
        params={"lots": len(ids)},
    )


def certificates_in_worker(
    database_url: str, actor: Actor, lot_ids: list[str], *, report: Report
) -> list[dict[str, Any]]:
    """Each lot's certificate (number and SHA-256), or why it could not be made."""
    from suigang.db import make_engine, make_session_factory
    from suigang.domains.quality.certificates import lot_certificate
    from suigang.errors import DomainError

    engine = make_engine(Settings(), url=database_url)
    out: list[dict[str, Any]] = []
    try:
        sessions = make_session_factory(engine)
        for i, lot_id in enumerate(lot_ids):
            with sessions() as session:
                try:
                    cert = lot_certificate(session, actor=actor, lot_id=uuid.UUID(lot_id))
                    out.append({"lot_id": lot_id, "number": cert.number, "sha256": cert.sha256})
                except DomainError as exc:
                    out.append({"lot_id": lot_id, "error": exc.message})
            report((i + 1) / len(lot_ids), f"{i + 1} of {len(lot_ids)} certificates")
    finally:
        engine.dispose()
    return out
