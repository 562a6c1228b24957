"""Inputs and outputs of the matching engine: firm profiles, a query, ranked hits with reasons."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

MAX_QUERY_CHARS = 2000  # the platform refuses longer ones earlier (500); this guards the engine


class Status(StrEnum):
    """How a search ended; an empty result is a status, not an error."""

    OK = "ok"
    NO_MATCH = "no_match"  # the query had terms, but no profile (left by the filters) matched
    NO_TERMS = "no_terms"  # nothing searchable was left (only stop words, or all negated)


class MatchKind(StrEnum):
    """How a query term reached a profile word."""

    TERM = "term"  # through the term dictionary (any script or language)
    WORD = "word"  # the same word (Chinese word after folding, or English stem)
    CHARS = "chars"  # the same two Chinese characters (an unknown compound)
    FIELD = "field"  # a structured field of the profile (certification, material, region)


def _text(name: str, value: object, *, allow_empty: bool = True) -> None:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string, got {value!r}")
    if not allow_empty and not value.strip():
        raise ValueError(f"{name} must not be empty, got {value!r}")


def _labels(name: str, values: object) -> None:
    if not isinstance(values, tuple) or not all(isinstance(v, str) and v.strip() for v in values):
        raise ValueError(f"{name} must be a tuple of non-empty strings, got {values!r}")


def _amount(name: str, value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number or None, got {value!r}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be finite and not negative, got {value!r}")


@dataclass(frozen=True, slots=True)
class Profile:
    """What one firm says it does: free text in any script, plus structured fields.

    ``certifications`` and ``materials`` are names in any script ("ISO 13485", "不锈钢");
    the term dictionary maps them to its concepts, so they match queries in every language.
    ``region`` is a place name or code (``hong_kong``, ``zone_west``, "黄埔"...).
    ``capacity`` is in the firm's own unit per month; ``lead_time_days`` its usual lead time.
    """

    id: str
    text: str
    name: str = ""
    processes: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()
    region: str = ""
    capacity: float | None = None
    lead_time_days: float | None = None

    def __post_init__(self) -> None:
        _text("id", self.id, allow_empty=False)
        _text(f"profile {self.id!r} text", self.text)
        _text(f"profile {self.id!r} name", self.name)
        _text(f"profile {self.id!r} region", self.region)
        for label in ("processes", "materials", "certifications"):
            _labels(f"profile {self.id!r} {label}", getattr(self, label))
        _amount(f"profile {self.id!r} capacity", self.capacity)
        _amount(f"profile {self.id!r} lead_time_days", self.lead_time_days)


@dataclass(frozen=True, slots=True)
class Filters:
    """Hard conditions: a profile that does not meet one (or leaves the field empty) is out.

    Every listed certification is required; a material or region matches if any listed one
    does. Names are compared through the term dictionary, so "ISO13485" equals "ISO 13485"
    and "不鏽鋼" equals "stainless steel".
    """

    certifications: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    min_capacity: float | None = None
    max_lead_time_days: float | None = None

    def __post_init__(self) -> None:
        for label in ("certifications", "materials", "regions"):
            _labels(f"filters.{label}", getattr(self, label))
        _amount("filters.min_capacity", self.min_capacity)
        _amount("filters.max_lead_time_days", self.max_lead_time_days)

    @property
    def empty(self) -> bool:
        return _nothing_asked(self)


@dataclass(frozen=True, slots=True)
class Boosts:
    """Soft preferences: each one a profile meets multiplies its score by ``factor``."""

    certifications: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    min_capacity: float | None = None
    max_lead_time_days: float | None = None
    factor: float = 1.25

    def __post_init__(self) -> None:
        for label in ("certifications", "materials", "regions"):
            _labels(f"boosts.{label}", getattr(self, label))
        _amount("boosts.min_capacity", self.min_capacity)
        _amount("boosts.max_lead_time_days", self.max_lead_time_days)
        if not (isinstance(self.factor, int | float) and 1.0 <= self.factor <= 10.0):
            raise ValueError(f"boosts.factor must be between 1 and 10, got {self.factor!r}")

    @property
    def empty(self) -> bool:
        return _nothing_asked(self)


def _nothing_asked(conditions: Filters | Boosts) -> bool:
    """Whether filters or boosts name no certification, material, region or amount."""
    return not (
        conditions.certifications
        or conditions.materials
        or conditions.regions
        or conditions.min_capacity is not None
        or conditions.max_lead_time_days is not None
    )


@dataclass(frozen=True, slots=True)
class Query:
    """A free-text request in any script, with optional filters and boosts."""

    text: str
    top: int = 10
    filters: Filters = field(default_factory=Filters)
    boosts: Boosts = field(default_factory=Boosts)
    explain: bool = True

    def __post_init__(self) -> None:
        _text("query text", self.text, allow_empty=False)
        if len(self.text) > MAX_QUERY_CHARS:
            raise ValueError(
                f"query text has {len(self.text)} characters, at most {MAX_QUERY_CHARS} allowed"
            )
        if isinstance(self.top, bool) or not isinstance(self.top, int) or self.top < 1:
            raise ValueError(f"top must be a positive integer, got {self.top!r}")


@dataclass(frozen=True, slots=True)
class Match:
    """One reason for a hit: a query term and the profile words it matched."""

    query_term: str  # as the query wrote it
    profile_words: tuple[str, ...]  # as the profile wrote them
    kind: MatchKind
    concept: str = ""  # the dictionary entry's id for TERM and FIELD matches


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked profile."""

    profile_id: str
    score: float
    matches: tuple[Match, ...] = ()
    notes: tuple[str, ...] = ()  # boosts met, or a query term the profile rules out


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Hits best first (at most ``query.top``), and what the query was understood to ask."""

    status: Status
    hits: tuple[Hit, ...]
    concepts: tuple[str, ...] = ()  # dictionary entries the query asked for
    excluded: tuple[str, ...] = ()  # dictionary entries the query ruled out ("not plating")
