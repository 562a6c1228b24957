"""The API as an import string for process managers: ``suigang.api.asgi:create_api``.

``suigang serve --workers N`` runs N processes of it (uvicorn's workers, one socket); each
reads its settings from the environment, delivers outbox events (PostgreSQL hands each event
to one of them) and runs the jobs it starts. The web UI runs in its own process beside them.
"""

from __future__ import annotations

from fastapi import FastAPI

from suigang.api.app import create_app
from suigang.config import get_settings


def create_api() -> FastAPI:
    """The REST API without the UI, delivering events: one worker process."""
    return create_app(get_settings(), ui=False, deliver_events=True)
