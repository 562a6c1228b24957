"""Migrations: empty → head → base on both databases, and the models match the migrations."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from suigang.api.app import SchemaBehind, check_schema
from suigang.config import Settings
from suigang.db import make_engine
from suigang.domains.registry import load_all_models
from suigang.migrations import current_revision, downgrade, head_revision, upgrade


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'm.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


def test_upgrade_to_head_matches_models_then_down_to_base(empty_url: str) -> None:
    """After upgrade the schema equals the models exactly; downgrade leaves no table."""
    engine = make_engine(Settings(), url=empty_url)
    try:
        upgrade(empty_url)
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), load_all_models())
        assert diff == [], f"models and migrations differ: {diff}"
        downgrade(empty_url, "base")
        assert current_revision(engine) is None
        # only Alembic's own bookkeeping table may remain
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()


def test_app_refuses_a_database_behind_with_the_fixing_command(tmp_path: Path) -> None:
    """An empty database is behind head: the message names `suigang db upgrade`."""
    settings = Settings(data_dir=tmp_path)
    with pytest.raises(SchemaBehind, match=r"run `suigang db upgrade` first"):
        check_schema(settings)
    upgrade(settings.resolved_database_url())
    check_schema(settings)  # now current: no error
