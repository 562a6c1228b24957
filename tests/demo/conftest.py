"""Demo databases: each test module gets its own SQLite file and PostgreSQL database.

Building the demo zone is the slow part, so it is built once per test session on each
database, and each module gets a database holding exactly that build: a copy of the SQLite
file, and on PostgreSQL a ``CREATE DATABASE ... TEMPLATE`` copy (or, for the last module,
the built database itself). The build is deterministic for one seed and day (which
``test_same_seed_same_database`` checks with a real second build), so a copy holds the
same rows as a build of its own, and what one module writes never reaches another.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from suigang.config import Settings
from suigang.db import make_engine, make_session_factory, utcnow
from suigang.demo import DemoSummary, build_demo
from suigang.migrations import upgrade
from tests.demo.demo_support import PASSWORD, Built, build


def migrated(url: str) -> sessionmaker[Session]:
    upgrade(url)
    return make_session_factory(make_engine(Settings(), url=url))


def copy_sqlite(source: Path, target: Path) -> sessionmaker[Session]:
    """A session factory on a copy of the SQLite file ``source`` (closed: no WAL left), with
    the demo's vision model files that live beside it (``vision-models``)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
    models = source.with_name("vision-models")
    if models.is_dir() and source.parent != target.parent:
        shutil.copytree(models, target.with_name("vision-models"), dirs_exist_ok=True)
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


@pytest.fixture(scope="session")
def _sqlite_demo_now_template(
    tmp_path_factory: pytest.TempPathFactory, _sqlite_template: Path
) -> tuple[datetime, DemoSummary, Path]:
    """The demo built once, as ``make run`` builds it, on the clock: when, and what."""
    path = tmp_path_factory.mktemp("demo-now-template") / "demo.db"
    factory = copy_sqlite(_sqlite_template, path)
    start = utcnow()
    with factory() as session:
        summary = build_demo(session, password=PASSWORD, now=start)
    factory.kw["bind"].dispose()
    assert not path.with_name(path.name + "-wal").exists()
    return start, summary, path


@pytest.fixture(scope="module")
def sqlite_demo_now(
    tmp_path_factory: pytest.TempPathFactory,
    _sqlite_demo_now_template: tuple[datetime, DemoSummary, Path],
) -> tuple[datetime, DemoSummary, sessionmaker[Session]]:
    """The demo built on the clock a moment ago (``start``), on a SQLite file of this
    module's own: ``(start, summary, factory)``."""
    start, summary, template = _sqlite_demo_now_template
    return start, summary, copy_sqlite(template, tmp_path_factory.mktemp("demo") / "now.db")


def _admin(postgres_url: str) -> str:
    return postgres_url.replace("+psycopg", "")


def _uses_postgres_demo(item: pytest.Item) -> bool:
    params = getattr(getattr(item, "callspec", None), "params", {})
    return "postgres_demo" in getattr(item, "fixturenames", ()) or (
        "postgres_demo" in params.values()
    )


class PostgresDemos:
    """The demo built once into a PostgreSQL database; each module takes a database of its
    own: a copy (``CREATE DATABASE ... TEMPLATE``) while other modules still need the
    original untouched, the original itself for the last of them (dropping a database forces
    a checkpoint, seconds on a busy server: one database per module, as with a build each).
    """

    def __init__(self, postgres_url: str, modules: int, drop_later: Callable[[str], None]) -> None:
        self.drop = drop_later  # a database is dropped when the session ends
        self.server = _admin(postgres_url)
        self.base = postgres_url.rsplit("/", 1)[0]
        self.left = modules  # modules that have not taken their database yet
        self.original: str | None = f"suigang_demo_{uuid.uuid4().hex[:10]}"
        self._execute(f'CREATE DATABASE "{self.original}"')
        factory = migrated(f"{self.base}/{self.original}")
        self.summary = build(factory)
        factory.kw["bind"].dispose()  # a template must have no connection when copied

    def _execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.server, autocommit=True) as conn:
            conn.execute(sql)

    def take(self) -> str:
        """The name of a database holding the demo as built, for one module alone."""
        self.left -= 1
        if self.original is None:  # more modules than counted: build once more
            self.original = f"suigang_demo_{uuid.uuid4().hex[:10]}"
            self._execute(f'CREATE DATABASE "{self.original}"')
            factory = migrated(f"{self.base}/{self.original}")
            assert build(factory) == self.summary
            factory.kw["bind"].dispose()
        if self.left <= 0:
            name, self.original = self.original, None
            return name
        name = f"suigang_demo_{uuid.uuid4().hex[:10]}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.original}"')
        return name


@pytest.fixture(scope="session")
def _postgres_demos(
    postgres_url: str, request: pytest.FixtureRequest, pg_drop_later: Callable[[str], None]
) -> Iterator[PostgresDemos]:
    """The session's PostgreSQL demo databases, for the modules that use ``postgres_demo``."""
    modules = {item.path for item in request.session.items if _uses_postgres_demo(item)}
    demos = PostgresDemos(postgres_url, max(len(modules), 1), pg_drop_later)
    yield demos
    if demos.original is not None:
        demos.drop(demos.original)


@pytest.fixture(scope="module")
def postgres_demo(postgres_url: str, _postgres_demos: PostgresDemos) -> Iterator[Built]:
    """The demo on a PostgreSQL database of this module's own (dropped when the session
    ends)."""
    name = _postgres_demos.take()
    factory = make_session_factory(make_engine(Settings(), url=f"{_postgres_demos.base}/{name}"))
    try:
        yield _postgres_demos.summary, factory
    finally:
        factory.kw["bind"].dispose()
        _postgres_demos.drop(name)
