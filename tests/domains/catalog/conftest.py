"""Fixtures of the catalogue tests: one ``session`` over SQLite and PostgreSQL, and a zone.

SQLite gets a fresh database file per test; PostgreSQL one schema per test session, each
test inside a transaction that is rolled back (the use cases' commits become savepoints).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session

from suigang.config import Settings
from suigang.db import make_engine
from tests.conftest import sqlite_copy
from tests.domains.catalog.catalog_helpers import Zone, make_zone


@pytest.fixture(scope="session")
def pg_engine(_pg_migrated: str) -> Iterator[Engine]:
    """The session's migrated PostgreSQL database (tables made by the models here would make
    the migrations fail for every test that runs after this one)."""
    engine = create_engine(_pg_migrated)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def session(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Session]:
    """A session on an empty schema; nothing a test writes outlives it."""
    if request.param == "sqlite":
        template = request.getfixturevalue("_sqlite_models_template")
        engine = make_engine(Settings(), url=sqlite_copy(template, tmp_path / "catalog.db"))
        with Session(engine, expire_on_commit=False) as s:
            yield s
        engine.dispose()
        return
    pg: Engine = request.getfixturevalue("pg_engine")
    with pg.connect() as conn:
        outer = conn.begin()
        s = Session(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
        try:
            yield s
        finally:
            s.close()
            outer.rollback()


@pytest.fixture
def zone(session: Session) -> Zone:
    return make_zone(session)
