"""``suigang simulate`` on the command line."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from suigang.cli import app


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rate", "0"], "--rate must be positive"),
        (["--machines", "0"], "--machines must be at least 1"),
        (["--broker", "http://x:1"], "only mqtt://"),
        (["--broker", "mqtt://127.0.0.1:1?protocol=4"], "protocol must be 5 or 3.1.1"),
    ],
)
def test_bad_options_exit_2_with_a_message(args, message) -> None:
    """Bad options name the problem on stderr and exit 2."""
    result = CliRunner().invoke(app, ["simulate", *args])
    assert result.exit_code == 2 and message in result.stderr


@pytest.mark.services
def test_one_second_run_publishes_births_and_one_message_per_machine_per_tick(
    mqtt_broker, run_id
) -> None:
    """2 machines at 5 Hz for 1 s: NBIRTH + 2 DBIRTH + 5 ticks × 2 DDATA = 13 messages."""
    host, port = mqtt_broker
    result = CliRunner().invoke(
        app,
        [
            "simulate",
            "--machines",
            "2",
            "--rate",
            "5",
            "--duration",
            "1",
            "--broker",
            f"mqtt://{host}:{port}",
            "--group",
            run_id,
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "published 13 messages"
