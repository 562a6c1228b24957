"""Equipment tables on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from suigang.config import Settings
from suigang.db import make_engine, make_session_factory
from suigang.domains.registry import load_all_models


@pytest.fixture(params=["sqlite", "postgresql"])
def session_factory(request, tmp_path) -> Iterator[sessionmaker[Session]]:
    """A session factory on each database, tables created from the models."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'equipment.db'}"
    else:
        url = request.getfixturevalue("telemetry_pg_url")
    engine = make_engine(Settings(), url=url)
    load_all_models().create_all(engine)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def telemetry_pg_url(postgres_url: str) -> Iterator[str]:
    """A sibling of the session's PostgreSQL database with every table created from the models.

    Kept apart from ``postgres_url`` so that tests expecting that database empty (migrations)
    never meet these tables.
    """
    import psycopg

    from suigang.domains.registry import load_all_models

    base, name = postgres_url.rsplit("/", 1)
    sibling = f"{name}_{uuid.uuid4().hex[:6]}"
    admin = "postgresql://" + base.split("://", 1)[1] + "/" + name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{sibling}"')
    url = f"{base}/{sibling}"
    engine = make_engine(Settings(), url=url)
    load_all_models().create_all(engine)
    engine.dispose()
    yield url
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{sibling}" WITH (FORCE)')


@pytest.fixture
def machine() -> str:
    """A machine key unique to the test, so tests sharing a database never meet."""
    return f"g-{uuid.uuid4().hex[:8]}/n1/d1"
