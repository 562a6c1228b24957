"""A YAML text edited on a page and stored by one use case: the admission rules, a scheme."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from nicegui import ui
from sqlalchemy.orm import Session

from suigang.domains.identity.permissions import Actor
from suigang.ui.frame import run_then_reload
from suigang.ui.i18n import t

T = TypeVar("T")


def yaml_editor(
    start: str,
    *,
    keys: tuple[str, str, str],
    marks: tuple[str, str, str],
    store: Callable[[Session, Actor, str], T],
    stored: Callable[[T], str],
) -> None:
    """A closed expansion holding ``start`` in a monospace text area and a save button.

    ``keys`` are the labels of the expansion, its hint and the button; ``marks`` name the
    expansion, the text area and the button for tests. The button runs ``store`` on the text
    (reading it inside the use case, so a bad text is refused like any domain error) and,
    when it succeeds, says ``stored(row)`` after the page reloads.
    """
    title_key, hint_key, save_key = keys
    expansion_mark, text_mark, save_mark = marks
    with ui.expansion(t(title_key), icon="edit").classes("w-full").mark(expansion_mark):
        ui.label(t(hint_key)).classes("text-xs text-grey-7")
        text = (
            ui.textarea(value=start)
            .props("outlined autogrow")
            .classes("w-full font-mono text-xs")
            .mark(text_mark)
        )

        def save() -> None:
            body = text.value or ""
            run_then_reload(lambda s, a: store(s, a, body), stored, type="positive")

        ui.button(t(save_key), icon="save", on_click=save).mark(save_mark)
