"""UI tests with NiceGUI's in-process simulated user.

The ``user`` fixture follows ``nicegui.testing.user_plugin``: it runs ``tests/ui/main.py``
(which builds the real app with ``create_app(settings, ui=True)``) inside
``nicegui.testing.user_simulation`` and fails the test on any ERROR log. It is declared here,
rather than by loading the plugin globally, so that it runs under pytest-asyncio and on a
fresh migrated database of its own.
"""

from __future__ import annotations

import logging
import shutil
import traceback
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.world import World, build_world

MAIN_FILE = Path(__file__).with_name("main.py")


@pytest.fixture
def ui_world(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _sqlite_template: Path
) -> Iterator[World]:
    """A migrated SQLite database holding the test zone, named by SUIGANG_DATABASE_URL."""
    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory

    path = tmp_path / "ui.db"
    shutil.copy(_sqlite_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("SUIGANG_DATABASE_URL", url)
    monkeypatch.setenv("SUIGANG_DATA_DIR", str(tmp_path / "data"))
    engine = make_engine(Settings(database_url=url))
    session = make_session_factory(engine)()
    try:
        yield build_world(session)
    finally:
        session.close()
        engine.dispose()


@pytest_asyncio.fixture
async def user(ui_world: World, caplog: pytest.LogCaptureFixture) -> AsyncIterator[object]:
    """A simulated browser user of the full app (API and UI) on the test zone."""
    from nicegui.testing.user_simulation import user_simulation

    async with user_simulation(main_file=MAIN_FILE) as simulated:
        yield simulated
    errors = [
        r
        for r in caplog.get_records("call")
        if r.levelname == "ERROR" and not _drawer_probe_timeout(r)
    ]
    if errors:
        pytest.fail(f"unexpected ERROR logs: {[r.getMessage() for r in errors]}", pytrace=False)


def _drawer_probe_timeout(record: logging.LogRecord) -> bool:
    """The simulated user's race, not ours: on a busy machine the drawer asks the browser
    whether it is open before the simulated user answers such questions (NiceGUI issue 4508's
    rule is patched in only after the handshake), and the question times out after 1 s."""
    if record.exc_info is None or record.exc_info[1] is None:
        return False
    text = "".join(traceback.format_exception(record.exc_info[1]))
    return "drawer.py" in text and "_request_value" in text
