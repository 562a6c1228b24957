"""``suigang plan make|events`` on a configured SQLite database holding the test zone."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from suigang.cli import app
from suigang.config import get_settings
from suigang.db import make_engine, make_session_factory
from suigang.domains.catalog.machines import set_machine_status
from tests.domains.planning.test_planning_flow import place_order
from tests.world import World, build_world, in_days


@pytest.fixture
def world(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _sqlite_template: Path
) -> Iterator[World]:
    """The migrated test zone with one order of hk1 at gz1 (40 units: 2 operations)."""
    path = tmp_path / "cli.db"
    shutil.copy(_sqlite_template, path)
    monkeypatch.setenv("SUIGANG_DATABASE_URL", f"sqlite:///{path}")
    get_settings.cache_clear()
    engine = make_engine(get_settings())
    with make_session_factory(engine)() as s:
        w = build_world(s)
        place_order(s, w, "hk1", 40, in_days(5))
    engine.dispose()
    yield w
    get_settings.cache_clear()


def test_make_releases_a_plan_and_events_repair_it(world: World) -> None:
    """Plan 1 holds the order's 2 operations; CNC1 leaving service is delivered with the order
    flow's three events (RFQ received, quote received, order placed) and repairs: plan 2."""
    runner = CliRunner()
    result = runner.invoke(app, ["plan", "make", "--as", "gz1@test.suigang"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("plan 1 (released): 2 operations of 1 work orders, 0 late")
    engine = make_engine(get_settings())
    with make_session_factory(engine)() as s:
        set_machine_status(
            s,
            actor=world.actor("gz1"),
            machine_id=world.machines["gz1"][0].id,
            status="maintenance",
        )
    engine.dispose()
    result = runner.invoke(app, ["plan", "events"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "4 events delivered"
    result = runner.invoke(app, ["plan", "make", "--as", "gz1@test.suigang", "--draft"])
    assert result.stdout.startswith("plan 3 (draft)")  # plan 2 was the repair


def test_bad_input_exits_2_with_a_message(world: World) -> None:
    """An unknown user and a front shop (no plan:write) are refused with exit code 2."""
    runner = CliRunner()
    result = runner.invoke(app, ["plan", "make", "--as", "nobody@test.suigang"])
    assert result.exit_code == 2 and "no active user 'nobody@test.suigang'" in result.output
    result = runner.invoke(app, ["plan", "make", "--as", "hk1@test.suigang"])
    assert result.exit_code == 2 and "may not plan write" in result.output
