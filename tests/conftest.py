"""Shared fixtures: real services on 127.0.0.1 where present.

With ``SUIGANG_REQUIRE_SERVICES=1`` (as in CI) a missing service is a failure, not a skip.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
REQUIRE_SERVICES = os.environ.get("SUIGANG_REQUIRE_SERVICES", "") not in ("", "0", "false")

PG_ADMIN_URL = os.environ.get("SUIGANG_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
MQTT_HOST, MQTT_PORT = "127.0.0.1", int(os.environ.get("SUIGANG_TEST_MQTT_PORT", "1883"))
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
# A server refuses to start without a signing key; the tests (and the servers they start as
# subprocesses) get a random one per run, as an operator would set one.
os.environ.setdefault("SUIGANG_SECRET_KEY", f"test-{uuid.uuid4().hex}{uuid.uuid4().hex}")


def service_missing(what: str) -> None:
    """Skip the test, or fail it when services are required."""
    message = f"{what} is not reachable on this machine"
    if REQUIRE_SERVICES:
        pytest.fail(f"{message} and SUIGANG_REQUIRE_SERVICES=1", pytrace=False)
    pytest.skip(message)


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test when the shared data is not beside us."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data {path} is not present")
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test session, dropped afterwards."""
    if not port_open("127.0.0.1", 5432):
        service_missing("PostgreSQL on 127.0.0.1:5432")
    import psycopg

    name = f"suigang_t_{uuid.uuid4().hex[:12]}"
    admin = PG_ADMIN_URL
    try:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        service_missing(f"PostgreSQL ({exc})")
    base = admin.rsplit("/", 1)[0]
    yield f"postgresql+psycopg://{base.split('://', 1)[1]}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_drop_later() -> Iterator[Callable[[str], None]]:
    """``pg_drop_later(name)``: drop the PostgreSQL database ``name`` when the session ends.

    Dropping a database forces a checkpoint, which on a busy server waits seconds (tens of
    seconds on a shared one) for every page written since the last; at the end of the
    session the drops follow one another and each finds little left to write.
    """
    names: list[str] = []
    yield names.append
    if names:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def telemetry_pg_url(postgres_url: str) -> Iterator[str]:
    """A sibling of the session's PostgreSQL database with every table created from the models.

    Kept apart from ``postgres_url`` so that tests expecting that database empty (migrations)
    never meet these tables.
    """
    import psycopg

    from suigang.config import Settings
    from suigang.db import make_engine
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


@pytest.fixture(scope="session")
def mqtt_broker() -> tuple[str, int]:
    """Host and port of the real MQTT broker (Mosquitto)."""
    if not port_open(MQTT_HOST, MQTT_PORT):
        service_missing(f"an MQTT broker on {MQTT_HOST}:{MQTT_PORT}")
    return MQTT_HOST, MQTT_PORT


@pytest.fixture(scope="session")
def redis_address() -> tuple[str, int]:
    """Host and port of the real Redis server."""
    if not port_open(REDIS_HOST, REDIS_PORT):
        service_missing(f"Redis on {REDIS_HOST}:{REDIS_PORT}")
    return REDIS_HOST, REDIS_PORT


# -- databases: every domain test runs on SQLite and on PostgreSQL -------------------------


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (migrating anew is slower)."""
    from suigang.migrations import upgrade

    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def _sqlite_models_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with every table created from the models, copied for each test."""
    from suigang.config import Settings
    from suigang.db import make_engine
    from suigang.domains.registry import load_all_models

    path = tmp_path_factory.mktemp("sqlite-models") / "models.db"
    engine = make_engine(Settings(), url=f"sqlite:///{path}")
    load_all_models().create_all(engine)
    engine.dispose()
    return path


def sqlite_copy(template: Path, path: Path) -> str:
    """The URL of a copy of the closed SQLite file ``template`` at ``path``."""
    import shutil

    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(template, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def _pg_migrated(postgres_url: str) -> str:
    from suigang.migrations import upgrade

    upgrade(postgres_url)
    return postgres_url


def pg_emptying_sql(url: str) -> str:
    """SQL that empties every table of the models and restarts their sequences, as
    ``TRUNCATE ... RESTART IDENTITY`` would: one ``DELETE`` per table, children first, which
    on tables of a few rows takes milliseconds where ``TRUNCATE`` takes seconds (it makes
    new files for every table and index)."""
    import psycopg

    from suigang.domains.registry import load_all_models

    tables = load_all_models().sorted_tables
    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        sequences = conn.execute(
            """SELECT quote_ident(seq.relname) FROM pg_class seq
            JOIN pg_depend dep ON dep.objid = seq.oid AND dep.deptype IN ('a', 'i')
                AND dep.classid = 'pg_class'::regclass
                AND dep.refclassid = 'pg_class'::regclass
            JOIN pg_class tab ON tab.oid = dep.refobjid
            WHERE seq.relkind = 'S' AND tab.relname = ANY(%s)
            ORDER BY 1""",
            ([t.name for t in tables],),
        ).fetchall()
    statements = [f'DELETE FROM "{t.name}"' for t in reversed(tables)]
    statements += [f"ALTER SEQUENCE {name} RESTART" for (name,) in sequences]
    return ";\n".join(statements)


@pytest.fixture(scope="session")
def _pg_emptying(_pg_migrated: str) -> str:
    """:func:`pg_emptying_sql` of the session's migrated database."""
    return pg_emptying_sql(_pg_migrated)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database; PostgreSQL tables are emptied after each test."""
    if request.param == "sqlite":
        import shutil

        path = tmp_path / "suigang.db"
        shutil.copy(request.getfixturevalue("_sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("_pg_migrated")
    emptying = request.getfixturevalue("_pg_emptying")
    yield url
    import psycopg

    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        conn.execute(emptying)


@pytest.fixture
def settings(db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    from suigang.config import Settings

    return Settings(database_url=db_url, data_dir=tmp_path / "data")


@pytest.fixture
def session_factory(settings):  # type: ignore[no-untyped-def]
    from suigang.db import make_engine, make_session_factory

    engine = make_engine(settings)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def session(session_factory):  # type: ignore[no-untyped-def]
    s = session_factory()
    yield s
    s.rollback()
    s.close()
