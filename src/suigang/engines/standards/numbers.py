"""Standard numbers as people type them: ``iso9001:2015``, ``GBT19001—2016``, ``IEC TS 62443-1-1``.

``parse_standard(text)`` reads one number into a :class:`StandardNumber`: the issuing bodies
(``ISO``, ``IEC``, ``GB`` ...), the kind of document (``TS``, ``TR`` for ISO/IEC; ``T``
recommended and ``Z`` guidance for Chinese codes, none for a mandatory GB), the number, its
parts and its edition year. The rules are general, not a list of known standards:

- full-width characters, every kind of dash and slash, and extra spaces are folded
  (``ＧＢ／Ｔ　１９００１－２０１６``, ``GB/T 19001——2016``);
- the code may be glued to the number or to its kind (``ISO9001``, ``GBT19001``, ``GB-T``);
- a year follows ``:`` (any scheme), ``-`` (four digits 1900–2099; Chinese codes also take
  the old two-digit years, ``GB 3100-93``) or a space (four digits);
- ISO/IEC parts follow ``-`` (``60204-1``, ``61000-6-2``), Chinese parts follow ``.``
  (``5226.1``); a one-digit ``-n`` after a Chinese number is read as a part;
- amendments and corrigenda (``/Amd 1:2024``, ``+AMD1:2021``, ``/Cor.1:2007``) are kept;
  a title after the number (``GB/T 19001-2016 质量管理体系``) is ignored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

#: Bodies whose numbers are international standards.
INTERNATIONAL_BODIES = frozenset({"ISO", "IEC", "IEEE", "ITU"})
#: Chinese national codes and the sector codes (行业标准代号) whose numbers use ``.`` parts.
_SECTOR_CODES = (
    "AQ BB CB CH CJ CY DA DB DL DZ EJ FZ GA GH GM GY HB HG HJ HS HY JB JC JG JR JT JY LB LD LS "
    "LY MH MT MZ NB NY QB QC QJ QX RB SB SC SF SH SJ SL SN SY TB TD TY WB WH WJ WM WS WW XB "
    "YB YC YD YS YY YZ ZY"
)
CHINESE_CODES = frozenset({"GB", "GJB", *_SECTOR_CODES.split(" ")})
#: Kinds of document written after the code: ISO/IEC deliverables and drafts, and the
#: Chinese ``/T`` (recommended, 推荐性) and ``/Z`` (guidance, 指导性技术文件).
KINDS = frozenset({"TS", "TR", "PAS", "GUIDE", "ISP", "IWA", "TTA", "DIS", "FDIS", "T", "Z"})
CHINESE_KINDS = frozenset({"T", "Z"})

_LOCAL = re.compile(r"DB\d{2}")  # local (provincial) standards, e.g. DB44/T
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
_SLASHES = "\u2215\u2044\u29f8\uff0f"
_FOLD = str.maketrans({**{c: "-" for c in _DASHES}, **{c: "/" for c in _SLASHES}})
_CODE = r"(?:DB\d{2}|[A-Z]+)"
_HEAD = re.compile(rf"[^\x00-\x7f]*\s*({_CODE}(?:\s*[/\-_ ]?\s*{_CODE})*)\s*[-_.]?\s*(?=\d)")
_NUMBER = re.compile(r"(\d+)((?:\s*[.\-]\s*\d+)*)")
_GROUP = re.compile(r"\s*([.\-])\s*(\d+)")
_COLON_YEAR = re.compile(r"\s*:\s*(\d+)")
_SPACE_YEAR = re.compile(r"\s+((?:19|20)\d{2})(?!\d)")
_AMENDMENT = re.compile(
    r"\s*[/+]\s*(AMENDMENT|AMD|CORRIGENDUM|CORR|COR|A|C)\s*\.?\s*(\d+)(?:\s*:\s*(\d{2,4}))?(?!\d)"
)
_DUAL = re.compile(rf"\s*/\s*(?={_CODE}\s*[/\-_ ]?\s*(?:{_CODE}\s*)?[-_.]?\s*\d)")


class Scheme(StrEnum):
    """Which family a number belongs to, read from its code."""

    INTERNATIONAL = "international"
    CHINESE = "chinese"
    OTHER = "other"


def _year(digits: str, *, two_digit: bool, where: str) -> int:
    if len(digits) == 4:
        value = int(digits)
    elif len(digits) == 2 and two_digit:
        value = int(digits) + (1900 if int(digits) >= 50 else 2000)
    else:
        raise ValueError(f"year {digits!r} in {where!r} is not a four-digit year")
    if not 1900 <= value <= 2099:
        raise ValueError(f"year {value} in {where!r} is outside 1900–2099")
    return value


def _plausible_year(digits: str, *, two_digit: bool) -> bool:
    if len(digits) == 4:
        return 1900 <= int(digits) <= 2099
    return two_digit and len(digits) == 2


@dataclass(frozen=True, slots=True)
class StandardNumber:
    """One standard number, read and checked; ``text`` is its canonical spelling.

    ``bodies`` are the issuing codes in order (``("ISO", "IEC")``, ``("GB",)``); ``kind`` is
    the document kind after them or ``None``; ``number`` keeps its digits as written
    (``"0287"``); ``parts`` are the part numbers; ``year`` the edition, if given.
    """

    bodies: tuple[str, ...]
    number: str
    kind: str | None = None
    parts: tuple[str, ...] = ()
    year: int | None = None
    amendments: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.bodies or any(
            not (b.isalpha() and b.isascii() and b.isupper()) and not _LOCAL.fullmatch(b)
            for b in self.bodies
        ):
            raise ValueError(
                f"bodies must be upper-case codes such as ISO or GB, got {self.bodies!r}"
            )
        if self.kind is not None and self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(sorted(KINDS))}, got {self.kind!r}")
        if not (self.number.isdigit() and self.number.isascii()):
            raise ValueError(f"number must be digits, got {self.number!r}")
        if any(not (p.isdigit() and p.isascii()) for p in self.parts):
            raise ValueError(f"parts must be digits, got {self.parts!r}")
        if self.year is not None and not 1900 <= self.year <= 2099:
            raise ValueError(f"year must be within 1900–2099, got {self.year!r}")

    @property
    def scheme(self) -> Scheme:
        """International (ISO, IEC ...), Chinese (GB, GB/T, sector and local codes) or other."""
        if self.kind in CHINESE_KINDS or self.bodies[0] in CHINESE_CODES:
            return Scheme.CHINESE
        if _LOCAL.fullmatch(self.bodies[0]):
            return Scheme.CHINESE
        if set(self.bodies) <= INTERNATIONAL_BODIES:
            return Scheme.INTERNATIONAL
        return Scheme.OTHER

    @property
    def mandatory(self) -> bool | None:
        """For a Chinese number: mandatory (``GB``) or not (``GB/T``, ``GB/Z``); else ``None``."""
        if self.scheme is not Scheme.CHINESE:
            return None
        return self.kind is None

    @property
    def code(self) -> str:
        """The code with its kind: ``GB/T``, ``ISO/TS``, ``ISO/IEC TR``, ``GB``."""
        bodies = "/".join(self.bodies)
        if self.kind is None:
            return bodies
        if self.kind == "GUIDE":
            return f"{bodies} Guide"
        kind = self.kind
        if self.scheme is Scheme.CHINESE or len(self.bodies) == 1:
            return f"{bodies}/{kind}"
        return f"{bodies} {kind}"

    @property
    def designation(self) -> str:
        """Code, number and parts without the edition: ``IEC 60204-1``, ``GB/T 5226.1``."""
        sep = "." if self.scheme is Scheme.CHINESE else "-"
        return f"{self.code} {sep.join((self.number, *self.parts))}"

    @property
    def text(self) -> str:
        """Canonical spelling: ``ISO 9001:2015``, ``GB/T 19001-2016``, ``GB 11291.1-2011``."""
        out = self.designation
        if self.year is not None:
            out += f"-{self.year}" if self.scheme is Scheme.CHINESE else f":{self.year}"
        return out + "".join(f"/{a}" for a in self.amendments)

    @property
    def identity(self) -> tuple[tuple[str, ...], int, tuple[int, ...]]:
        """Bodies, number and parts, compared numerically; kind and edition left out."""
        return self.bodies, int(self.number), tuple(int(p) for p in self.parts)

    def without_year(self) -> StandardNumber:
        """The same designation with no edition."""
        return StandardNumber(self.bodies, self.number, self.kind, self.parts)


def fold(text: str) -> str:
    """Fold full-width characters, dashes, slashes, case and runs of spaces."""
    folded = unicodedata.normalize("NFKC", text).translate(_FOLD).upper()
    folded = re.sub(r"-{2,}", "-", folded)
    return re.sub(r"\s+", " ", folded).strip().strip("《》「」『』\"'“”‘’[]【】")


def _split_code(code: str) -> tuple[tuple[str, ...], str | None]:
    tokens: list[str] = []
    for token in re.split(r"\s*[/\-_ ]\s*", code):
        known = token in INTERNATIONAL_BODIES or token in CHINESE_CODES or token in KINDS
        if not known and len(token) >= 3 and token[-1] in CHINESE_KINDS:
            stem = token[:-1]
            if stem in CHINESE_CODES or _LOCAL.fullmatch(stem):
                tokens += [stem, token[-1]]  # GBT -> GB/T, YYT -> YY/T
                continue
        tokens.append(token)
    bodies = tuple(t for t in tokens if t not in KINDS or t in INTERNATIONAL_BODIES)
    kinds = [t for t in tokens if t in KINDS and t not in INTERNATIONAL_BODIES]
    if len(kinds) > 1:
        raise ValueError(f"{code!r} names more than one kind of document ({', '.join(kinds)})")
    return bodies, (kinds[0] if kinds else None)


def _read(folded: str, original: str) -> tuple[StandardNumber, str]:
    """One number from the start of ``folded``; returns it and the unread rest."""
    head = _HEAD.match(folded)
    if head is None:
        raise ValueError(
            f"{original!r} is not a standard number: expected a code such as ISO, IEC, GB or "
            "GB/T followed by a number"
        )
    bodies, kind = _split_code(head.group(1))
    if not bodies:
        raise ValueError(f"{original!r} names no standards body (ISO, IEC, GB ...)")
    chinese = (
        kind in CHINESE_KINDS or bodies[0] in CHINESE_CODES or bool(_LOCAL.fullmatch(bodies[0]))
    )
    body = _NUMBER.match(folded, head.end())
    assert body is not None  # _HEAD ends where a digit follows
    groups = _GROUP.findall(body.group(2))
    pos = body.end()
    year: int | None = None
    colon = _COLON_YEAR.match(folded, pos)
    if colon:
        year = _year(colon.group(1), two_digit=True, where=original)
        pos = colon.end()
    elif groups and groups[-1][0] == "-" and _plausible_year(groups[-1][1], two_digit=chinese):
        year = _year(groups.pop()[1], two_digit=chinese, where=original)
    else:
        spaced = _SPACE_YEAR.match(folded, pos)
        if spaced:
            year = int(spaced.group(1))
            pos = spaced.end()
    amendments: list[str] = []
    while amendment := _AMENDMENT.match(folded, pos):
        word, num, when = amendment.groups()
        label = "Cor" if word.startswith("C") else "Amd"
        amendments.append(
            f"{label} {int(num)}"
            + (f":{_year(when, two_digit=True, where=original)}" if when else "")
        )
        pos = amendment.end()
    parts = tuple(digits for _, digits in groups)
    number = StandardNumber(bodies, body.group(1), kind, parts, year, tuple(amendments))
    return number, folded[pos:]


def _title_only(rest: str) -> bool:
    """Text after a number that is a title or a note, not part of the number."""
    return rest == "" or rest[0] in " (《[【（.,;:!?" or not rest[0].isascii()


def parse_standard(text: str) -> StandardNumber:
    """Read one standard number typed in any of the usual spellings; ``ValueError`` if not one."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("standard number is empty")
    return _parse_standard(text)


@lru_cache(maxsize=8192)
def _parse_standard(text: str) -> StandardNumber:
    folded = fold(text)
    number, rest = _read(folded, text)
    if _DUAL.match(rest):
        raise ValueError(f"{text!r} holds two standard numbers; give one")
    if not _title_only(rest):
        raise ValueError(f"{text!r}: cannot read {rest.strip()!r} after {number.text}")
    return number


def parse_query(text: str) -> tuple[StandardNumber, ...]:
    """One number, or the two of a dual number (``GB/T 35673-2017/IEC 62443-3-3:2013``)."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("query is empty")
    return _parse_query(text)


@lru_cache(maxsize=8192)
def _parse_query(text: str) -> tuple[StandardNumber, ...]:
    folded = fold(text)
    first, rest = _read(folded, text)
    dual = _DUAL.match(rest)
    if dual is None:
        if not _title_only(rest):
            raise ValueError(f"{text!r}: cannot read {rest.strip()!r} after {first.text}")
        return (first,)
    second, rest = _read(rest[dual.end() :], text)
    if not _title_only(rest):
        raise ValueError(f"{text!r}: cannot read {rest.strip()!r} after {second.text}")
    return first, second
