"""How errors leave the API: one JSON shape, documented in the OpenAPI description.

Every error answers ``{"detail": "..."}`` (a rejected file adds ``errors``, its first bad
rows, and ``error_count``); FastAPI's own validation errors answer 422 with ``detail`` as a
list. Unknown paths under /api/v1 answer 404 and known paths with another method 405, as
JSON, never the web UI's page.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy.exc import DataError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError

from suigang.api.schemas import ErrorBody, ValidationErrorBody
from suigang.db import error_summary
from suigang.errors import DomainError

log = logging.getLogger(__name__)

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

#: The error answers every authenticated route may give (for the OpenAPI description).
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "the request cannot be carried out as sent"},
    401: {"model": ErrorBody, "description": "no valid bearer token or X-API-Key"},
    403: {"model": ErrorBody, "description": "the caller may see this but not do this"},
    404: {"model": ErrorBody, "description": "not found, or another firm's"},
    409: {"model": ErrorBody, "description": "an illegal transition or a stale version"},
    413: {"model": ErrorBody, "description": "the body or a file is over its size limit"},
    429: {"model": ErrorBody, "description": "too many failed sign-ins: wait Retry-After s"},
    422: {
        "model": ErrorBody | ValidationErrorBody,
        "description": "malformed input: a message naming the field, or the fields' list",
    },
    503: {"model": ErrorBody, "description": "the database is busy or unavailable"},
}
#: What the sign-in route may answer besides success.
PUBLIC_RESPONSES: dict[int | str, dict[str, Any]] = {
    k: ERROR_RESPONSES[k] for k in (401, 413, 422, 429, 503)
}


def install(app: FastAPI) -> None:
    """The exception handlers that turn errors into :data:`ERROR_RESPONSES`."""

    @app.exception_handler(DomainError)
    async def domain_error(_: Request, exc: DomainError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        headers = {**(headers or {}), **getattr(exc, "headers", {})}
        body: dict[str, object] = {"detail": exc.message}
        rows = getattr(exc, "errors", None)  # e.g. the bad rows of a rejected spreadsheet
        if rows:
            body["errors"] = [r.model_dump() if hasattr(r, "model_dump") else str(r) for r in rows]
            body["error_count"] = getattr(exc, "error_count", len(rows))  # listed: the first
        return JSONResponse(body, status_code=exc.status_code, headers=headers or None)

    @app.exception_handler(ValidationError)
    async def invalid_inside(_: Request, exc: ValidationError) -> JSONResponse:
        # a model a route builds from its parameters (a form's fields, say) refused them:
        # the caller's input, answered as FastAPI answers a malformed body
        errors = exc.errors(include_url=False, include_input=False, include_context=False)
        return JSONResponse({"detail": jsonable_encoder(errors)}, status_code=422)

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


def add_fallback(app: FastAPI, prefix: str, routers: list[APIRouter]) -> None:
    """``/api/v1/<anything else>``: 405 with ``Allow`` where the path exists with other
    methods, else 404; JSON either way. Add it after every API route."""
    table: list[tuple[re.Pattern[str], set[str]]] = []
    routes = [
        (prefix + str(getattr(r, "path", "")), r) for router in routers for r in router.routes
    ]
    routes += [(str(getattr(r, "path", "")), r) for r in app.routes]
    for template, route in routes:
        methods = set(getattr(route, "methods", None) or ())
        if template.startswith(prefix + "/") and methods:
            pattern = re.compile("^" + re.sub(r"\{[^/}]+\}", "[^/]+", template) + "$")
            table.append((pattern, methods | ({"HEAD"} if "GET" in methods else set())))

    def allowed(path: str) -> set[str]:
        return {m for pattern, methods in table if pattern.match(path) for m in methods}

    @app.api_route(
        f"{prefix}/{{rest:path}}",
        methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        include_in_schema=False,
    )
    async def unknown(request: Request, rest: str) -> JSONResponse:
        path = request.url.path
        methods = allowed(path)
        if methods:
            allow = ", ".join(sorted(methods))
            return JSONResponse(
                {"detail": f"{request.method} is not allowed on {path}; use {allow}"},
                status_code=405,
                headers={"Allow": allow},
            )
        return JSONResponse({"detail": f"no API route {path}"}, status_code=404)
