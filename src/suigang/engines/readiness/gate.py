"""The baton pass: may a project leave its leg, and if not, which criterion lacks what.

``check_gate`` reads a project's current leg, its claimed TRL and MRL and the evidence
attached to levels, and decides against the configured gate of that leg. A criterion
"MRL ≥ 6 with evidence" is met when MRL 6 or more is claimed and evidence is attached to a
level from 6 up to the claimed level (evidence of a higher level shows the lower one too;
evidence above the claim does not count). ``checklist`` gives the MRL threads of one level
with the evidence for each; ``check_stall`` flags a baton that has not moved for N days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from suigang.engines.readiness.model import Criterion, Gate, RelayConfig, Scale, Thread


class EvidenceKind(StrEnum):
    DOCUMENT = "document"
    PLATFORM_DATA = "platform_data"
    REVIEW = "review"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Evidence attached to one level: a document, a link to platform data, or a review.

    ``ref`` says what it is (a document id, a lot, a review); ``threads`` are the MRL
    threads it covers.
    """

    scale: Scale
    level: int
    kind: EvidenceKind = EvidenceKind.DOCUMENT
    ref: str = ""
    threads: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.scale, Scale):
            raise ValueError(f"scale must be TRL or MRL, got {self.scale!r}")
        if isinstance(self.level, bool) or not isinstance(self.level, int):
            raise ValueError(f"level must be a whole number, got {self.level!r}")
        if not 1 <= self.level <= self.scale.top:
            raise ValueError(f"level must be {self.scale} 1–{self.scale.top}, got {self.level}")
        if not isinstance(self.kind, EvidenceKind):
            raise ValueError(f"kind must be an EvidenceKind, got {self.kind!r}")
        if self.threads and self.scale is not Scale.MRL:
            raise ValueError(f"threads belong to MRL evidence, not to {self.scale}")


@dataclass(frozen=True, slots=True)
class ProjectState:
    """Where a project stands: its leg, claimed levels (``None``: not claimed) and evidence."""

    leg: int
    trl: int | None
    mrl: int | None
    evidence: tuple[Evidence, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.leg, bool) or not isinstance(self.leg, int) or self.leg < 1:
            raise ValueError(f"leg must be a leg number, got {self.leg!r}")
        for scale, value in ((Scale.TRL, self.trl), (Scale.MRL, self.mrl)):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{scale.lower()} must be a whole number, got {value!r}")
            if not 1 <= value <= scale.top:
                raise ValueError(f"{scale.lower()} must be 1–{scale.top}, got {value}")
        object.__setattr__(self, "evidence", tuple(self.evidence))
        if any(not isinstance(e, Evidence) for e in self.evidence):
            raise ValueError("evidence must be Evidence values")

    def claimed(self, scale: Scale) -> int | None:
        return self.trl if scale is Scale.TRL else self.mrl


class GateStatus(StrEnum):
    PASS = "pass"
    REFUSED = "refused"
    FINAL_LEG = "final_leg"


class Lack(StrEnum):
    """What a criterion lacks."""

    NOT_CLAIMED = "not_claimed"
    LEVEL_TOO_LOW = "level_too_low"
    NO_EVIDENCE = "no_evidence"
    THREADS_MISSING = "threads_missing"


@dataclass(frozen=True, slots=True)
class Shortfall:
    """One criterion not met, and why; ``message`` is in English, the fields for any language."""

    criterion: Criterion
    lack: Lack
    claimed: int | None
    missing_threads: tuple[str, ...]
    message: str


@dataclass(frozen=True, slots=True)
class GateDecision:
    """May the baton pass from ``from_leg`` to ``to_leg``; if not, the shortfalls."""

    from_leg: int
    to_leg: int | None
    status: GateStatus
    gate: Gate | None
    shortfalls: tuple[Shortfall, ...] = ()

    @property
    def passed(self) -> bool:
        return self.status is GateStatus.PASS

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(s.message for s in self.shortfalls)


def _supporting(
    criterion: Criterion, claimed: int, evidence: tuple[Evidence, ...]
) -> list[Evidence]:
    return [
        e for e in evidence if e.scale is criterion.scale and criterion.level <= e.level <= claimed
    ]


