"""Demo databases built once per test module: SQLite files and a PostgreSQL database."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from suigang.config import Settings
from suigang.db import make_engine, make_session_factory
from suigang.migrations import upgrade
from tests.demo.demo_support import Built, build


def migrated(url: str) -> sessionmaker[Session]:
    upgrade(url)
    return make_session_factory(make_engine(Settings(), url=url))


@pytest.fixture(scope="module")
def sqlite_factory(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[str], sessionmaker[Session]]:
    """Make a migrated, empty SQLite database file under a fresh directory."""

    def make(name: str) -> sessionmaker[Session]:
        path: Path = tmp_path_factory.mktemp("demo") / f"{name}.db"
        return migrated(f"sqlite:///{path}")

    return make


@pytest.fixture(scope="module")
def sqlite_demo(sqlite_factory: Callable[[str], sessionmaker[Session]]) -> Built:
    factory = sqlite_factory("main")
    return build(factory), factory


@pytest.fixture(scope="module")
def postgres_demo(postgres_url: str) -> Iterator[Built]:
    """The demo on a PostgreSQL database of its own, dropped afterwards."""
    import psycopg

    server = postgres_url.replace("+psycopg", "")
    name = f"suigang_demo_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = postgres_url.rsplit("/", 1)[0] + f"/{name}"
    factory = migrated(url)
    try:
        yield build(factory), factory
    finally:
        engine = factory.kw["bind"]
        engine.dispose()
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
