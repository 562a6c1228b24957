"""``suigang bench backup`` runs end to end on SQLite (timings are not asserted)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from suigang.cli import app
from suigang.domains.registry import load_all_models


def test_bench_backs_up_and_restores_the_demo_zone() -> None:
    """On SQLite one round gives a backup and a restore into SQLite (no PostgreSQL, no peer);
    every table of the schema is in the backup, each checksum checked by restore."""
    result = CliRunner().invoke(app, ["bench", "backup", "--rounds", "1", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert (figures["database"], figures["rounds"], figures["ratios"]) == ("sqlite", 1, {})
    assert sorted(figures["median_seconds"]) == ["backup", "restore_sqlite"]
    # every table the models define, the migration bookkeeping table aside
    assert figures["tables"] == len(load_all_models().sorted_tables)
    assert figures["checksums"] == "every table equal after every restore"
