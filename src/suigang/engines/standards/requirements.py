"""What must my product meet: a category's required standards and the firm's certifications.

The zone office keeps a table of product categories → required standards, each for the
mainland or for Hong Kong / international markets, each with the source that requires it (a
requirement without a source is unverified). ``check_product`` lists a category's two lists
side by side, each requirement with its crosswalk counterparts and whether the firm holds a
certification for it on a given day: held, expiring within N days, expired, or missing.

A certification counts for a requirement when it names the same standard (ISO/IEC bodies
leniently, Chinese kinds strictly, as in look-up) and, where both name an edition, the same
edition; or when it names the counterpart of an identical (IDT, sourced) adoption — then the
check says through which counterpart it counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from suigang.engines.standards.crosswalk import Adoption, Crosswalk
from suigang.engines.standards.lookup import Match, Side, lookup
from suigang.engines.standards.numbers import Scheme, StandardNumber, parse_standard


class Jurisdiction(StrEnum):
    """Where a requirement applies: the mainland, or Hong Kong and international markets."""

    MAINLAND = "mainland"
    HK_INTERNATIONAL = "hk_international"

    @classmethod
    def read(cls, text: str) -> Jurisdiction:
        """From its value or a usual spelling: ``mainland``, ``内地``, ``HK/international``."""
        value = text.strip().casefold().replace(" ", "").replace("-", "_").replace("/", "_")
        for member, spellings in _JURISDICTIONS.items():
            if value in spellings:
                return member
        raise ValueError(
            f"jurisdiction {text!r} is not one of mainland, hk_international (or 内地, 香港/国际)"
        )


_JURISDICTIONS = {
    Jurisdiction.MAINLAND: {"mainland", "cn", "prc", "内地", "內地", "中国内地", "中國內地"},
    Jurisdiction.HK_INTERNATIONAL: {
        "hk_international", "hk", "hongkong", "international", "intl", "hk_intl",
        "香港", "国际", "國際", "香港_国际", "香港_國際",
    },
}  # fmt: skip


class CertStatus(StrEnum):
    HELD = "held"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    MISSING = "missing"


class ProductStatus(StrEnum):
    FOUND = "found"
    NO_REQUIREMENTS = "no_requirements"


def _clean(name: str, value: object, *, required: bool = False) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text, got {value!r}")
    if required and not value.strip():
        raise ValueError(f"{name} is empty")
    return value.strip()


@dataclass(frozen=True, slots=True)
class Requirement:
    """One row of the requirement table: a category needs a standard in a jurisdiction."""

    category: str
    jurisdiction: Jurisdiction
    standard: str
    source: str = ""
    title: str = ""
    note: str = ""
    ref: str = field(default="", compare=False)  # the caller's id of the row (a database id)
    number: StandardNumber = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "category", _clean("category", self.category, required=True))
        if not isinstance(self.jurisdiction, Jurisdiction):
            object.__setattr__(
                self, "jurisdiction", Jurisdiction.read(_clean("jurisdiction", self.jurisdiction))
            )
        standard = _clean("standard", self.standard, required=True)
        object.__setattr__(self, "standard", standard)
        for name in ("source", "title", "note", "ref"):
            object.__setattr__(self, name, _clean(name, getattr(self, name)))
        object.__setattr__(self, "number", parse_standard(standard))

    @property
    def verified(self) -> bool:
        """The requirement names the source that requires it."""
        return self.source != ""


@dataclass(frozen=True, slots=True)
class Certification:
    """A certification a firm holds for a standard, valid through ``expires`` (inclusive)."""

    standard: str
    expires: date | None = None
    reference: str = ""
    number: StandardNumber = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        standard = _clean("standard", self.standard, required=True)
        object.__setattr__(self, "standard", standard)
        object.__setattr__(self, "reference", _clean("reference", self.reference))
        if self.expires is not None and not isinstance(self.expires, date):
            raise ValueError(f"expires must be a date, got {self.expires!r}")
        object.__setattr__(self, "number", parse_standard(standard))


@dataclass(frozen=True, slots=True)
class RequirementCheck:
    """A requirement, its counterparts in the crosswalk and the firm's standing against it.

    ``via`` names the counterpart standard through which ``certification`` counts (``None``
    when the certification names the required standard itself); ``days_left`` is the days
    from the check's date to the expiry (negative once expired, ``None`` without expiry).
    """

    requirement: Requirement
    counterparts: tuple[Match, ...]
    status: CertStatus
    certification: Certification | None = None
    via: str | None = None
    days_left: int | None = None

    @property
    def verified(self) -> bool:
        return self.requirement.verified


@dataclass(frozen=True, slots=True)
class ProductCheck:
    """A category's mainland and Hong Kong / international lists, side by side."""

    category: str
    on: date
    expiring_within_days: int
    status: ProductStatus
    mainland: tuple[RequirementCheck, ...]
    hk_international: tuple[RequirementCheck, ...]


