"""NiceGUI pages mounted on the FastAPI app: ``mount(app, settings)``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from suigang.config import Settings

__all__ = ["mount"]


def mount(app: FastAPI, settings: Settings) -> None:
    """Register every page and serve the UI at ``/`` of ``app`` (the API stays at /api/v1).

    Pages read and write through the domain services with sessions from
    ``app.state.session_factory``; browser sessions are signed with ``settings.secret_key``.
    """
    import os

    from nicegui import app as nicegui_app
    from nicegui import ui
    from nicegui.storage import Storage

    from suigang.ui import signin
    from suigang.ui.context import runtime
    from suigang.ui.pages import page_modules

    runtime.session_factory = app.state.session_factory
    runtime.settings = settings
    if "NICEGUI_STORAGE_PATH" not in os.environ:
        # browser sessions live beside the embedded database, not in the working directory
        Storage.path = (settings.data_dir / "ui-storage").resolve()
        Storage.path.mkdir(parents=True, exist_ok=True)
        nicegui_app.storage = Storage()
    signin.register()
    for module in page_modules():
        module.register()
    ui.run_with(
        app,
        storage_secret=settings.signing_key(),
        # the session cookie: HttpOnly, SameSite=Lax; Secure over TLS (api.middleware)
        session_middleware_kwargs={"same_site": "lax"},
        title="Suigang 穗港",
        favicon="🏭",
        show_welcome_message=False,
    )
