"""Alembic environment: the URL comes from the caller's config, the metadata from the domains."""

from __future__ import annotations

from typing import Any, Literal

import sqlalchemy as sa
from alembic import context
from sqlalchemy.types import TypeDecorator

from suigang.config import Settings
from suigang.db import make_engine
from suigang.domains.registry import load_all_models

config = context.config


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Write our column types as the plain SQL types they store, so that migrations never
    import application code that may change later."""
    if type_ == "type" and isinstance(obj, TypeDecorator) and type(obj).__module__ == "suigang.db":
        impl = obj.impl_instance
        if isinstance(impl, sa.DateTime):
            return "sa.DateTime(timezone=True)"
        if isinstance(impl, sa.String):
            return f"sa.String(length={impl.length})"
    return False


target_metadata = load_all_models()


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url") or Settings().resolved_database_url()
    engine = make_engine(Settings(), url=url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            render_item=render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
