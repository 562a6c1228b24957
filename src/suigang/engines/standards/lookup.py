"""Look-up both ways: a typed ISO/IEC number finds its Chinese adoptions, a GB number its source.

Matching rules (see docs/standards.md):

- Chinese numbers match strictly: the code and its kind must agree, so ``GB 5226.1``
  (mandatory) never finds ``GB/T 5226.1`` (recommended), and the other kind is named in a note.
- International numbers match leniently on the bodies and kind: ``ISO 17025`` finds
  ``ISO/IEC 17025`` (and ``ISO/IEC 17025`` a row written ``ISO 17025``), ``IEC 62443-1-1``
  finds ``IEC/TS 62443-1-1``; ``ISO 60204-1`` does not find ``IEC 60204-1``.
- A number with fewer parts finds every part below it (``IEC 62443`` → ``62443-3-3``),
  ranked after the exact number.
- Without an edition every edition is listed, newest adoption first; with one, that edition
  comes first, and if the table lacks it the result says so and lists the editions it has.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from suigang.engines.standards.crosswalk import Crosswalk, Entry
from suigang.engines.standards.numbers import StandardNumber, parse_query, parse_standard


class Side(StrEnum):
    """Which column of the crosswalk a query matched."""

    INTERNATIONAL = "intl"
    CHINESE = "cn"


class LookupStatus(StrEnum):
    FOUND = "found"
    EDITION_NOT_FOUND = "edition_not_found"
    NOT_FOUND = "not_found"


class NoteKind(StrEnum):
    EDITION_NOT_FOUND = "edition_not_found"
    OTHER_KIND = "other_kind"


@dataclass(frozen=True, slots=True)
class Note:
    """Something the reader should know about the answer; ``message`` is in English.

    ``related`` holds the standard numbers the note is about (the editions the table has, or
    the rows of the other kind), so that a page can word it in the reader's language.
    """

    kind: NoteKind
    subject: str
    related: tuple[str, ...]
    message: str


@dataclass(frozen=True, slots=True)
class Match:
    """One row found: which side matched, and whether its edition is the one asked for."""

    entry: Entry
    side: Side
    edition_match: bool


@dataclass(frozen=True, slots=True)
class LookupResult:
    """Matches best first; ``status`` says whether the number (and edition) was found."""

    query: tuple[StandardNumber, ...]
    status: LookupStatus
    matches: tuple[Match, ...]
    notes: tuple[Note, ...] = ()


def _match_cn(query: StandardNumber, target: StandardNumber) -> int | None:
    """Rank of a strict match (0 exact number, 2 a part below it) or ``None``."""
    if query.bodies != target.bodies or query.kind != target.kind:
        return None
    return _number_rank(query, target)


def _match_intl(query: StandardNumber, target: StandardNumber) -> int | None:
    """Rank of a lenient match (0 exact, +1 other bodies or kind, +2 a part below) or ``None``."""
    asked, held = set(query.bodies), set(target.bodies)
    if not (asked <= held or held <= asked):
        return None
    number = _number_rank(query, target)
    if number is None:
        return None
    exact = query.bodies == target.bodies and (query.kind is None or query.kind == target.kind)
    return number + (0 if exact else 1)


def _number_rank(query: StandardNumber, target: StandardNumber) -> int | None:
    q, t = query.identity, target.identity
    if q[1] != t[1] or t[2][: len(q[2])] != q[2]:
        return None
    return 0 if len(q[2]) == len(t[2]) else 2


def _match_one(query: StandardNumber, entry: Entry) -> tuple[Side, int, bool] | None:
    row = entry.row
    rank = _match_cn(query, row.cn)
    if rank is not None:
        return Side.CHINESE, rank, query.year is not None and query.year == row.cn.year
    rank = _match_intl(query, row.intl)
    if rank is not None:
        return Side.INTERNATIONAL, rank, query.year is not None and query.year == row.intl.year
    return None


def _other_kind_note(query: StandardNumber, crosswalk: Crosswalk) -> Note | None:
    """Rows of the same Chinese number under another kind (GB for GB/T and back)."""
    if query.mandatory is None:
        return None
    others = sorted(
        {
            e.row.cn_standard
            for e in crosswalk.entries
            if e.row.cn.kind != query.kind
            and _number_rank(query, e.row.cn) is not None
            and e.row.cn.bodies == query.bodies
        }
    )
    if not others:
        return None
    return Note(
        NoteKind.OTHER_KIND,
        query.designation,
        tuple(others),
        f"{query.designation} is {kind_name(query)}; the table also holds "
        + ", ".join(f"{o} ({kind_name(parse_standard(o))})" for o in others)
        + ", of another kind, not listed here",
    )


def kind_name(number: StandardNumber) -> str:
    """``mandatory``, ``recommended`` or ``guidance`` for a Chinese number, else ``""``."""
    if number.mandatory is None:
        return ""
    if number.mandatory:
        return "mandatory"
    return "guidance" if number.kind == "Z" else "recommended"


def lookup(
    crosswalk: Crosswalk, query: str | StandardNumber | Sequence[StandardNumber]
) -> LookupResult:
    """Rows matching a typed standard number, best first.

    A dual number (``GB/T 35673-2017/IEC 62443-3-3:2013``) finds the rows matching both.
    Raises ``ValueError`` if the query is not a standard number.
    """
    if isinstance(query, str):
        numbers = parse_query(query)
    elif isinstance(query, StandardNumber):
        numbers = (query,)
    else:
        numbers = tuple(query)
    if not 1 <= len(numbers) <= 2 or any(not isinstance(n, StandardNumber) for n in numbers):
        raise ValueError(f"query must be one or two standard numbers, got {query!r}")
    found: list[tuple[tuple[object, ...], Match]] = []
    for entry in crosswalk.entries:
        hits = [_match_one(n, entry) for n in numbers]
        if any(h is None for h in hits):
            continue
        sides = [h[0] for h in hits if h is not None]
        if len(set(sides)) != len(sides):
            continue  # the two halves of a dual number must match both columns
        first = hits[0]
        assert first is not None
        edition = all(h[2] or n.year is None for h, n in zip(hits, numbers, strict=True) if h)
        edition = edition and any(n.year is not None for n in numbers)
        row = entry.row
        key = (
            0 if edition else 1,
            first[1],
            -(row.cn.year or 0),
            -(row.intl.year or 0),
            row.cn.text,
            row.intl.text,
        )
        found.append((key, Match(entry, first[0], edition)))
    found.sort(key=lambda pair: pair[0])
    matches = tuple(m for _, m in found)
    notes: list[Note] = []
    asked = [n for n in numbers if n.year is not None]
    if not matches:
        status = LookupStatus.NOT_FOUND
    elif asked and not any(m.edition_match for m in matches):
        status = LookupStatus.EDITION_NOT_FOUND
        for n in asked:
            notes.append(_edition_note(n, matches))
    else:
        status = LookupStatus.FOUND
    for n in numbers:
        note = _other_kind_note(n, crosswalk)
        if note is not None:
            notes.append(note)
    return LookupResult(numbers, status, matches, tuple(notes))


def _edition_note(asked: StandardNumber, matches: tuple[Match, ...]) -> Note:
    pairs = []
    for m in matches:
        row = m.entry.row
        if m.side is Side.CHINESE:
            pairs.append(f"{row.cn_standard} (adopts {row.intl_standard})")
        else:
            pairs.append(f"{row.intl_standard} (adopted by {row.cn_standard})")
    return Note(
        NoteKind.EDITION_NOT_FOUND,
        asked.text,
        tuple(pairs),
        f"the table has no row for the edition {asked.text}; it has {', '.join(pairs)}",
    )


def match_record(match: Match) -> dict[str, object]:
    """A match as a plain dictionary (the CLI's JSON and, later, the API's items)."""
    entry, row = match.entry, match.entry.row
    return {
        "intl_standard": row.intl_standard,
        "intl_title": row.intl_title,
        "intl_year": row.intl.year,
        "cn_standard": row.cn_standard,
        "cn_title_zh": row.cn_title,
        "cn_kind": kind_name(row.cn),
        "mandatory": row.mandatory,
        "year": row.year,
        "adoption": row.adoption.value,
        "verified": row.verified,
        "superseded": entry.superseded,
        "superseded_by": entry.superseded_by,
        "topic": row.topic,
        "source": row.source,
        "matched": match.side.value,
        "edition_match": match.edition_match,
    }
