"""ASGI middleware of the whole application (API and UI): security headers, cookie flags,
request body limits.

Pure ASGI (no ``BaseHTTPMiddleware``), so streamed responses (server-sent events, files)
pass through untouched.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any

from starlette.exceptions import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Sent with every response: no framing by other sites (clickjacking), no content sniffing.
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)
#: Over TLS browsers are told to keep to it.
HSTS = (b"strict-transport-security", b"max-age=31536000")


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response; over TLS (the request's scheme
    is https, also behind a proxy that says so in ``X-Forwarded-Proto``, which uvicorn reads)
    it adds HSTS and marks every cookie ``Secure``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tls = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[tuple[bytes, bytes]] = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = [*SECURITY_HEADERS, HSTS] if tls else list(SECURITY_HEADERS)
                headers += [(k, v) for k, v in extra if k not in present]
                if tls:
                    headers = [_secure_cookie(name, value) for name, value in headers]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _secure_cookie(name: bytes, value: bytes) -> tuple[bytes, bytes]:
    if name.lower() != b"set-cookie" or b"; secure" in value.lower():
        return name, value
    return name, value + b"; Secure"


#: ``(path pattern, limit in bytes, the setting that sets it)`` of routes with a larger body.
BodyRule = tuple["re.Pattern[str]", int, str]


class BodyLimit:
    """Refuses a request body over its route's limit with 413, before the route reads it:
    at once when ``Content-Length`` says so, else when the bytes received pass the limit.

    JSON and form bodies get ``default`` bytes; routes taking files have their own rule.
    """

    def __init__(self, app: ASGIApp, *, default: int, rules: Sequence[BodyRule] = ()) -> None:
        self.app = app
        self.default = default
        self.rules = list(rules)

    def _limit(self, path: str) -> tuple[int, str]:
        for pattern, limit, setting in self.rules:
            if pattern.match(path):
                return limit, setting
        return self.default, "max_json_bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, setting = self._limit(scope.get("path", ""))
        declared = next((v for k, v in scope.get("headers", ()) if k == b"content-length"), None)
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(send, limit, setting)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge(_message(limit, setting))
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await _too_large(send, limit, setting)


class _BodyTooLarge(HTTPException):
    """The body passed its limit while being read (FastAPI answers it as a 413)."""

    def __init__(self, detail: str) -> None:
        super().__init__(status_code=413, detail=detail)


def _message(limit: int, setting: str) -> str:
    return (
        f"the request body is larger than the {limit:,} bytes accepted "
        f"(SUIGANG_LIMITS__{setting.upper()})"
    )


async def _too_large(send: Send, limit: int, setting: str) -> None:
    # the rest of the body is not read: the connection closes after the answer
    await _send_json(send, 413, {"detail": _message(limit, setting)}, close=True)


async def _send_json(send: Send, status: int, content: object, *, close: bool = False) -> None:
    """A whole JSON answer sent from a middleware, before any route has run."""
    body = json.dumps(content).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class StrictJson:
    """Refuses JSON bodies holding ``NaN``, ``Infinity`` or numbers beyond a float (``1e400``)
    with 422 in the shape of FastAPI's validation errors: Python reads them as floats that no
    JSON answer can carry and that databases store differently, so they never reach a route.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        content_type = next((v for k, v in scope.get("headers", ()) if k == b"content-type"), b"")
        media = content_type.split(b";")[0].strip().lower()
        if not (media == b"application/json" or media.endswith(b"+json")):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message], receive), send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        problem = _non_finite(body)
        if problem is not None:
            detail = [{"type": "value_error", "loc": ["body"], "msg": problem, "input": None}]
            await _send_json(send, 422, {"detail": detail})
            return
        replayed: Message = {"type": "http.request", "body": body, "more_body": False}
        await self.app(scope, _replay([replayed], receive), send)


class _NotFinite(ValueError):
    pass


def _refuse_constant(name: str) -> float:
    raise _NotFinite(f"{name} is not a number JSON allows")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _NotFinite(f"{text[:40]} is beyond the range of a number")
    return value


def _non_finite(body: bytes) -> str | None:
    """Why the JSON ``body`` holds a number no JSON answer can carry, or None (also for
    malformed JSON, which FastAPI reports itself)."""
    try:
        json.loads(body, parse_constant=_refuse_constant, parse_float=_finite_float)
    except _NotFinite as exc:
        return str(exc)
    except (ValueError, RecursionError):
        return None
    return None


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


class InFlightLimit:
    """At most ``limit`` API requests of this process are inside the app at once; the rest
    wait here, in the event loop, for their turn.

    A request holds a database connection from its first query until its session is closed,
    which FastAPI does in a worker thread after the response. With more requests inside than
    the connection pool holds, the threads fill with requests waiting for a connection while
    the requests holding them wait for a thread to close their sessions, until the pool's
    timeout. Letting in no more requests than the pool has connections avoids that.
    """

    def __init__(self, app: ASGIApp, *, limit: int, prefix: str = "/api/") -> None:
        self.app = app
        self.prefix = prefix
        self._slots = asyncio.Semaphore(limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope.get("path", "").startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        async with self._slots:
            await self.app(scope, receive, send)
