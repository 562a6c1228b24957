"""Engines stay pure: importing any of them pulls in no web, database or network stack."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import suigang.engines

FORBIDDEN = (
    "sqlalchemy",
    "fastapi",
    "starlette",
    "nicegui",
    "paho",
    "amqtt",
    "asyncua",
    "psycopg",
    "httpx",
    "requests",
    "suigang.domains",
    "suigang.api",
    "suigang.ui",
    "suigang.telemetry",
)


def engine_packages() -> list[str]:
    return [
        f"suigang.engines.{m.name}"
        for m in pkgutil.walk_packages(suigang.engines.__path__)
        if "." not in m.name
    ]


def test_engines_import_no_web_db_or_network_stack() -> None:
    """A clean interpreter imports every engine and finds none of the forbidden modules loaded."""
    code = (
        "import importlib, sys\n"
        f"for name in {engine_packages()!r}: importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r} "
        f"or any(m == f or m.startswith(f + '.') for f in {FORBIDDEN!r}))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"engines imported forbidden modules: {out}"
