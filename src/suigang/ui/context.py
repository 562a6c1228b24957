"""What every page needs: a database session, the signed-in actor, the language, formatting.

The session comes from the application's ``session_factory`` (set by ``mount``); the actor is
rebuilt on every request from the user id that login stored in ``app.storage.user``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TypeVar
from zoneinfo import ZoneInfo

from nicegui import ui
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from suigang.config import Settings
from suigang.db import session_scope
from suigang.domains.identity.models import EnterpriseKind, User
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import active_user, actor_for_user
from suigang.errors import DomainError
from suigang.ui.i18n import lang, storage, t
from suigang.ui.messages import error_text, refusal, validation_text

HONG_KONG = ZoneInfo("Asia/Hong_Kong")
SHANGHAI = ZoneInfo("Asia/Shanghai")
T = TypeVar("T")


class _Runtime:
    """The session factory and settings of the app the UI is mounted on (set by ``mount``)."""

    session_factory: sessionmaker[Session] | None = None
    settings: Settings | None = None


runtime = _Runtime()


@contextmanager
def db() -> Iterator[Session]:
    """A session for one page build or one action; whatever was not committed is rolled back."""
    if runtime.session_factory is None:
        raise RuntimeError("the UI is not mounted: call suigang.ui.mount(app, settings)")
    # session_scope rolls back on an error and otherwise only closes: close() also discards
    # anything uncommitted, but, unlike rollback(), it leaves the loaded attributes of a use
    # case's result readable for the notification that follows
    with session_scope(runtime.session_factory) as session:
        yield session


def app_settings() -> Settings:
    """The settings of the app the UI is mounted on (the data directory, upload limits...)."""
    if runtime.settings is None:
        raise RuntimeError("the UI is not mounted: call suigang.ui.mount(app, settings)")
    return runtime.settings


@dataclass
class PageContext:
    """The signed-in user of one page, with the session the page is built with."""

    session: Session
    user: User
    actor: Actor
    lang: str

    @property
    def kind(self) -> str:
        return self.actor.enterprise_kind

    @property
    def tz(self) -> ZoneInfo:
        return zone_of(self.actor)


def signed_in_user(session: Session) -> User | None:
    """The active user whose id login stored, or None."""
    raw = storage().get("user_id")
    if not raw:
        return None
    try:
        user_id = uuid.UUID(str(raw))
    except ValueError:
        return None
    return active_user(session, user_id=user_id)


@contextmanager
def page_context() -> Iterator[PageContext | None]:
    """The signed-in user's context for building a page; None when nobody is signed in."""
    with db() as session:
        user = signed_in_user(session)
        if user is None:
            yield None
            return
        yield PageContext(session=session, user=user, actor=actor_for_user(user), lang=lang())


def run_action(fn: Callable[[Session, Actor], T]) -> T | None:
    """Run one use case for the signed-in user from an event handler.

    A domain error (or invalid input) becomes a notification with its message and None is
    returned; the page stays as it was.
    """
    with db() as session:
        user = signed_in_user(session)
        if user is None:
            ui.navigate.to("/login")
            return None
        try:
            return fn(session, actor_for_user(user))
        except DomainError as exc:
            session.rollback()
            ui.notify(refusal(error_text(exc)), type="negative", multi_line=True)
        except ValidationError as exc:
            session.rollback()
            ui.notify(refusal(validation_text(exc)), type="negative", multi_line=True)
        except (StaleDataError, IntegrityError):  # a clash with a change made meanwhile
            session.rollback()
            ui.notify(t("error.stale"), type="negative")
        return None


# -- formatting ---------------------------------------------------------------------------


def zone_of(actor: Actor) -> ZoneInfo:
    """Hong Kong time for Hong Kong firms, Shanghai time for the zone (both UTC+8)."""
    return HONG_KONG if actor.enterprise_kind == EnterpriseKind.FRONT_SHOP else SHANGHAI


def fmt_date(value: datetime | None, tz: ZoneInfo) -> str:
    """The local calendar date of a UTC time, ``YYYY-MM-DD``; an em dash for none."""
    return "—" if value is None else value.astimezone(tz).strftime("%Y-%m-%d")


def fmt_datetime(value: datetime | None, tz: ZoneInfo) -> str:
    """Local date and time of a UTC time, ``YYYY-MM-DD HH:MM``."""
    return "—" if value is None else value.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def fmt_money(amount: Decimal | None, currency: str) -> str:
    """An amount with its currency code and thousands separators, e.g. ``HKD 1,250.00``."""
    if amount is None:
        return "—"
    return f"{currency} {amount.quantize(Decimal('0.01')):,}"


def fmt_unit_price(amount: Decimal, currency: str) -> str:
    """A unit price keeps up to four decimals (quotes are priced to 0.0001)."""
    text = f"{amount.normalize():f}"
    if "." not in text:
        text += ".00"
    elif len(text.split(".")[1]) < 2:
        text += "0"
    return f"{currency} {text}"


END_OF_DAY = time(18, 0)


def local_day_to_utc(day: str | date, tz: ZoneInfo) -> datetime:
    """A calendar date typed by a user, as 18:00 local time on that day (end of the working
    day), timezone-aware."""
    if isinstance(day, str):
        day = date.fromisoformat(day.strip())
    return datetime.combine(day, END_OF_DAY, tzinfo=tz)


def promise_day(value: datetime, tz: ZoneInfo) -> str:
    """The first local day whose end of working day (18:00, as a typed date means) is not
    before ``value``: the date to promise for work that completes at ``value``."""
    local = value.astimezone(tz)
    day = local.date()
    if local.time() > END_OF_DAY:
        day += timedelta(days=1)
    return day.isoformat()
