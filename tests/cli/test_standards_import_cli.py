"""``suigang standards import`` on a configured, migrated SQLite database: the shared table,
a re-import that changes nothing, a bad file listed line by line with nothing stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from suigang.cli import app
from suigang.config import get_settings
from suigang.db import make_engine
from suigang.domains.standards.models import StandardMapping
from suigang.migrations import upgrade
from tests.conftest import shared_path

runner = CliRunner()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("SUIGANG_DATABASE_URL", url)
    get_settings.cache_clear()
    upgrade(url)
    yield url
    get_settings.cache_clear()


def rows(url: str) -> int:
    engine = make_engine(get_settings(), url=url)
    with Session(engine) as s:
        n = s.scalar(select(func.count()).select_from(StandardMapping)) or 0
    engine.dispose()
    return n


def test_import_then_again_then_a_bad_file(database: str, tmp_path: Path) -> None:
    shared = shared_path("reference", "standards", "crosswalk.csv")
    first = runner.invoke(app, ["standards", "import", str(shared)])
    assert first.exit_code == 0, first.output
    assert first.stdout.strip() == (
        "crosswalk.csv: crosswalk, 45 rows: 45 added, 0 updated, 0 unchanged"
    )
    again = runner.invoke(app, ["standards", "import", str(shared)])
    # the same rows again: nothing changes
    assert again.stdout.strip().endswith("0 added, 0 updated, 45 unchanged")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "intl_standard,cn_standard,adoption\nISO 1:2022,GB/T 1-2023,SAME\nISO 2,GB/T 2,IDT\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["standards", "import", str(bad)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "bad.csv was rejected, nothing was stored:"
    assert [line.split(":")[0] for line in lines[1:]] == ["line 2", "line 3"]
    assert rows(database) == 45
