"""``suigang serve --workers N``: N API processes on PostgreSQL and the web UI in a process
of its own; refused on SQLite, where several dispatchers could deliver an event twice."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from suigang.migrations import upgrade
from tests.conftest import ROOT

SERVE = (sys.executable, "-m", "suigang", "serve")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "SUIGANG_DATABASE_URL": url, "PYTHONPATH": str(ROOT / "src")}


def test_workers_refused_on_sqlite(tmp_path: Path) -> None:
    """The refusal names the option and why, before anything listens."""
    url = f"sqlite:///{tmp_path / 's.db'}"
    upgrade(url)
    r = subprocess.run(
        [sys.executable, "-m", "suigang", "serve", "--workers", "2"],
        env=_env(url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2
    assert "--workers 2 needs PostgreSQL" in r.stderr and "one event twice" in r.stderr


@pytest.mark.slow
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_two_api_workers_and_the_ui_beside_them(db_url: str) -> None:
    """Two API processes answer on one port, the UI's process on the next; stopping the
    command stops them all."""
    port = free_port()
    ui_port = free_port()
    proc = subprocess.Popen(
        [*SERVE, "--workers", "2", "--port", str(port), "--ui-port", str(ui_port)],
        env=_env(db_url),
    )
    try:
        deadline = time.monotonic() + 120
        api = ui = None
        while time.monotonic() < deadline and (api is None or ui is None):
            time.sleep(0.5)
            try:
                api = api or httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=5)
                ui = ui or httpx.get(f"http://127.0.0.1:{ui_port}/login", timeout=5)
            except httpx.HTTPError:
                continue
        assert api is not None and api.json()["status"] == "ok"
        assert ui is not None and ui.status_code == 200 and "<html" in ui.text.lower()
        # the API has no UI: its pages are the UI process's
        assert httpx.get(f"http://127.0.0.1:{port}/login", timeout=5).status_code == 404
        # the command supervises the 2 API workers and the UI's process (and no more but,
        # perhaps, multiprocessing's resource tracker)
        assert len(children(proc.pid)) in (3, 4)
    finally:
        proc.terminate()
        assert proc.wait(30) is not None
