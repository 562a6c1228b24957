"""``suigang catalog import|export`` on a configured SQLite database."""

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
from suigang.domains.catalog.models import Machine
from suigang.domains.identity.service import create_enterprise, create_user
from suigang.domains.registry import load_all_models


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A configured SQLite database with a factory admin and a front-shop admin."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("SUIGANG_DATABASE_URL", url)
    get_settings.cache_clear()
    engine = make_engine(get_settings())
    load_all_models().create_all(engine)
    with Session(engine) as s:
        for kind, email, region in (
            ("factory", "gz@demo.example", "zone_west"),
            ("front_shop", "hk@demo.example", "hong_kong"),
        ):
            ent = create_enterprise(
                s,
                kind=kind,
                name_en=email,
                name_zh_hans=email,
                name_zh_hant=email,
                region=region,
                actor=None,
            )
            create_user(
                s,
                enterprise_id=ent.id,
                email=email,
                full_name=email,
                password="secret-123",
                role="admin",
                actor=None,
            )
    engine.dispose()
    yield url
    get_settings.cache_clear()


def _machines(url: str) -> int:
    engine = make_engine(get_settings(), url=url)
    with Session(engine) as s:
        n = s.scalar(select(func.count()).select_from(Machine)) or 0
    engine.dispose()
    return n


def test_import_then_export(database: str, tmp_path: Path) -> None:
    """Import reports its counts; export writes a file that reads back unchanged."""
    src = tmp_path / "machines.csv"
    src.write_text("code,name,kind\nM1,Lathe,cnc_lathe\nM2,Robot,robot_cell\n", encoding="utf-8")
    runner = CliRunner()
    args = ["catalog", "import", "machines", str(src), "--enterprise-email", "GZ@demo.example"]
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stdout) == (
        0,
        "machines.csv: 2 created, 0 updated, 0 unchanged\n",
    )
    out = tmp_path / "out.xlsx"
    result = runner.invoke(
        app,
        [
            "catalog",
            "export",
            "machines",
            "--enterprise-email",
            "gz@demo.example",
            "--output",
            str(out),
        ],
    )
    assert (result.exit_code, result.stdout) == (0, f"wrote machines to {out}\n")
    result = runner.invoke(
        app, ["catalog", "import", "machines", str(out), "--enterprise-email", "gz@demo.example"]
    )
    assert result.stdout == "out.xlsx: 0 created, 0 updated, 2 unchanged\n"
    assert _machines(database) == 2


def test_errors_are_lines_and_exit_2(database: str, tmp_path: Path) -> None:
    """Bad rows, a user without rights, an unknown user: messages on stderr, exit code 2."""
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,kind\nM1,Lathe,cnc_lathe\nM2,,robot_cell\nM3,x,x\n")
    runner = CliRunner()
    result = runner.invoke(
        app, ["catalog", "import", "machines", str(bad), "--enterprise-email", "gz@demo.example"]
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:3] == [
        "bad.csv was rejected, nothing was stored:",
        "line 3: name must not be empty",
        "line 4: kind 'x': input should be 'robot_cell', 'cnc_machining_center', 'cnc_lathe', "
        "'smt_line', 'aoi_station', 'cmm_station', 'injection_molding', 'laser_cutter', "
        "'assembly_line' or 'additive'",
    ]
    assert _machines(database) == 0  # the good first row was not stored either
    result = runner.invoke(
        app,
        [
            "catalog",
            "export",
            "products",
            "--enterprise-email",
            "hk@demo.example",
            "--output",
            str(tmp_path / "p.csv"),
        ],
    )
    assert (result.exit_code, result.stderr) == (2, "hk@demo.example may not product read\n")
    result = runner.invoke(
        app,
        [
            "catalog",
            "export",
            "products",
            "--enterprise-email",
            "no@demo.example",
            "--output",
            str(tmp_path / "p.csv"),
        ],
    )
    assert (result.exit_code, result.stderr) == (2, "no active user with e-mail no@demo.example\n")
    result = runner.invoke(
        app,
        [
            "catalog",
            "export",
            "products",
            "--enterprise-email",
            "gz@demo.example",
            "--output",
            str(tmp_path / "p.ods"),
        ],
    )
    assert result.exit_code == 2
    assert result.stderr == "file 'p.ods' is neither .csv nor .xlsx; save it as one of those\n"
    assert not (tmp_path / "p.csv").exists()
