"""The application factory: ``create_app(settings)`` builds everything, connecting nothing
at import time."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import pkgutil
from collections.abc import AsyncIterator

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError

import suigang.api.routers
from suigang import __version__
from suigang.api.deps import get_actor
from suigang.api.middleware import SecurityHeaders
from suigang.config import Settings
from suigang.db import error_summary, make_engine, make_session_factory
from suigang.errors import DomainError
from suigang.migrations import current_revision, head_revision

log = logging.getLogger(__name__)
API_PREFIX = "/api/v1"
#: What a database error becomes at the edge (the most specific class that matches).
_DB_ERRORS: dict[type[SQLAlchemyError], tuple[int, str]] = {
    IntegrityError: (
        409,
        "the change clashes with a record stored meanwhile; reload and try again",
    ),
    DataError: (422, "a value does not fit what the platform stores; check lengths and ranges"),
    OperationalError: (503, "the database is busy or unavailable; try again shortly"),
    SQLAlchemyError: (500, "the server could not complete this request"),
}


class SchemaBehind(RuntimeError):
    """The database lacks migrations this version needs."""


def check_schema(settings: Settings) -> None:
    """Refuse to start on a database whose schema is behind the code."""
    engine = make_engine(settings)
    try:
        current = current_revision(engine)
    finally:
        engine.dispose()
    head = head_revision()
    if current != head:
        raise SchemaBehind(
            f"the database {settings.resolved_database_url()} is at schema revision "
            f"{current or 'none (empty)'}, this version needs {head}: "
            "run `suigang db upgrade` first"
        )


def _routers() -> tuple[list[APIRouter], list[APIRouter]]:
    public, private = [], []
    for info in sorted(pkgutil.iter_modules(suigang.api.routers.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"suigang.api.routers.{info.name}")
        if isinstance(getattr(module, "public", None), APIRouter):
            public.append(module.public)
        if isinstance(getattr(module, "router", None), APIRouter):
            private.append(module.router)
    return public, private


def create_app(
    settings: Settings,
    *,
    ui: bool = False,
    verify_schema: bool = True,
    deliver_events: bool = False,
) -> FastAPI:
    """The Suigang web application: REST API under /api/v1 and, with ``ui``, the web UI.

    With ``deliver_events`` (what a server runs) the app delivers pending outbox events
    every ``settings.event_poll_seconds`` while it runs; tests deliver them explicitly.
    """
    settings.signing_key()  # no key, no server: MissingSecretKey says how to set one
    if verify_schema:
        check_schema(settings)
    engine = make_engine(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        task = None
        if deliver_events:
            from suigang.api.dispatcher import run_dispatcher

            task = asyncio.create_task(
                run_dispatcher(app.state.session_factory, settings.event_poll_seconds)
            )
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    app = FastAPI(
        title="Suigang API",
        version=__version__,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)

    @app.exception_handler(DomainError)
    async def domain_error(_: Request, exc: DomainError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        body: dict[str, object] = {"detail": exc.message}
        rows = getattr(exc, "errors", None)  # e.g. every bad row of a rejected spreadsheet
        if rows:
            body["errors"] = [r.model_dump() if hasattr(r, "model_dump") else str(r) for r in rows]
        return JSONResponse(body, status_code=exc.status_code, headers=headers)

    @app.exception_handler(StaleDataError)
    async def stale(_: Request, exc: StaleDataError) -> JSONResponse:
        return JSONResponse(
            {"detail": "someone else changed this record meanwhile; reload and try again"},
            status_code=409,
        )

    @app.exception_handler(SQLAlchemyError)
    async def database_error(request: Request, exc: SQLAlchemyError) -> JSONResponse:
        # The database's text names values (other firms' data, secrets): neither the answer
        # nor the log carries it, only the error's class and SQLSTATE.
        status, detail = next(a for cls, a in _DB_ERRORS.items() if isinstance(exc, cls))
        log.warning("%s %s: %s -> %d", request.method, request.url.path, error_summary(exc), status)
        return JSONResponse({"detail": detail}, status_code=status)

    public, private = _routers()
    for r in public:
        app.include_router(r, prefix=API_PREFIX)
    # deny by default: every other route needs an authenticated actor
    authed = APIRouter(dependencies=[Depends(get_actor)])
    for r in private:
        authed.include_router(r)
    app.include_router(authed, prefix=API_PREFIX)

    @app.get(f"{API_PREFIX}/health", tags=["meta"])
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    if ui:
        from suigang.ui import mount

        mount(app, settings)
    app.add_middleware(SecurityHeaders)  # added last: the outermost, sees every response
    return app
