"""What a benchmark report says about the machine and the moment it ran on."""

from __future__ import annotations

import os
import platform
from datetime import UTC, datetime


def machine_line() -> str:
    """One line naming the CPU, core count, memory, Python and UTC date of this run."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_gib = 0.0
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            mem_gib = int(fh.readline().split()[1]) / 1024 / 1024
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem_gib:.0f} GiB, Python {platform.python_version()}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
