"""SQLAlchemy 2 base, portable column types and engine/session factories.

Nothing connects at import time: ``make_engine(settings)`` builds an engine on demand.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, String, TypeDecorator, create_engine, event
from sqlalchemy import exc as sqlalchemy_exc
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from suigang.config import Settings

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every table; the naming convention keeps migrations portable."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on both SQLite and PostgreSQL.

    Naive datetimes are refused on the way in, so local time can never slip into storage.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: store timezone-aware UTC times")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite returns naive values: they were stored as UTC
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class UUIDString(TypeDecorator[uuid.UUID]):
    """A UUID stored as its 36-character text on every database."""

    impl = String(36)
    cache_ok = True

    def process_bind_param(self, value: uuid.UUID | str | None, dialect: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, uuid.UUID):  # already valid: its text is canonical
            return str(value)
        return str(uuid.UUID(str(value)))

    def process_result_value(self, value: str | None, dialect: Any) -> uuid.UUID | None:
        return None if value is None else uuid.UUID(value)


class StrEnumType(TypeDecorator[StrEnum]):
    """A ``StrEnum`` stored as its value in a plain string column, read back as the enum.

    An unknown value is refused on the way in with a message naming the allowed ones.
    """

    impl = String(32)
    cache_ok = True

    def __init__(self, enum_cls: type[StrEnum], length: int = 32) -> None:
        super().__init__(length)
        self.enum_cls = enum_cls

    def process_bind_param(self, value: StrEnum | str | None, dialect: Any) -> str | None:
        if value is None:
            return None
        try:
            return self.enum_cls(value).value
        except ValueError:
            allowed = ", ".join(m.value for m in self.enum_cls)
            raise ValueError(f"{value!r} is not one of {allowed}") from None

    def process_result_value(self, value: str | None, dialect: Any) -> StrEnum | None:
        return None if value is None else self.enum_cls(value)


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def make_engine(settings: Settings, *, url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for the configured database; SQLite gets WAL and enforced foreign keys."""
    url = url or settings.resolved_database_url()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        if path and path != ":memory:" and kwargs.get("poolclass") is None:
            kwargs.setdefault("pool_size", settings.db_pool_size)
            kwargs.setdefault("max_overflow", settings.db_max_overflow)
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        kwargs.setdefault("hide_parameters", True)  # values never reach an error text or a log
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    kwargs.setdefault("pool_pre_ping", True)
    if kwargs.get("poolclass") is None:
        kwargs.setdefault("pool_size", settings.db_pool_size)
        kwargs.setdefault("max_overflow", settings.db_max_overflow)
    kwargs.setdefault("hide_parameters", True)  # values never reach an error text or a log
    return create_engine(url, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after the one commit of a use case."""
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that rolls back whatever a failed use case left uncommitted."""
    session = factory()
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


#: Errors of the database connection rather than of the data: worth retrying the same work.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    sqlalchemy_exc.OperationalError,
    sqlalchemy_exc.InterfaceError,
    sqlalchemy_exc.TimeoutError,
    sqlalchemy_exc.DisconnectionError,
)


def error_summary(exc: BaseException) -> str:
    """A database error as its class and SQLSTATE only, e.g. ``DataError (SQLSTATE 22003)``.

    The database's own text can hold the rows' values (and so secrets or personal data):
    it never goes into a response or a log line; this summary does.
    """
    orig = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's error
    if getattr(orig, "sqlstate", None):
        return f"{type(exc).__name__} (SQLSTATE {orig.sqlstate})"  # type: ignore[union-attr]
    if getattr(orig, "sqlite_errorname", None):
        return f"{type(exc).__name__} ({orig.sqlite_errorname})"  # type: ignore[union-attr]
    return type(exc).__name__
