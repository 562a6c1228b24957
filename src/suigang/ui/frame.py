"""The shared page frame (header, navigation by role) and small building blocks of pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from nicegui import ui
from sqlalchemy.orm import Session

from suigang.domains.identity.models import EnterpriseKind
from suigang.domains.identity.permissions import Actor
from suigang.errors import NotFound
from suigang.ui.context import PageContext, lang, run_action, storage
from suigang.ui.i18n import LANG_NAMES, t

BRAND = "Suigang 穗港"
T = TypeVar("T")

# (path, label key, icon) of the left navigation, by the kind of the user's firm
NAVIGATION: dict[str, tuple[tuple[str, str, str], ...]] = {
    EnterpriseKind.FRONT_SHOP: (
        ("/", "nav.home", "home"),
        ("/rfqs/new", "nav.new_rfq", "request_quote"),
    ),
    EnterpriseKind.FACTORY: (
        ("/", "nav.home", "home"),
        ("/work-orders", "nav.work_orders", "precision_manufacturing"),
    ),
    EnterpriseKind.ZONE_OFFICE: (("/", "nav.home", "home"),),
}


def add_navigation(kind: str, path: str, label_key: str, icon: str) -> None:
    """Add an entry to the left navigation of users whose firm is of ``kind``."""
    entry = (path, label_key, icon)
    current = NAVIGATION.get(kind, ())
    if entry not in current:
        NAVIGATION[kind] = (*current, entry)


STATUS_COLORS = {
    "open": "blue",
    "quoted": "indigo",
    "accepted": "green",
    "cancelled": "grey",
    "pending": "orange",
    "declined": "grey",
    "submitted": "indigo",
    "rejected": "grey",
    "withdrawn": "grey",
    "placed": "blue",
    "in_production": "deep-orange",
    "shipped": "teal",
    "delivered": "green",
    "planned": "blue-grey",
    "released": "blue",
    "in_progress": "deep-orange",
    "completed": "green",
    "running": "deep-orange",
    "done": "green",
    "in_service": "green",
    "maintenance": "orange",
    "out_of_service": "red",
}


def language_switch() -> None:
    """简体中文 / 繁體中文 / English; the choice is kept in the user's storage."""

    def choose(code: str) -> None:
        storage()["lang"] = code
        ui.navigate.reload()

    current = storage().get("lang")
    # the page's language picks the right regional glyphs of the CJK fonts
    ui.query("html").props(f"lang={lang()}")
    with ui.row().classes("gap-1 items-center"):
        for code, name in LANG_NAMES.items():
            button = ui.button(name, on_click=lambda _, c=code: choose(c)).props(
                "flat dense no-caps"
            )
            button.classes("text-white" + (" underline font-bold" if code == current else ""))
            button.mark(f"lang-{code}")


def notify_after_reload(message: str, *, type: str | None = None) -> None:
    """Reload the page, then show ``message`` as a notification on it (one sent just before a
    reload goes with the old page before anyone can read it). ``type`` as in ``ui.notify``."""
    storage()["flash"] = [*storage().get("flash", []), [message, type]]
    ui.navigate.reload()


def run_then_reload(
    use_case: Callable[[Session, Actor], T],
    message: str | Callable[[T], str],
    *,
    type: str | None = None,
) -> T | None:
    """Run ``use_case`` as :func:`run_action` does and, when it succeeds, reload the page and
    show ``message`` on it (``message(result)`` where it names what was done). A refusal is
    notified on the page as it stands; the result, or None, is returned."""
    done = run_action(use_case)
    if done is not None:
        notify_after_reload(message(done) if callable(message) else message, type=type)
    return done


def notify_after_navigate(path: str, message: str, *, type: str | None = None) -> None:
    """Go to ``path``, then show ``message`` as a notification on that page (as
    :func:`notify_after_reload`: one sent before leaving goes with the old page)."""
    storage()["flash"] = [*storage().get("flash", []), [message, type]]
    ui.navigate.to(path)


def show_pending_notifications() -> None:
    """Notifications left by :func:`notify_after_reload` for this page, once."""
    for message, kind in storage().pop("flash", []):
        ui.notify(message, type=kind)


def logout() -> None:
    storage().pop("user_id", None)
    ui.navigate.to("/login")


def frame(ctx: PageContext, title_key: str, **title_args: object) -> None:
    """Header with the firm, the role, the language switch and logout; navigation by role;
    the page title."""
    title = t(title_key, **title_args)
    ui.page_title(f"{title} · {BRAND}")
    firm = ctx.user.enterprise
    with ui.header(elevated=True).classes("items-center bg-teal-800 px-4 py-2 gap-4"):
        ui.link(BRAND, "/").classes("text-lg font-bold text-white no-underline")
        with ui.column().classes("gap-0"):
            ui.label(firm.name(ctx.lang)).classes("text-base font-medium").mark("firm-name")
            ui.label(
                f"{t('kind.' + firm.kind.value)} · {t('role.' + ctx.user.role.value)} · "
                f"{ctx.user.full_name}"
            ).classes("text-xs opacity-80")
        ui.space()
        language_switch()
        ui.button(t("action.logout"), icon="logout", on_click=logout).props(
            "flat dense no-caps"
        ).classes("text-white").mark("logout")
    with ui.left_drawer(bordered=True).classes("bg-grey-1 p-0").props("width=220"):
        with ui.list().classes("w-full"):
            for path, key, icon in NAVIGATION.get(ctx.kind, ()):
                with ui.item(on_click=lambda _, p=path: ui.navigate.to(p)).props("clickable"):
                    with ui.item_section().props("avatar"):
                        ui.icon(icon, color="teal-8")
                    with ui.item_section():
                        ui.label(t(key))
        ui.label(t("frame.time_note")).classes("text-xs text-grey-7 p-4")
    ui.label(title).classes("text-2xl font-semibold text-teal-900 mt-2").mark("page-title")
    show_pending_notifications()


