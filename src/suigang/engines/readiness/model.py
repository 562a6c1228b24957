"""The relay's configuration: readiness scales and levels, MRL threads, legs and their gates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Scale(StrEnum):
    """Technology (TRL 1–9) and manufacturing (MRL 1–10) readiness."""

    TRL = "TRL"
    MRL = "MRL"

    @property
    def top(self) -> int:
        """The highest level of the scale."""
        return 9 if self is Scale.TRL else 10


class Region(StrEnum):
    """Who runs a leg: Hong Kong or the zone."""

    HK = "hk"
    ZONE = "zone"


class GateOrigin(StrEnum):
    """Where a gate's criteria came from.

    ``structured``: the leg's ``gate.criteria``; ``text``: the levels named in its
    ``gate_out`` text; ``ranges``: derived from the legs' TRL/MRL ranges.
    """

    STRUCTURED = "structured"
    TEXT = "text"
    RANGES = "ranges"


_THREAD_ID = re.compile(r"[A-Z]")


def _level(scale: Scale, level: object, what: str) -> None:
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= scale.top:
        raise ValueError(f"{what} must be {scale} 1–{scale.top}, got {level!r}")


@dataclass(frozen=True, slots=True)
class LevelRange:
    """An inclusive range of levels on one scale, e.g. TRL 4–6."""

    scale: Scale
    low: int
    high: int

    def __post_init__(self) -> None:
        _level(self.scale, self.low, f"{self.scale} range low")
        _level(self.scale, self.high, f"{self.scale} range high")
        if self.low > self.high:
            raise ValueError(f"{self.scale} range {self.low}–{self.high} runs backwards")

    def __contains__(self, level: object) -> bool:
        return isinstance(level, int) and self.low <= level <= self.high

    @property
    def text(self) -> str:
        return f"{self.scale} {self.low}–{self.high}"


@dataclass(frozen=True, slots=True)
class Criterion:
    """A gate condition: at least ``level`` on ``scale``, with evidence if ``evidence``.

    ``threads`` are MRL threads (``A``–``I``) that must each have evidence at that level.
    """

    scale: Scale
    level: int
    evidence: bool = True
    threads: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.scale, Scale):
            raise ValueError(f"scale must be TRL or MRL, got {self.scale!r}")
        _level(self.scale, self.level, "criterion level")
        if not isinstance(self.evidence, bool):
            raise ValueError(f"evidence must be true or false, got {self.evidence!r}")
        if self.threads and self.scale is not Scale.MRL:
            raise ValueError(f"threads belong to MRL criteria, not to {self.scale}")
        if self.threads and not self.evidence:
            raise ValueError("threads need evidence: set evidence to true")
        for t in self.threads:
            if not isinstance(t, str) or not _THREAD_ID.fullmatch(t):
                raise ValueError(f"thread must be a letter A–Z, got {t!r}")

    @property
    def text(self) -> str:
        """``TRL 6`` or ``MRL 8``."""
        return f"{self.scale} {self.level}"


@dataclass(frozen=True, slots=True)
class Gate:
    """What a project must show before the baton leaves a leg."""

    description: str
    criteria: tuple[Criterion, ...]
    origin: GateOrigin = GateOrigin.STRUCTURED

    def __post_init__(self) -> None:
        if not self.criteria:
            raise ValueError("a gate needs at least one criterion")
        scales = [c.scale for c in self.criteria]
        if len(set(scales)) != len(scales):
            raise ValueError(f"a gate names each scale once, got {', '.join(scales)}")


@dataclass(frozen=True, slots=True)
class Leg:
    """One leg of the relay: who runs it, its TRL/MRL ranges and the gate out of it.

    ``next`` lists the legs the baton may pass to (empty for the last leg, whose ``gate``
    is ``None``); ``gate_out`` keeps the configuration's own wording of the gate.
    """

    number: int
    name: str
    owner: str
    trl: LevelRange
    mrl: LevelRange
    next: tuple[int, ...] = ()
    gate: Gate | None = None
    gate_out: str = ""
    region: Region | None = None
    name_zh_hans: str = ""
    name_zh_hant: str = ""
    owner_zh_hans: str = ""
    owner_zh_hant: str = ""
    typical_support: tuple[str, ...] = ()
    note: str = ""
    parallel_with: tuple[int, ...] = ()
    stalled_after_days: int | None = None

    def __post_init__(self) -> None:
        if isinstance(self.number, bool) or not isinstance(self.number, int) or self.number < 1:
            raise ValueError(f"leg number must be a positive whole number, got {self.number!r}")
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"leg {self.number}: name is empty")
        if self.trl.scale is not Scale.TRL or self.mrl.scale is not Scale.MRL:
            raise ValueError(f"leg {self.number}: trl and mrl must be TRL and MRL ranges")
        if bool(self.next) != (self.gate is not None):
            raise ValueError(f"leg {self.number}: a leg with a next leg has a gate, and only it")
        if self.stalled_after_days is not None:
            _days(self.stalled_after_days, f"leg {self.number}: stalled_after_days")

    def range(self, scale: Scale) -> LevelRange:
        return self.trl if scale is Scale.TRL else self.mrl


def _days(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{what} must be a whole number of days ≥ 1, got {value!r}")


@dataclass(frozen=True, slots=True)
class Level:
    """One readiness level and its name in three scripts (English is the public wording)."""

    scale: Scale
    level: int
    name: str
    name_zh_hans: str = ""
    name_zh_hant: str = ""
    assessed_at_trl: int | None = None  # MRL only: the TRL at which it is normally assessed

    def __post_init__(self) -> None:
        _level(self.scale, self.level, "level")
        if not self.name.strip():
            raise ValueError(f"{self.scale} {self.level}: name is empty")
        if self.assessed_at_trl is not None:
            _level(Scale.TRL, self.assessed_at_trl, f"MRL {self.level} assessed_at_trl")


@dataclass(frozen=True, slots=True)
class Thread:
    """An MRL thread (DoD MRL Deskbook): one line of the checklist at every MRL level."""

    id: str
    name: str
    sub_threads: tuple[str, ...] = ()
    name_zh_hans: str = ""
    name_zh_hant: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _THREAD_ID.fullmatch(self.id):
            raise ValueError(f"thread id must be a letter A–Z, got {self.id!r}")
        if not self.name.strip():
            raise ValueError(f"thread {self.id}: name is empty")


DEFAULT_STALLED_AFTER_DAYS = 90


@dataclass(frozen=True, slots=True)
class RelayConfig:
    """Everything the relay runs on; checked whole on construction."""

    legs: tuple[Leg, ...]
    trl_levels: tuple[Level, ...]
    mrl_levels: tuple[Level, ...]
    threads: tuple[Thread, ...]
    stalled_after_days: int = DEFAULT_STALLED_AFTER_DAYS
    status: str = ""
    source_basis: str = ""

    def __post_init__(self) -> None:
        numbers = [leg.number for leg in self.legs]
        if numbers != list(range(1, len(self.legs) + 1)):
            raise ValueError(f"legs must be numbered 1, 2, 3 ... in order, got {numbers}")
        for leg in self.legs:
            for other in (*leg.next, *leg.parallel_with):
                if other not in numbers or other == leg.number:
                    raise ValueError(
                        f"leg {leg.number} refers to leg {other}, which is not another leg"
                    )
        for scale, levels in ((Scale.TRL, self.trl_levels), (Scale.MRL, self.mrl_levels)):
            got = [(lv.scale, lv.level) for lv in levels]
            want = [(scale, n) for n in range(1, scale.top + 1)]
            if got != want:
                raise ValueError(
                    f"{scale} levels must be 1–{scale.top} in order, got {[n for _, n in got]}"
                )
        ids = [t.id for t in self.threads]
        if len(set(ids)) != len(ids):
            raise ValueError(f"MRL thread ids repeat: {ids}")
        for leg in self.legs:
            for c in leg.gate.criteria if leg.gate else ():
                unknown = [t for t in c.threads if t not in ids]
                if unknown:
                    raise ValueError(f"leg {leg.number} gate names unknown thread(s) {unknown}")
        _days(self.stalled_after_days, "stalled_after_days")

    def leg(self, number: int) -> Leg:
        """The leg with this number; ``ValueError`` if there is none."""
        if (
            isinstance(number, bool)
            or not isinstance(number, int)
            or not 1 <= number <= len(self.legs)
        ):
            raise ValueError(f"leg must be 1–{len(self.legs)}, got {number!r}")
        return self.legs[number - 1]

    def thread(self, thread_id: str) -> Thread:
        for t in self.threads:
            if t.id == thread_id:
                return t
        raise ValueError(
            f"no MRL thread {thread_id!r}; threads are {', '.join(t.id for t in self.threads)}"
        )

    def level(self, scale: Scale, level: int) -> Level:
        _level(scale, level, "level")
        return (self.trl_levels if scale is Scale.TRL else self.mrl_levels)[level - 1]
