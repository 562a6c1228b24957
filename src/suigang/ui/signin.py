"""Signing in turns the browser's session into a new one (no session fixation).

The sign-in form runs over the page's websocket, which cannot set a cookie. On success it
asks for a one-time ticket bound to the browser's current session and sends the browser to
``/login/complete?ticket=...``: that plain HTTP request gives the browser a new session id
(a new signed cookie), moves the signed-in user into the new session's storage and clears
the old one. A session id someone planted before sign-in is worth nothing afterwards.
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.responses import RedirectResponse

#: How long a ticket is good for (the browser follows it at once).
TICKET_TTL_S = 60.0


@dataclass(frozen=True, slots=True)
class _Ticket:
    session_id: str
    user_id: str
    lang: str
    expires: float


_tickets: dict[str, _Ticket] = {}
_lock = threading.Lock()


def issue_ticket(*, session_id: str, user_id: str, lang: str) -> str:
    """A one-time ticket that completes the sign-in of ``user_id`` in ``session_id``."""
    now = time.monotonic()
    ticket = secrets.token_urlsafe(32)
    with _lock:
        for key in [k for k, v in _tickets.items() if v.expires < now]:
            del _tickets[key]
        _tickets[ticket] = _Ticket(session_id, user_id, lang, now + TICKET_TTL_S)
    return ticket


def _take(ticket: str) -> _Ticket | None:
    with _lock:
        found = _tickets.pop(ticket, None)
    if found is None or found.expires < time.monotonic():
        return None
    return found


def register() -> None:
    """Add ``GET /login/complete`` to the UI (NiceGUI's app, where the session lives)."""
    from nicegui import app as nicegui_app

    @nicegui_app.get("/login/complete", include_in_schema=False)
    async def complete_sign_in(request: Request, ticket: str = "") -> RedirectResponse:
        found = _take(ticket)
        old_id = request.session.get("id")
        if found is None or found.session_id != old_id:
            return RedirectResponse("/login", status_code=303)
        storage: Any = nicegui_app.storage
        old = storage._users.get(old_id)  # NiceGUI keeps user storage by session id
        if old is not None:
            old.pop("user_id", None)
        new_id = str(uuid.uuid4())
        request.session["id"] = new_id  # the session middleware signs a new cookie
        await storage._create_user_storage(new_id)
        new = storage._users[new_id]
        new["user_id"] = found.user_id
        new["lang"] = found.lang
        return RedirectResponse("/", status_code=303)
