"""ASGI middleware of the whole application (API and UI): security headers, cookie flags.

Pure ASGI (no ``BaseHTTPMiddleware``), so streamed responses (server-sent events, files)
pass through untouched.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

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
