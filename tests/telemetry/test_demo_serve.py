"""``suigang demo`` as a process: the demo factory's registered machines go live with it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from suigang.config import Settings
from suigang.db import make_engine, make_session_factory
from suigang.domains.equipment.service import current_states
from tests.conftest import ROOT, port_open
from tests.telemetry.test_demo_telemetry import free_port

pytestmark = pytest.mark.slow  # each test starts the whole demo (about 30 s)


def _start(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str, int]:
    port, mqtt_port = free_port(), free_port()
    env = dict(os.environ)
    env.pop("SUIGANG_DATABASE_URL", None)
    env.pop("SUIGANG_MQTT_URL", None)
    env["SUIGANG_EMBEDDED_MQTT_PORT"] = str(mqtt_port)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    log = (tmp_path / "demo.log").open("w")
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "suigang", "demo"),
            *("--data-dir", str(tmp_path / "data"), "--port", str(port), *extra),
        ],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                return proc, base, mqtt_port
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError((tmp_path / "demo.log").read_text())
        time.sleep(0.3)


def _token(base: str) -> dict[str, str]:
    r = httpx.post(
        f"{base}/api/v1/auth/token",
        data={"username": "gz.precision@demo.suigang", "password": "suigang-demo"},
    )
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _stop(proc: subprocess.Popen[bytes]) -> int:
    """SIGTERM, then wait (uvicorn shuts down gracefully, then re-raises the signal)."""
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise


def test_demo_machines_change_state_live_and_stop_with_the_app(tmp_path: Path) -> None:
    """The 29 machines of the demo factory stream their states; after the day of history is
    stored, live changes (dated after the app started) follow (states pass 60 times faster
    than the clock); on
    SIGTERM the app stops the simulator cleanly (its NDEATH leaves all 29 NotAvailable)."""
    proc, base, mqtt_port = _start(tmp_path)
    # the day of history stored at startup is dated before the app answered; live is after
    serving = datetime.now(UTC)
    try:
        assert port_open("127.0.0.1", mqtt_port)
        events, live = [], []
        with httpx.stream(
            "GET",
            f"{base}/api/v1/telemetry/live",
            params={"max_events": 5000, "interval_s": 0.5},
            headers=_token(base),
            timeout=120,
        ) as response:
            for line in response.iter_lines():
                if not line.startswith("data: "):
                    continue
                events.append(json.loads(line[6:]))
                since = events[-1]["since"]
                if len(events) > 29 and since and datetime.fromisoformat(since) > serving:
                    live.append(events[-1])
                    if len(live) == 5:
                        break
        assert len({e["code"] for e in events[:29]}) == 29  # the first snapshot: every machine
        assert len(live) == 5
    finally:
        _stop(proc)
    engine = make_engine(Settings(data_dir=tmp_path / "data"))
    with make_session_factory(engine)() as s:
        last = [r.item_state for r in current_states(s) if r.machine_key.startswith("GZPREC/")]
    engine.dispose()
    assert last == ["NotAvailable"] * 29
    assert "Traceback" not in (tmp_path / "demo.log").read_text()


def test_no_telemetry_leaves_the_broker_off(tmp_path: Path) -> None:
    """With --no-telemetry nothing listens on the embedded broker's port and no machine has
    a live state."""
    proc, base, mqtt_port = _start(tmp_path, "--no-telemetry")
    try:
        time.sleep(2)
        assert not port_open("127.0.0.1", mqtt_port)
        with httpx.stream(
            "GET",
            f"{base}/api/v1/telemetry/live",
            params={"max_events": 29},
            headers=_token(base),
            timeout=30,
        ) as response:
            states = {
                json.loads(line[6:])["item_state"]
                for line in response.iter_lines()
                if line.startswith("data: ")
            }
        assert states == {"NotAvailable"}
    finally:
        _stop(proc)