def _shortfall(
    config: RelayConfig, criterion: Criterion, project: ProjectState
) -> Shortfall | None:
    claimed = project.claimed(criterion.scale)
    need = criterion.text
    if claimed is None:
        return Shortfall(
            criterion, Lack.NOT_CLAIMED, None, (),
            f"no {criterion.scale} is claimed; the gate needs {need}",
        )  # fmt: skip
    if claimed < criterion.level:
        return Shortfall(
            criterion, Lack.LEVEL_TOO_LOW, claimed, (),
            f"{criterion.scale} {claimed} is claimed; the gate needs {need}",
        )  # fmt: skip
    if not criterion.evidence:
        return None
    support = _supporting(criterion, claimed, project.evidence)
    if not support:
        return Shortfall(criterion, Lack.NO_EVIDENCE, claimed, (), f"{need} has no evidence")
    covered = {t for e in support for t in e.threads}
    missing = tuple(t for t in criterion.threads if t not in covered)
    if missing:
        names = ", ".join(f"{t} ({config.thread(t).name})" for t in missing)
        return Shortfall(
            criterion, Lack.THREADS_MISSING, claimed, missing,
            f"{need} has no evidence for thread{'s' if len(missing) > 1 else ''} {names}",
        )  # fmt: skip
    return None


def _check_threads(config: RelayConfig, evidence: tuple[Evidence, ...]) -> None:
    for e in evidence:
        for t in e.threads:
            config.thread(t)  # raises ValueError naming the known threads


def check_gate(
    config: RelayConfig, project: ProjectState, *, to_leg: int | None = None
) -> GateDecision:
    """Decide whether the baton may leave the project's leg (for ``to_leg``, default its next).

    The receiving holder's acceptance is not part of the gate: it is asked for once the gate
    passes. Raises ``ValueError`` if the leg does not exist or cannot pass to ``to_leg``.
    """
    leg = config.leg(project.leg)
    _check_threads(config, project.evidence)
    if not leg.next:
        if to_leg is not None:
            raise ValueError(f"leg {leg.number} is the last leg; the baton passes no further")
        return GateDecision(leg.number, None, GateStatus.FINAL_LEG, None)
    target = leg.next[0] if to_leg is None else to_leg
    if target not in leg.next:
        allowed = ", ".join(str(n) for n in leg.next)
        raise ValueError(f"leg {leg.number} passes the baton to leg {allowed}, not to {target}")
    assert leg.gate is not None  # a leg with a next leg has a gate (checked by Leg)
    shortfalls = tuple(
        s for c in leg.gate.criteria if (s := _shortfall(config, c, project)) is not None
    )
    status = GateStatus.REFUSED if shortfalls else GateStatus.PASS
    return GateDecision(leg.number, target, status, leg.gate, shortfalls)


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One MRL thread at one level and the evidence attached to it there."""

    thread: Thread
    evidence: tuple[Evidence, ...]

    @property
    def covered(self) -> bool:
        return bool(self.evidence)


def checklist(
    config: RelayConfig, level: int, evidence: tuple[Evidence, ...] | list[Evidence]
) -> tuple[ChecklistItem, ...]:
    """The MRL threads as the checklist of MRL ``level``, each with its evidence."""
    config.level(Scale.MRL, level)
    items = tuple(evidence)
    _check_threads(config, items)
    return tuple(
        ChecklistItem(
            thread,
            tuple(
                e
                for e in items
                if e.scale is Scale.MRL and e.level == level and thread.id in e.threads
            ),
        )
        for thread in config.threads
    )


@dataclass(frozen=True, slots=True)
class Stall:
    """Whether a baton has stalled: idle whole days against the limit in force."""

    stalled: bool
    idle_days: int
    limit_days: int


def check_stall(
    config: RelayConfig,
    *,
    leg: int,
    last_moved: datetime,
    now: datetime,
    after_days: int | None = None,
) -> Stall:
    """A project idle for at least the limit is stalled.

    The limit is ``after_days`` if given, else the leg's ``stalled_after_days``, else the
    configuration's. Any change of leg, level or evidence counts as movement (the caller
    passes the time of the latest). Times must be timezone-aware.
    """
    for name, value in (("last_moved", last_moved), ("now", now)):
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")
    if now < last_moved:
        raise ValueError(f"now {now.isoformat()} is before last_moved {last_moved.isoformat()}")
    if after_days is not None and (
        isinstance(after_days, bool) or not isinstance(after_days, int) or after_days < 1
    ):
        raise ValueError(f"after_days must be a whole number of days ≥ 1, got {after_days!r}")
    limit = after_days or config.leg(leg).stalled_after_days or config.stalled_after_days
    idle = (now - last_moved).days
    return Stall(idle >= limit, idle, limit)
