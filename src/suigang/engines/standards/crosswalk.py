"""The crosswalk: international standards against their Chinese adoptions, one row per pair.

A :class:`CrosswalkRow` is one Chinese edition adopting one international edition; a
:class:`Crosswalk` is a set of rows merged from one or more tables (duplicates collapse) with
supersession derived from the rows themselves: a row is superseded when the table holds a
newer edition of the same Chinese standard (same code and number; a mandatory GB replaced by
a recommended GB/T of the same number counts, as GB 5226.1-2008 by GB/T 5226.1-2019).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from suigang.engines.standards.numbers import (
    Scheme,
    StandardNumber,
    parse_query,
    parse_standard,
)


class Adoption(StrEnum):
    """Degree of correspondence (GB/T 20000.2, ISO/IEC Guide 21-1).

    ``EQV`` (等效) is the marking of Chinese standards issued before GB/T 20000.2-2001;
    ``UNVERIFIED`` means the pairing is documented but its degree was not seen.
    """

    IDT = "IDT"
    MOD = "MOD"
    NEQ = "NEQ"
    EQV = "EQV"
    UNVERIFIED = "UNVERIFIED"

    @classmethod
    def read(cls, text: str) -> Adoption:
        """A degree from its code in any case or its Chinese name; blank is unverified."""
        value = text.strip().upper()
        if value == "":
            return cls.UNVERIFIED
        if value in cls.__members__:
            return cls[value]
        for words, degree in _CHINESE_DEGREES:
            if value in words:
                return degree
        raise ValueError(
            f"adoption {text!r} is not one of {', '.join(a.value for a in cls)} "
            "(or 等同采用, 修改采用, 非等效采用)"
        )


_CHINESE_DEGREES = (
    (("等同", "等同采用"), Adoption.IDT),
    (("修改", "修改采用"), Adoption.MOD),
    (("非等效", "非等效采用"), Adoption.NEQ),
    (("等效", "等效采用"), Adoption.EQV),
    (("未核实", "未核實"), Adoption.UNVERIFIED),
)


def _text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text, got {value!r}")
    return value.strip()


@dataclass(frozen=True, slots=True)
class CrosswalkRow:
    """One Chinese edition (``cn_standard``) adopting one international edition.

    ``year`` is the year the Chinese standard was issued; it may be left out when
    ``cn_standard`` carries it (``GB/T 19001-2016``) and must agree with it when both are
    given. ``cn_standard`` may be the dual number of a cover line (``GB/T 35673-2017/IEC
    62443-3-3:2013``) when its second half is ``intl_standard``. ``superseded_by`` names a
    successor the table does not hold as a row (optional). ``ref`` is the caller's own
    identifier of the row (a database id), carried through and never compared.
    """

    intl_standard: str
    cn_standard: str
    year: int | None = None
    adoption: Adoption = Adoption.UNVERIFIED
    intl_title: str = ""
    cn_title: str = ""
    topic: str = ""
    source: str = ""
    superseded_by: str = ""
    ref: str = field(default="", compare=False)
    intl: StandardNumber = field(init=False, repr=False, compare=False)
    cn: StandardNumber = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("intl_title", "cn_title", "topic", "source", "superseded_by", "ref"):
            object.__setattr__(self, name, _text(name, getattr(self, name)))
        intl = parse_standard(_text("intl_standard", self.intl_standard))
        if intl.scheme is Scheme.CHINESE:
            raise ValueError(f"intl_standard {self.intl_standard!r} is a Chinese number")
        cn, *dual = parse_query(_text("cn_standard", self.cn_standard))
        if dual and dual[0].without_year() != intl.without_year():
            raise ValueError(
                f"cn_standard {self.cn_standard!r} names {dual[0].text}, "
                f"not intl_standard {intl.text}"
            )
        if cn.scheme is not Scheme.CHINESE:
            raise ValueError(
                f"cn_standard {self.cn_standard!r} is not a Chinese number (GB, GB/T, GB/Z, "
                "a sector or a local code)"
            )
        year = self.year
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise ValueError(f"year must be a whole number, got {year!r}")
        if year is None and cn.year is None:
            raise ValueError(
                f"cn_standard {self.cn_standard!r} has no edition and year is empty: give one"
            )
        if year is not None and cn.year is not None and year != cn.year:
            raise ValueError(
                f"year {year} disagrees with the edition of cn_standard {self.cn_standard!r}"
            )
        if year is not None and not 1900 <= year <= 2099:
            raise ValueError(f"year must be within 1900–2099, got {year}")
        year = cn.year if cn.year is not None else year
        assert year is not None
        if cn.year is None:
            cn = StandardNumber(cn.bodies, cn.number, cn.kind, cn.parts, year, cn.amendments)
        if not isinstance(self.adoption, Adoption):
            object.__setattr__(self, "adoption", Adoption.read(_text("adoption", self.adoption)))
        if self.superseded_by:
            parse_standard(self.superseded_by)
        object.__setattr__(self, "intl_standard", self.intl_standard.strip())
        object.__setattr__(self, "cn_standard", self.cn_standard.strip())
        object.__setattr__(self, "year", year)
        object.__setattr__(self, "intl", intl)
        object.__setattr__(self, "cn", cn)

    @property
    def verified(self) -> bool:
        """The degree was seen (not ``UNVERIFIED``) and the row names its source."""
        return self.adoption is not Adoption.UNVERIFIED and self.source != ""

    @property
    def mandatory(self) -> bool:
        """The Chinese standard is mandatory (``GB``), not recommended (``GB/T``) or guidance."""
        return self.cn.kind is None

    @property
    def key(self) -> tuple[object, ...]:
        """What makes two rows the same pair: both designations and editions."""
        return (
            self.intl.identity, self.intl.kind, self.intl.year,
            self.cn.identity, self.cn.kind, self.cn.year,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Entry:
    """A row of a merged crosswalk with what the table says of its edition."""

    row: CrosswalkRow
    superseded_by: str | None = None

    @property
    def superseded(self) -> bool:
        """A newer edition of this Chinese standard is in the table (or named by the row)."""
        return self.superseded_by is not None


def _merge(rows: list[CrosswalkRow]) -> CrosswalkRow:
    """Rows of the same pair as one: first non-empty texts, sources joined."""
    first = rows[0]
    sources: list[str] = []
    for r in rows:
        for s in r.source.split(" ; ") if r.source else ():
            if s.strip() and s.strip() not in sources:
                sources.append(s.strip())

    def pick(name: str) -> str:
        return next((str(getattr(r, name)) for r in rows if getattr(r, name)), "")

    return CrosswalkRow(
        intl_standard=first.intl_standard,
        cn_standard=first.cn_standard,
        year=first.year,
        adoption=first.adoption,
        intl_title=pick("intl_title"),
        cn_title=pick("cn_title"),
        topic=pick("topic"),
        source=" ; ".join(sources),
        superseded_by=pick("superseded_by"),
        ref=first.ref,
    )


def _collapse(rows: Iterable[CrosswalkRow]) -> list[CrosswalkRow]:
    """One row per pair and degree; an unverified duplicate of a verified degree drops out."""
    groups: dict[tuple[object, ...], dict[Adoption, list[CrosswalkRow]]] = {}
    for row in rows:
        groups.setdefault(row.key, {}).setdefault(row.adoption, []).append(row)
    out: list[CrosswalkRow] = []
    for by_degree in groups.values():
        seen = [a for a in by_degree if a is not Adoption.UNVERIFIED]
        for degree, same in by_degree.items():
            if degree is Adoption.UNVERIFIED and seen:
                continue
            out.append(same[0] if len(same) == 1 else _merge(same))
    return out


@dataclass(frozen=True, slots=True)
class Crosswalk:
    """Merged rows with supersession derived; build it with :meth:`from_rows`."""

    entries: tuple[Entry, ...]

    def __post_init__(self) -> None:
        if any(not isinstance(e, Entry) for e in self.entries):
            raise ValueError("entries must be Entry values; build a crosswalk with from_rows")

    @classmethod
    def from_rows(cls, *tables: Iterable[CrosswalkRow]) -> Crosswalk:
        """Merge tables (duplicates collapse) and mark each superseded edition."""
        rows = _collapse(row for table in tables for row in table)
        newest: dict[tuple[object, ...], CrosswalkRow] = {}
        for row in rows:
            family = row.cn.identity
            if family not in newest or (row.cn.year or 0) > (newest[family].cn.year or 0):
                newest[family] = row
        entries = []
        for row in rows:
            latest = newest[row.cn.identity]
            successor: str | None = None
            if latest.cn.year != row.cn.year:
                successor = latest.cn_standard
            elif row.superseded_by:
                successor = row.superseded_by
            entries.append(Entry(row, successor))
        return cls(tuple(entries))

    def __len__(self) -> int:
        return len(self.entries)
