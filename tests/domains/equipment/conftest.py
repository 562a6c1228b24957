"""Equipment tables on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from suigang.config import Settings
from suigang.db import make_engine, make_session_factory
from suigang.domains.registry import load_all_models
from tests.conftest import sqlite_copy


@pytest.fixture(params=["sqlite", "postgresql"])
def session_factory(request, tmp_path) -> Iterator[sessionmaker[Session]]:
    """A session factory on each database, tables created from the models."""
    if request.param == "sqlite":
        template = request.getfixturevalue("_sqlite_models_template")
        engine = make_engine(Settings(), url=sqlite_copy(template, tmp_path / "equipment.db"))
    else:
        engine = make_engine(Settings(), url=request.getfixturevalue("telemetry_pg_url"))
        load_all_models().create_all(engine)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def machine() -> str:
    """A machine key unique to the test, so tests sharing a database never meet."""
    return f"g-{uuid.uuid4().hex[:8]}/n1/d1"