def _same_standard(cert: StandardNumber, required: StandardNumber) -> bool:
    if required.scheme is Scheme.CHINESE or cert.scheme is Scheme.CHINESE:
        if cert.bodies != required.bodies or cert.kind != required.kind:
            return False
    elif not (set(cert.bodies) <= set(required.bodies) or set(required.bodies) <= set(cert.bodies)):
        return False
    if cert.identity[1:] != required.identity[1:]:
        return False
    return cert.year is None or required.year is None or cert.year == required.year


def _standing(cert: Certification, on: date, within: int) -> tuple[CertStatus, int | None]:
    if cert.expires is None:
        return CertStatus.HELD, None
    left = (cert.expires - on).days
    if left < 0:
        return CertStatus.EXPIRED, left
    return (CertStatus.EXPIRING if left <= within else CertStatus.HELD), left


_ORDER = {CertStatus.HELD: 0, CertStatus.EXPIRING: 1, CertStatus.EXPIRED: 2}


def _check(
    requirement: Requirement,
    crosswalk: Crosswalk,
    certifications: Sequence[Certification],
    on: date,
    within: int,
) -> RequirementCheck:
    counterparts = lookup(crosswalk, requirement.number).matches
    candidates: list[tuple[tuple[int, int, int], Certification, str | None]] = []
    for cert in certifications:
        via: str | None = None
        if not _same_standard(cert.number, requirement.number):
            via = next(
                (
                    _other_side(m)
                    for m in counterparts
                    if m.entry.row.adoption is Adoption.IDT
                    and m.entry.row.verified
                    and _same_standard(cert.number, _other_number(m))
                ),
                None,
            )
            if via is None:
                continue
        status, left = _standing(cert, on, within)
        expiry = -(left if left is not None else 10**9)
        candidates.append(((_ORDER[status], 0 if via is None else 1, expiry), cert, via))
    if not candidates:
        return RequirementCheck(requirement, counterparts, CertStatus.MISSING)
    _, best, via = min(candidates, key=lambda c: c[0])
    status, left = _standing(best, on, within)
    return RequirementCheck(requirement, counterparts, status, best, via, left)


def _other_number(match: Match) -> StandardNumber:
    row = match.entry.row
    return row.intl if match.side is Side.CHINESE else row.cn


def _other_side(match: Match) -> str:
    row = match.entry.row
    return row.intl_standard if match.side is Side.CHINESE else row.cn_standard


def categories(requirements: Iterable[Requirement]) -> tuple[str, ...]:
    """The categories of a requirement table, in first-seen order."""
    seen: dict[str, str] = {}
    for r in requirements:
        seen.setdefault(r.category.casefold(), r.category)
    return tuple(seen.values())


def check_product(
    requirements: Iterable[Requirement],
    crosswalk: Crosswalk,
    *,
    category: str,
    certifications: Sequence[Certification],
    on: date,
    expiring_within_days: int = 90,
) -> ProductCheck:
    """A category's requirements on both sides, with counterparts and certification status.

    ``category`` is matched without regard to case; a category with no rows gives the status
    ``no_requirements``. Requirements keep the table's order; a repeated requirement (same
    category, jurisdiction and standard) is listed once.
    """
    if isinstance(expiring_within_days, bool) or not isinstance(expiring_within_days, int):
        raise ValueError(
            f"expiring_within_days must be a whole number, got {expiring_within_days!r}"
        )
    if expiring_within_days < 0:
        raise ValueError(f"expiring_within_days must not be negative, got {expiring_within_days}")
    if not isinstance(on, date):
        raise ValueError(f"on must be a date, got {on!r}")
    wanted = _clean("category", category, required=True).casefold()
    picked: dict[tuple[Jurisdiction, str], Requirement] = {}
    for r in requirements:
        if r.category.casefold() != wanted:
            continue
        key = (r.jurisdiction, r.number.text)
        if key not in picked or (r.verified and not picked[key].verified):
            picked[key] = r
    checks = [
        _check(r, crosswalk, certifications, on, expiring_within_days) for r in picked.values()
    ]
    return ProductCheck(
        category=category.strip(),
        on=on,
        expiring_within_days=expiring_within_days,
        status=ProductStatus.FOUND if checks else ProductStatus.NO_REQUIREMENTS,
        mainland=tuple(c for c in checks if c.requirement.jurisdiction is Jurisdiction.MAINLAND),
        hk_international=tuple(
            c for c in checks if c.requirement.jurisdiction is Jurisdiction.HK_INTERNATIONAL
        ),
    )
