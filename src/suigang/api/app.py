"""The application factory: ``create_app(settings)`` builds everything, connecting nothing
at import time."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import pkgutil
import re
from collections.abc import AsyncIterator

from fastapi import APIRouter, Depends, FastAPI

import suigang.api.routers
from suigang import __version__
from suigang.api import errors
from suigang.api.deps import get_actor
from suigang.api.middleware import (
    BodyLimit,
    BodyRule,
    InFlightLimit,
    SecurityHeaders,
    StrictJson,
)
from suigang.config import Limits, Settings
from suigang.db import make_engine, make_session_factory
from suigang.domains.registry import register_subscribers
from suigang.migrations import current_revision, head_revision

log = logging.getLogger(__name__)
API_PREFIX = "/api/v1"


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


#: A route taking files says which limit its body has: ``openapi_extra={BODY_LIMIT: kind}``.
BODY_LIMIT = "x-body-limit"
_MULTIPART_MARGIN = 64 * 1024  # form fields and part headers around the files


def body_rules(routers: list[APIRouter], limits: Limits) -> list[BodyRule]:
    """The body limit of each route that takes files, from its ``x-body-limit`` kind."""
    kinds = {
        "upload": (limits.max_upload_bytes, "max_upload_bytes"),
        "image": (2 * limits.max_image_bytes, "max_image_bytes"),  # the image and a heatmap
        "model": (limits.max_model_bytes, "max_model_bytes"),
    }
    rules: list[BodyRule] = []
    for router in routers:
        for route in router.routes:
            kind = (getattr(route, "openapi_extra", None) or {}).get(BODY_LIMIT)
            if kind is not None:
                size, setting = kinds[kind]
                template = API_PREFIX + str(getattr(route, "path", ""))
                pattern = re.compile("^" + re.sub(r"\{[^/}]+\}", "[^/]+", template) + "$")
                rules.append((pattern, size + _MULTIPART_MARGIN, setting))
    return rules


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
    register_subscribers()
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

    errors.install(app)

    public, private = _routers()
    for r in public:
        app.include_router(r, prefix=API_PREFIX, responses=errors.PUBLIC_RESPONSES)
    # deny by default: every other route needs an authenticated actor
    authed = APIRouter(dependencies=[Depends(get_actor)])
    for r in private:
        authed.include_router(r)
    app.include_router(authed, prefix=API_PREFIX, responses=errors.ERROR_RESPONSES)

    @app.get(f"{API_PREFIX}/health", tags=["meta"])
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    errors.add_fallback(app, API_PREFIX, public + private)  # after every API route, before the UI

    if ui:
        from suigang.ui import mount

        mount(app, settings)
    # no more API requests inside than the connection pool holds (see InFlightLimit)
    app.add_middleware(InFlightLimit, limit=settings.db_pool_size + settings.db_max_overflow)
    app.add_middleware(StrictJson)
    app.add_middleware(
        BodyLimit,
        default=settings.limits.max_json_bytes,
        rules=body_rules(public + private, settings.limits),
    )
    app.add_middleware(SecurityHeaders)  # added last: the outermost, sees every response
    return app