def status_chip(value: str, prefix: str = "status") -> None:
    """A status shown as a small coloured badge with its translated label (``prefix.value``)."""
    ui.badge(t(f"{prefix}.{value}"), color=STATUS_COLORS.get(value, "grey")).props(
        "outline"
    ).classes("text-sm px-2")


@dataclass(frozen=True)
class Link:
    """A table cell that links somewhere."""

    text: str
    href: str


@dataclass(frozen=True)
class Status:
    """A table cell that shows a status badge; ``prefix`` names the family of labels."""

    value: str
    prefix: str = "status"


@dataclass(frozen=True)
class Drawn:
    """A table cell whose content a function draws (buttons, a dialog, a badge and a note)."""

    draw: Callable[[], None]


Cell = str | int | Link | Status | Drawn


@contextmanager
def table(headers: Sequence[str]) -> Iterator[None]:
    """A plain HTML table with its header row; the rows (``table_row``) go inside."""
    with ui.element("table").classes("w-full border-collapse text-sm"):
        with ui.element("thead"), ui.element("tr").classes("bg-teal-50"):
            for header in headers:
                with ui.element("th").classes("text-left px-3 py-2 font-medium text-teal-900"):
                    ui.label(header)
        with ui.element("tbody"):
            yield


def table_row(cells: Sequence[Cell]) -> None:
    """One row of a ``table``: labels, links, status badges or drawn cells."""
    with ui.element("tr").classes("border-b border-gray-200"):
        for cell in cells:
            with ui.element("td").classes("px-3 py-2"):
                if isinstance(cell, Link):
                    ui.link(cell.text, cell.href).classes("text-teal-800")
                elif isinstance(cell, Status):
                    status_chip(cell.value, cell.prefix)
                elif isinstance(cell, Drawn):
                    cell.draw()
                else:
                    ui.label(str(cell))


def data_table(headers: Sequence[str], rows: Sequence[Sequence[Cell]], *, empty_key: str) -> None:
    """A plain HTML table of labels and links (readable by people and by the tests alike)."""
    if not rows:
        ui.label(t(empty_key)).classes("text-grey-7 italic")
        return
    with table(headers):
        for row in rows:
            table_row(row)


def pager(param: str, offset: int, shown: int, total: int, limit: int, extra: str = "") -> None:
    """The range shown ("1–20 of 66") with links to the newer and older pages of one list
    (``?param=offset``, followed by the ``extra`` query that keeps the list's filter)."""
    if total == 0:
        return
    tail = f"&{extra}" if extra else ""
    with ui.row().classes("items-center gap-3 text-xs text-grey-7"):
        ui.label(t("list.range", first=offset + 1, last=offset + shown, total=total)).mark(
            f"range-{param}"
        )
        if offset > 0:
            ui.link(t("list.newer"), f"?{param}={max(0, offset - limit)}{tail}").mark(
                f"newer-{param}"
            )
        if offset + shown < total:
            ui.link(t("list.older"), f"?{param}={offset + limit}{tail}").mark(f"older-{param}")


def section(title_key: str) -> ui.card:
    """A titled card that groups one part of a page."""
    card = ui.card().classes("w-full")
    with card:
        ui.label(t(title_key)).classes("text-lg font-medium text-teal-900")
    return card


def field_grid(pairs: Sequence[tuple[str, Cell]]) -> None:
    """Label/value pairs of a record, two columns wide."""
    with ui.grid(columns="max-content 1fr").classes("gap-x-6 gap-y-1 text-sm"):
        for label_key, value in pairs:
            ui.label(t(label_key)).classes("text-grey-7")
            if isinstance(value, Status):
                with ui.row():
                    status_chip(value.value, value.prefix)
            elif isinstance(value, Link):
                ui.link(value.text, value.href).classes("text-teal-800")
            else:
                ui.label(str(value))


def not_found(ctx: PageContext, what_key: str) -> None:
    """The answer for something the viewer may not see, or that does not exist: HTTP 404."""
    ui.status_code(404)
    frame(ctx, "page.not_found")
    ui.label(t("error.not_found", what=t(what_key))).classes("text-lg").mark("not-found")
    ui.link(t("nav.home"), "/")


def found(
    ctx: PageContext,
    what_key: str,
    load: Callable[[], T],
    *,
    missing: tuple[type[Exception], ...] = (ValueError, NotFound),
) -> T | None:
    """What ``load`` reads for a page about one thing, or None once the page has answered
    404: an id that is no id (``ValueError``) and a thing that does not exist or that the
    viewer may not see (``NotFound``) get the same answer."""
    try:
        return load()
    except missing:
        not_found(ctx, what_key)
        return None


def forbidden(ctx: PageContext) -> None:
    """The answer for a page the viewer's role has no use for: HTTP 403."""
    ui.status_code(403)
    frame(ctx, "page.forbidden")
    ui.label(t("error.forbidden")).classes("text-lg").mark("forbidden")
    ui.link(t("nav.home"), "/")
