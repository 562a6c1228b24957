"""Technology and manufacturing readiness for the relay: legs, gates and the stalled baton.

- ``default_config()`` / ``load_config(...)`` / ``load_config_dir(path)``: the legs (with
  their TRL/MRL ranges and gates), the TRL and MRL levels and the MRL threads, from
  configuration; the product ships its own copy as package data.
- ``check_gate(config, ProjectState) -> GateDecision``: may the baton pass to the next leg,
  and if not, which criterion lacks what ("MRL 6 has no evidence").
- ``checklist(config, level, evidence)``: the MRL threads of a level with their evidence.
- ``check_stall(config, leg=, last_moved=, now=) -> Stall``: no movement for N days.
"""

from suigang.engines.readiness.config import (
    FILES,
    ConfigError,
    default_config,
    load_config,
    load_config_dir,
)
from suigang.engines.readiness.gate import (
    ChecklistItem,
    Evidence,
    EvidenceKind,
    GateDecision,
    GateStatus,
    Lack,
    ProjectState,
    Shortfall,
    Stall,
    check_gate,
    check_stall,
    checklist,
)
from suigang.engines.readiness.model import (
    DEFAULT_STALLED_AFTER_DAYS,
    Criterion,
    Gate,
    GateOrigin,
    Leg,
    Level,
    LevelRange,
    Region,
    RelayConfig,
    Scale,
    Thread,
)

__all__ = [
    "DEFAULT_STALLED_AFTER_DAYS",
    "FILES",
    "ChecklistItem",
    "ConfigError",
    "Criterion",
    "Evidence",
    "EvidenceKind",
    "Gate",
    "GateDecision",
    "GateOrigin",
    "GateStatus",
    "Lack",
    "Leg",
    "Level",
    "LevelRange",
    "ProjectState",
    "Region",
    "RelayConfig",
    "Scale",
    "Shortfall",
    "Stall",
    "Thread",
    "check_gate",
    "check_stall",
    "checklist",
    "default_config",
    "load_config",
    "load_config_dir",
]
