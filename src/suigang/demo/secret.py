"""The demo's signing key: random, made once per data directory, readable by its owner only."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

KEY_FILE = "secret-key"


def demo_secret_key(data_dir: Path) -> str:
    """The key in ``<data_dir>/secret-key``, made (mode 0600) the first time.

    A demo database outlives one run (sign-ins stay valid across restarts), yet no two demo
    installations share a key, so a token made for one is worth nothing on another.
    """
    path = data_dir / KEY_FILE
    if path.exists():
        key = path.read_text(encoding="ascii").strip()
        if len(key) >= 32:
            return key
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key + "\n")
    return key
