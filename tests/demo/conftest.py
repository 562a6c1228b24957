"""Demo databases: each test module gets its own SQLite file and PostgreSQL database.

Building the demo zone is the slow part, so it is built once per test session (on SQLite and
on PostgreSQL) into a template, and each module gets a fresh copy of it: a file copy on
SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL. A copy holds the same rows as a
build of its own (the build is deterministic for one seed and day, which
``test_same_seed_same_database`` checks with a real second build), and what one module
writes never reaches another.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from suigang.config import Settings
from suigang.db import make_engine, make_session_factory
from suigang.demo import DemoSummary
from suigang.migrations import upgrade
from tests.demo.demo_support import Built, build


def migrated(url: str) -> sessionmaker[Session]:
    upgrade(url)
    return make_session_factory(make_engine(Settings(), url=url))


def copy_sqlite(source: Path, target: Path) -> sessionmaker[Session]:
    """A session factory on a copy of the SQLite file ``source`` (closed: no WAL left)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
    return make_session_factory(make_engine(Settings(), url=f"sqlite:///{target}"))


@pytest.fixture(scope="module")
def sqlite_factory(
    tmp_path_factory: pytest.TempPathFactory, _sqlite_template: Path
) -> Callable[[str], sessionmaker[Session]]:
    """Make a migrated, empty SQLite database file under a fresh directory (a copy of the
    session's migrated template)."""

    def make(name: str) -> sessionmaker[Session]:
        return copy_sqlite(_sqlite_template, tmp_path_factory.mktemp("demo") / f"{name}.db")

    return make


@pytest.fixture(scope="session")
def _sqlite_demo_template(
    tmp_path_factory: pytest.TempPathFactory, _sqlite_template: Path
) -> tuple[DemoSummary, Path]:
    """The demo built once into a migrated SQLite file, closed, to be copied."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    factory = copy_sqlite(_sqlite_template, path)
    summary = build(factory)
    factory.kw["bind"].dispose()
    assert not path.with_name(path.name + "-wal").exists()
    return summary, path


@pytest.fixture(scope="module")
def sqlite_demo(
    tmp_path_factory: pytest.TempPathFactory, _sqlite_demo_template: tuple[DemoSummary, Path]
) -> Built:
    """The demo on a SQLite file of this module's own."""
    summary, template = _sqlite_demo_template
    return summary, copy_sqlite(template, tmp_path_factory.mktemp("demo") / "main.db")


def _admin(postgres_url: str) -> str:
    return postgres_url.replace("+psycopg", "")


@pytest.fixture(scope="session")
def _postgres_demo_template(postgres_url: str) -> Iterator[tuple[DemoSummary, str]]:
    """The demo built once into a PostgreSQL database of its own, used only as a template."""
    import psycopg

    name = f"suigang_demo_tpl_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_admin(postgres_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    factory = migrated(postgres_url.rsplit("/", 1)[0] + f"/{name}")
    try:
        summary = build(factory)
        factory.kw["bind"].dispose()  # a template must have no connection when copied
        yield summary, name
    finally:
        factory.kw["bind"].dispose()
        with psycopg.connect(_admin(postgres_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def postgres_demo(
    postgres_url: str, _postgres_demo_template: tuple[DemoSummary, str]
) -> Iterator[Built]:
    """The demo on a PostgreSQL database of its own (a copy of the template), dropped
    afterwards."""
    import psycopg

    summary, template = _postgres_demo_template
    server = _admin(postgres_url)
    name = f"suigang_demo_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    factory = make_session_factory(
        make_engine(Settings(), url=postgres_url.rsplit("/", 1)[0] + f"/{name}")
    )
    try:
        yield summary, factory
    finally:
        factory.kw["bind"].dispose()
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
