"""Alembic environment: the URL comes from the caller's config, the metadata from the domains."""

from __future__ import annotations

from alembic import context

from suigang.config import Settings
from suigang.db import make_engine
from suigang.domains.registry import load_all_models

config = context.config
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
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
