"""``/login``: e-mail and password; on success the user id goes into the user's storage."""

from __future__ import annotations

from nicegui import app, ui
from starlette.responses import RedirectResponse

from suigang.domains.identity.signin import TooManyAttempts, sign_in
from suigang.errors import DomainError
from suigang.ui.context import db, lang, signed_in_user, storage
from suigang.ui.frame import BRAND, language_switch
from suigang.ui.i18n import t
from suigang.ui.signin import issue_ticket


def register() -> None:
    @ui.page("/login")
    def login_page() -> RedirectResponse | None:
        with db() as session:
            if signed_in_user(session) is not None:
                return RedirectResponse("/", status_code=303)
        ui.page_title(f"{t('page.login')} · {BRAND}")
        with ui.header().classes("items-center bg-teal-800 px-4 py-2"):
            ui.label(BRAND).classes("text-lg font-bold")
            ui.space()
            language_switch()

        def submit() -> None:
            request = ui.context.client.request
            address = request.client.host if request is not None and request.client else None
            with db() as session:
                try:
                    user = sign_in(
                        session,
                        email=email.value or "",
                        password=password.value or "",
                        address=address,
                    )
                except DomainError as exc:
                    message = (
                        t("login.locked", seconds=exc.retry_after)
                        if isinstance(exc, TooManyAttempts)
                        else t("login.failed")
                    )
                    error.set_text(message)
                    error.set_visibility(True)
                    ui.notify(message, type="negative")
                    return
                chosen = storage().get("lang") or user.language or lang()
                ticket = issue_ticket(
                    session_id=str(app.storage.browser.get("id")),
                    user_id=str(user.id),
                    lang=chosen,
                )
            ui.navigate.to(f"/login/complete?ticket={ticket}")  # a new session id

        with ui.card().classes("absolute-center w-96 gap-3"):
            ui.label(t("page.login")).classes("text-xl font-semibold text-teal-900")
            ui.label(t("login.subtitle")).classes("text-sm text-grey-7")
            email = ui.input(t("field.email")).props("outlined type=email autofocus")
            email.classes("w-full").mark("email")
            password = ui.input(t("field.password"), password=True).props("outlined")
            password.classes("w-full").mark("password")
            password.on("keydown.enter", submit)
            error = ui.label("").classes("text-negative text-sm").mark("login-error")
            error.set_visibility(False)
            ui.button(t("action.login"), on_click=submit).props("color=teal-8 no-caps").classes(
                "w-full"
            ).mark("login-button")
        return None
