"""What the Sparkplug host application keeps of each edge node, and what one message
produced."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from suigang.domains.equipment.readings import Reading
from suigang.telemetry.sparkplug import Topic


@dataclass
class NodeState:
    """One edge node as the host application knows it."""

    node_key: str
    born: bool = False
    bd_seq: int | None = None
    last_seq: int | None = None
    aliases: dict[str, list[Any]] = field(default_factory=dict)  # "dev|alias" → [name, type]
    types: dict[str, int] = field(default_factory=dict)  # "dev|name" → data type
    devices: set[str] = field(default_factory=set)
    states: dict[str, list[str]] = field(default_factory=dict)  # machine → [state, mode]
    last_rebirth: datetime | None = None
    counters: dict[str, tuple[datetime, int]] = field(default_factory=dict)  # last per metric
    reborn: bool = False  # an NBIRTH since the state was last saved

    def forget_births(self) -> None:
        self.aliases.clear()
        self.types.clear()
        self.devices.clear()

    def export(self) -> dict[str, Any]:
        """The persistent part of the state, JSON-ready."""
        return {
            "born": self.born,
            "bd_seq": self.bd_seq,
            "last_seq": self.last_seq,
            "aliases": {**self.aliases, **{f"type:{k}": v for k, v in self.types.items()}},
            "devices": sorted(self.devices),
            "states": self.states,
            "replace": self.reborn,
        }

    def restore(self, data: dict[str, Any]) -> None:
        """Take back a state :meth:`export` made."""
        self.born = bool(data.get("born"))
        self.bd_seq = data.get("bd_seq")
        self.last_seq = data.get("last_seq")
        aliases = dict(data.get("aliases") or {})
        self.types = {k[5:]: int(v) for k, v in aliases.items() if k.startswith("type:")}
        self.aliases = {k: list(v) for k, v in aliases.items() if not k.startswith("type:")}
        self.devices = set(data.get("devices") or ())
        self.states = {k: list(v) for k, v in (data.get("states") or {}).items()}


@dataclass
class Outcome:
    """What one message produced."""

    readings: list[Reading] = field(default_factory=list)
    rebirth: Topic | None = None  # the node to send ``Node Control/Rebirth`` to
    metrics: int = 0  # metrics accepted
    rejected: list[str] = field(default_factory=list)  # why data of it was not stored
