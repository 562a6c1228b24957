"""The structure of the GB/T 39116 maturity model: levels, elements, domains, sub-domains.

The structure is data (``data/cmmm_model.yaml``); this module gives it types, checks it on
construction and finds a sub-domain, domain, element or level from the forms a person types
(a code, or a name in Simplified Chinese, Traditional Chinese or English).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

LANGUAGES = ("zh-Hans", "zh-Hant", "en")


def normalise(text: str) -> str:
    """The form used to compare what a person typed: NFKC, case-folded, no spaces, '&' = 'and'.

    NFKC folds full-width letters and digits (``Ｍ２．２`` → ``M2.2``); hyphens and
    underscores are dropped as well, so ``not-met``, ``not_met`` and ``Not met`` compare equal.
    """
    text = unicodedata.normalize("NFKC", text).casefold().replace("&", "and")
    return re.sub(r"[\s_\-]+", "", text)


@dataclass(frozen=True, slots=True)
class Names:
    """A name in the three languages the product shows."""

    zh_hans: str
    zh_hant: str
    en: str

    def __post_init__(self) -> None:
        for lang, value in zip(LANGUAGES, (self.zh_hans, self.zh_hant, self.en), strict=True):
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"name in {lang} must be non-empty text, got {value!r}")

    def __iter__(self) -> Iterator[str]:
        return iter((self.zh_hans, self.zh_hant, self.en))

    def get(self, lang: str) -> str:
        """The name in ``lang`` (``zh-Hans``, ``zh-Hant`` or ``en``)."""
        if lang not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
        return {"zh-Hans": self.zh_hans, "zh-Hant": self.zh_hant, "en": self.en}[lang]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, where: str) -> Names:
        try:
            return cls(str(data["zh-Hans"]), str(data["zh-Hant"]), str(data["en"]))
        except (KeyError, TypeError):
            raise ValueError(f"{where}: a name needs zh-Hans, zh-Hant and en") from None


@dataclass(frozen=True, slots=True)
class Level:
    """One maturity level (1 = planning ... 5 = leading)."""

    number: int
    code: str
    name: Names
    theme: Names


@dataclass(frozen=True, slots=True)
class SubDomain:
    """A capability sub-domain: the unit that requirements and answers belong to."""

    code: str
    name: Names
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Domain:
    """A capability domain: one or more sub-domains."""

    code: str
    name: Names
    subdomains: tuple[SubDomain, ...]

    def __post_init__(self) -> None:
        if not self.subdomains:
            raise ValueError(f"domain {self.code} has no sub-domain")


@dataclass(frozen=True, slots=True)
class Element:
    """A capability element (personnel, technology, resource, manufacturing): its domains."""

    code: str
    name: Names
    domains: tuple[Domain, ...]

    def __post_init__(self) -> None:
        if not self.domains:
            raise ValueError(f"element {self.code} has no domain")


@dataclass(frozen=True)
class MaturityModel:
    """Levels and the element → domain → sub-domain tree, with lookups by code or name."""

    standard: str
    levels: tuple[Level, ...]
    elements: tuple[Element, ...]
    _subdomain_alias: dict[str, str] = field(init=False, repr=False, compare=False)
    _domain_alias: dict[str, str] = field(init=False, repr=False, compare=False)
    _element_alias: dict[str, str] = field(init=False, repr=False, compare=False)
    _level_alias: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        numbers = [lv.number for lv in self.levels]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"levels must be numbered 1, 2, ... in order, got {numbers}")
        if not self.elements:
            raise ValueError("the model has no element")
        element_codes = [e.code for e in self.elements]
        domain_codes = [d.code for e in self.elements for d in e.domains]
        sub_codes = [s.code for e in self.elements for d in e.domains for s in d.subdomains]
        for kind, codes in (
            ("element", element_codes),
            ("domain", domain_codes),
            ("sub-domain", sub_codes),
        ):
            dupes = sorted({c for c in codes if codes.count(c) > 1})
            if dupes:
                raise ValueError(f"{kind} code(s) {', '.join(dupes)} appear more than once")
        elements = _aliases((e.code, (e.code, *e.name)) for e in self.elements)
        domains = _aliases((d.code, (d.code, *d.name)) for d in self.domains())
        subdomains = _aliases((s.code, _subdomain_forms(s)) for s in self.subdomains())
        object.__setattr__(self, "_element_alias", elements)
        object.__setattr__(self, "_domain_alias", domains)
        object.__setattr__(self, "_subdomain_alias", subdomains)
        object.__setattr__(self, "_level_alias", _level_aliases(self.levels))

    # -- walking the tree --------------------------------------------------------------
    def subdomains(self) -> tuple[SubDomain, ...]:
        """Every sub-domain in model order."""
        return tuple(s for e in self.elements for d in e.domains for s in d.subdomains)

    def domains(self) -> tuple[Domain, ...]:
        """Every domain in model order."""
        return tuple(d for e in self.elements for d in e.domains)

    def subdomain(self, code: str) -> SubDomain:
        """The sub-domain with this exact code."""
        for s in self.subdomains():
            if s.code == code:
                return s
        raise ValueError(f"no sub-domain with code {code!r}")

    def domain(self, code: str) -> Domain:
        """The domain with this exact code."""
        for d in self.domains():
            if d.code == code:
                return d
        raise ValueError(f"no domain with code {code!r}")

    def element(self, code: str) -> Element:
        """The element with this exact code."""
        for e in self.elements:
            if e.code == code:
                return e
        raise ValueError(f"no element with code {code!r}")

    def level(self, number: int) -> Level:
        """The level with this number."""
        if not 1 <= number <= len(self.levels):
            raise ValueError(f"level must be 1 to {len(self.levels)}, got {number!r}")
        return self.levels[number - 1]

    # -- finding what a person typed ---------------------------------------------------
    def find_subdomain(self, text: str) -> str | None:
        """The code of the sub-domain ``text`` names, else None.

        A code, a name in any of the three languages, or both (``M2.2 计划与调度``,
        ``Planning and scheduling (M2.2)``) as long as they agree.
        """
        return _find(self._subdomain_alias, text)

    def find_domain(self, text: str) -> str | None:
        """The code of the domain ``text`` names (its code, a name, or both), else None."""
        return _find(self._domain_alias, text)

    def find_element(self, text: str) -> str | None:
        """The code of the element ``text`` names (its code or a name), else None."""
        return self._element_alias.get(normalise(text))

    def find_level(self, text: str) -> int | None:
        """The level ``text`` names, else None.

        ``3``, ``L3``, ``level 3``, ``三级``, ``3級``, ``集成级``, ``Integrated`` all name level 3.
        """
        key = normalise(text)
        if re.fullmatch(r"\d+\.0+", key):  # "3.0", as a spreadsheet may write a whole number
            key = key.split(".")[0]
        return self._level_alias.get(key)

    def why_not_subdomain(self, text: str) -> str:
        """A message for text that names no sub-domain (a domain of several gets a hint)."""
        code = self.find_domain(text)
        if code is not None:
            subs = self.domain(code).subdomains
            if len(subs) > 1:
                listed = ", ".join(f"{s.code} {s.name.en}" for s in subs)
                return f"{text!r} is a domain with several sub-domains; name one of {listed}"
        return (
            f"unknown sub-domain {text!r}: give a code ({', '.join(self.codes())}) "
            "or a sub-domain name in Chinese or English"
        )

    def codes(self) -> tuple[str, ...]:
        """Sub-domain codes in model order."""
        return tuple(s.code for s in self.subdomains())


_CHINESE_DIGITS = "一二三四五六七八九"


_CODE = re.compile(r"[a-z]\d+(?:\.\d+)?")


def _subdomain_forms(s: SubDomain) -> tuple[str, ...]:
    return (s.code, *s.name, *s.aliases)


def _loose(key: str) -> str:
    """A normalised key without punctuation: brackets, colons, dots, slashes."""
    return re.sub(r"[\W_]+", "", key)


def _find(aliases: Mapping[str, str], text: str) -> str | None:
    key = normalise(text)
    hit = aliases.get(key)
    if hit is not None:
        return hit
    # a code and a name together, in either order, with any punctuation between them
    codes = _CODE.findall(key)
    if len(codes) != 1 or (code := aliases.get(codes[0])) is None:
        return None
    rest = _loose(key.replace(codes[0], "", 1))
    if not rest:
        return code
    names = {_loose(k): v for k, v in aliases.items() if not _CODE.fullmatch(k)}
    return code if names.get(rest) == code else None


def _aliases(items: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for code, forms in items:
        for form in forms:
            key = normalise(form)
            if out.get(key, code) != code:
                raise ValueError(f"{form!r} would name both {out[key]} and {code}")
            out[key] = code
    return out


def _level_aliases(levels: tuple[Level, ...]) -> dict[str, int]:
    out: dict[str, int] = {}
    for lv in levels:
        n = lv.number
        forms = [str(n), lv.code, f"level{n}", f"{n}级", f"{n}級", f"第{n}级", f"第{n}級", *lv.name]
        if n <= len(_CHINESE_DIGITS):
            digit = _CHINESE_DIGITS[n - 1]
            forms += [f"{digit}级", f"{digit}級", f"第{digit}级", f"第{digit}級"]
        for form in forms:
            out[normalise(form)] = n
    return out


def model_from_dict(data: Mapping[str, Any]) -> MaturityModel:
    """A model from its data form (the structure of ``data/cmmm_model.yaml``)."""
    try:
        levels = tuple(
            Level(
                number=int(lv["number"]),
                code=str(lv["code"]),
                name=Names.from_dict(lv["name"], where=f"level {lv['number']}"),
                theme=Names.from_dict(lv["theme"], where=f"level {lv['number']} theme"),
            )
            for lv in data["levels"]
        )
        elements = tuple(
            Element(
                code=str(e["code"]),
                name=Names.from_dict(e["name"], where=f"element {e['code']}"),
                domains=tuple(
                    Domain(
                        code=str(d["code"]),
                        name=Names.from_dict(d["name"], where=f"domain {d['code']}"),
                        subdomains=tuple(
                            SubDomain(
                                code=str(s["code"]),
                                name=Names.from_dict(s["name"], where=f"sub-domain {s['code']}"),
                                aliases=tuple(str(a) for a in s.get("aliases", ())),
                            )
                            for s in d["subdomains"]
                        ),
                    )
                    for d in e["domains"]
                ),
            )
            for e in data["elements"]
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(f"maturity model data is incomplete: missing {exc}") from None
    return MaturityModel(standard=str(data.get("standard", "")), levels=levels, elements=elements)


def read_data(name: str) -> Any:
    """A YAML file shipped in this package's ``data`` folder."""
    folder = resources.files("suigang.engines.analytics.maturity").joinpath("data")
    text = folder.joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def load_model() -> MaturityModel:
    """The GB/T 39116 model shipped with the product."""
    return model_from_dict(read_data("cmmm_model.yaml"))
