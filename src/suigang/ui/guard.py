"""One way to open a page: signed in, allowed, framed.

Every page but sign-in is declared with ``@guarded_page(path, ...)`` instead of ``@ui.page``:
the guard sends a visitor who is not signed in to ``/login`` (HTTP 303), shows the 403 page
to a user whose role lacks ``permission`` on their own firm's resources (or, with
``of_own_firm=False``, lacks the type-level ``permission``, one of no firm), draws the frame
with ``title`` (a label key; pages whose title depends on what they show leave it out and call
``frame`` themselves), then calls the page body with the page context first and the path
and query parameters after it, as NiceGUI passes them.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from typing import Any

from nicegui import ui
from starlette.responses import RedirectResponse

from suigang.domains.common import owned_by
from suigang.domains.identity.permissions import can
from suigang.ui.context import PageContext, page_context
from suigang.ui.frame import forbidden, frame

Body = Callable[..., Any]
#: the pages open to a visitor who is not signed in (every other page is guarded)
PUBLIC_PAGES = frozenset({"/login"})


def is_guarded(handler: Callable[..., Any]) -> bool:
    """Whether a page handler NiceGUI holds was declared with :func:`guarded_page`."""
    return getattr(handler, "guarded", False) is True


def guarded_page(
    path: str,
    *,
    title: str | None = None,
    permission: str | None = None,
    of_own_firm: bool = True,
) -> Callable[[Body], Body]:
    """Declare the page at ``path`` whose body is ``body(ctx, **params)``."""

    def declare(body: Body) -> Body:
        def opened(ctx: PageContext) -> bool:
            resource = owned_by(ctx.actor.enterprise_id) if of_own_firm else None
            if permission is not None and not can(ctx.actor, permission, resource):
                forbidden(ctx)
                return False
            if title is not None:
                frame(ctx, title)
            return True

        handler: Callable[..., Any]
        if inspect.iscoroutinefunction(body):

            async def handler(**params: Any) -> RedirectResponse | None:
                with page_context() as ctx:
                    if ctx is None:
                        return RedirectResponse("/login", status_code=303)
                    if opened(ctx):
                        await body(ctx, **params)
                    return None
        else:

            def handler(**params: Any) -> RedirectResponse | None:
                with page_context() as ctx:
                    if ctx is None:
                        return RedirectResponse("/login", status_code=303)
                    if opened(ctx):
                        body(ctx, **params)
                    return None

        # NiceGUI reads the path and query parameters off the handler's signature: the body's,
        # without the context, with its annotations resolved where the body was written
        hints = typing.get_type_hints(body)
        params = [
            p.replace(annotation=hints.get(p.name, p.annotation))
            for p in list(inspect.signature(body).parameters.values())[1:]
        ]
        handler.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        handler.guarded = True  # type: ignore[attr-defined]
        handler.__name__ = body.__name__
        handler.__doc__ = body.__doc__
        ui.page(path)(handler)
        return body

    return declare
