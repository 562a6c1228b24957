"""Reading the relay configuration: the legs (YAML) and the TRL, MRL and MRL-thread tables (CSV).

The product ships its own copy (``default_config()``, package data under ``data/``), so it
runs without the reference set; ``load_config_dir`` reads any directory laid out the same
way (``relay_mapping.yaml``, ``trl.csv``, ``mrl.csv``, ``mrl_threads.csv``).

Every key of the YAML is checked: an unknown key is an error, so a misspelt gate is never
silently dropped. A leg's gate out is, in this order: its structured ``gate.criteria``; else
the levels its ``gate_out`` text names (``"TRL6 + MRL6 (...)"`` → TRL ≥ 6 and MRL ≥ 6, each
with evidence); else, derived from the ranges, the level just below the receiving leg's
lowest, but never below the leg's own lowest. Where both ``gate`` and ``gate_out`` are given
they must name the same levels.
"""

from __future__ import annotations

import csv
import io
import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

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

FILES = ("relay_mapping.yaml", "trl.csv", "mrl.csv", "mrl_threads.csv")
_TOP_KEYS = {"status", "source_basis", "legs", "stalled_after_days"}
_LEG_KEYS = {
    "leg", "name", "name_zh_hans", "name_zh_hant", "owner", "owner_zh_hans", "owner_zh_hant",
    "region", "trl", "mrl", "typical_support", "gate_out", "gate", "next", "parallel_with",
    "note", "stalled_after_days",
}  # fmt: skip
_GATE_KEYS = {"description", "criteria"}
_CRITERION_KEYS = {"scale", "level", "evidence", "threads"}
_NAMED_LEVEL = re.compile(r"\b(TRL|MRL)\s*-?\s*(\d+)", re.IGNORECASE)


class ConfigError(ValueError):
    """The configuration cannot be used; the message names the file and the place."""


def _keys(value: object, allowed: set[str], where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a mapping, got {type(value).__name__}")
    unknown = sorted(str(k) for k in value if k not in allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")
    return value


def _text(value: object, where: str, *, required: bool = False) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ConfigError(f"{where}: expected text, got {value!r}")
    return value.strip()


def _ints(value: object, where: str) -> tuple[int, ...]:
    if not isinstance(value, list) or any(
        isinstance(v, bool) or not isinstance(v, int) for v in value
    ):
        raise ConfigError(f"{where}: expected a list of whole numbers, got {value!r}")
    return tuple(value)


def _range(value: object, scale: Scale, where: str) -> LevelRange:
    pair = _ints(value, where)
    if len(pair) != 2:
        raise ConfigError(f"{where}: expected [low, high], got {value!r}")
    try:
        return LevelRange(scale, pair[0], pair[1])
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from None


def _named_levels(text: str, where: str) -> tuple[Criterion, ...]:
    found: dict[Scale, int] = {}
    for scale_text, level_text in _NAMED_LEVEL.findall(text):
        scale, level = Scale(scale_text.upper()), int(level_text)
        if found.get(scale, level) != level:
            raise ConfigError(f"{where}: names {scale} twice ({found[scale]} and {level})")
        found[scale] = level
    try:
        return tuple(Criterion(s, found[s]) for s in Scale if s in found)
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from None


def _criteria(value: object, thread_ids: tuple[str, ...], where: str) -> tuple[Criterion, ...]:
    if not isinstance(value, list) or not value:
        raise ConfigError(f"{where}: expected a list of criteria")
    out = []
    for i, item in enumerate(value):
        here = f"{where}[{i}]"
        raw = _keys(item, _CRITERION_KEYS, here)
        threads = raw.get("threads", [])
        if threads == "all":
            threads = list(thread_ids)
        if not isinstance(threads, list):
            raise ConfigError(f"{here}.threads: expected a list of thread letters or 'all'")
        try:
            out.append(
                Criterion(
                    Scale(str(raw.get("scale", "")).upper()),
                    raw.get("level"),  # type: ignore[arg-type]
                    raw.get("evidence", True),
                    tuple(threads),
                )
            )
        except ValueError as exc:
            raise ConfigError(f"{here}: {exc}") from None
    return tuple(out)


def _leg_fields(raw: dict[str, Any], number: int, where: str) -> dict[str, Any]:
    region = raw.get("region")
    if region is not None and region not in {r.value for r in Region}:
        raise ConfigError(f"{where}.region: expected hk or zone, got {region!r}")
    support = raw.get("typical_support", [])
    if not isinstance(support, list) or any(not isinstance(s, str) for s in support):
        raise ConfigError(f"{where}.typical_support: expected a list of text")
    days = raw.get("stalled_after_days")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 1):
        raise ConfigError(f"{where}.stalled_after_days: expected whole days ≥ 1, got {days!r}")
    return {
        "number": number,
        "name": _text(raw.get("name"), f"{where}.name", required=True),
        "owner": _text(raw.get("owner"), f"{where}.owner"),
        "trl": _range(raw.get("trl"), Scale.TRL, f"{where}.trl"),
        "mrl": _range(raw.get("mrl"), Scale.MRL, f"{where}.mrl"),
        "gate_out": _text(raw.get("gate_out"), f"{where}.gate_out"),
        "region": Region(region) if region else None,
        "typical_support": tuple(s.strip() for s in support),
        "note": _text(raw.get("note"), f"{where}.note"),
        "parallel_with": _ints(raw.get("parallel_with", []), f"{where}.parallel_with"),
        "stalled_after_days": days,
        **{
            k: _text(raw.get(k), f"{where}.{k}")
            for k in ("name_zh_hans", "name_zh_hant", "owner_zh_hans", "owner_zh_hant")
        },
    }


def _gate(
    raw: dict[str, Any], leg: dict[str, Any], receiving: dict[str, Any], threads: tuple[str, ...],
    where: str,
) -> Gate:  # fmt: skip
    text = leg["gate_out"]
    if "gate" in raw:
        spec = _keys(raw["gate"], _GATE_KEYS, f"{where}.gate")
        criteria = _criteria(spec.get("criteria"), threads, f"{where}.gate.criteria")
        description = _text(spec.get("description"), f"{where}.gate.description") or text
        if text:
            named = {(c.scale, c.level) for c in _named_levels(text, f"{where}.gate_out")}
            if named and named != {(c.scale, c.level) for c in criteria}:
                raise ConfigError(
                    f"{where}: gate criteria "
                    f"{' + '.join(c.text for c in criteria)} disagree with gate_out {text!r}"
                )
        origin = GateOrigin.STRUCTURED
    elif text:
        criteria = _named_levels(text, f"{where}.gate_out")
        if not criteria:
            raise ConfigError(f"{where}.gate_out: names no TRL or MRL level; give gate.criteria")
        description, origin = text, GateOrigin.TEXT
    else:
        criteria = tuple(
            Criterion(s, max(receiving[s.lower()].low - 1, leg[s.lower()].low)) for s in Scale
        )
        description = " + ".join(c.text for c in criteria) + " (derived from the legs' ranges)"
        origin = GateOrigin.RANGES
    try:
        return Gate(description or " + ".join(c.text for c in criteria), criteria, origin)
    except ValueError as exc:
        raise ConfigError(f"{where}.gate: {exc}") from None


def _legs(text: str, name: str, thread_ids: tuple[str, ...]) -> tuple[dict[str, Any], list[Leg]]:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{name}{at}: not YAML ({getattr(exc, 'problem', exc)})") from None
    top = _keys(doc, _TOP_KEYS, name)
    raw_legs = top.get("legs")
    if not isinstance(raw_legs, list) or not raw_legs:
        raise ConfigError(f"{name}: legs must be a non-empty list")
    raws, fields = [], []
    for i, item in enumerate(raw_legs):
        where = f"{name}: leg {i + 1}"
        raw = _keys(item, _LEG_KEYS, where)
        number = raw.get("leg")
        if number != i + 1:
            raise ConfigError(
                f"{where}.leg: legs are numbered 1, 2, 3 ... in order, got {number!r}"
            )
        raws.append(raw)
        fields.append(_leg_fields(raw, number, f"{name}: leg {number}"))
    legs = []
    for raw, leg in zip(raws, fields, strict=True):
        number = leg["number"]
        default_next = [number + 1] if number < len(fields) else []
        nexts = _ints(raw.get("next", default_next), f"{name}: leg {number}.next")
        if any(not 1 <= n <= len(fields) or n == number for n in nexts):
            raise ConfigError(f"{name}: leg {number}.next: {list(nexts)} names no other leg")
        gate = None
        if nexts:
            gate = _gate(raw, leg, fields[nexts[0] - 1], thread_ids, f"{name}: leg {number}")
        elif "gate" in raw:
            raise ConfigError(f"{name}: leg {number} is the last leg and cannot have a gate")
        try:
            legs.append(Leg(next=nexts, gate=gate, **leg))
        except ValueError as exc:
            raise ConfigError(f"{name}: {exc}") from None
    return top, legs


def _table(text: str, name: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip() for c in reader.fieldnames or ()]
    for column in required:
        options = column.split("|")
        if not any(o in columns for o in options):
            raise ConfigError(f"{name} line 1: missing column {' or '.join(options)}")
    rows = []
    for row in reader:
        rows.append((reader.line_num, {k.strip(): (v or "").strip() for k, v in row.items() if k}))
    return rows


def _pick(row: dict[str, str], *names: str) -> str:
    return next((row[n] for n in names if row.get(n)), "")


def _whole(text: str, column: str) -> int:
    if not (text.isdigit() and text.isascii()):
        raise ValueError(f"{column} {text!r} is not a whole number")
    return int(text)


def _levels(text: str, name: str, scale: Scale) -> tuple[Level, ...]:
    title = "eu_horizon_annex_g|name" if scale is Scale.TRL else "title|name"
    out = []
    for line, row in _table(text, name, ("level", title)):
        try:
            at = row.get("assessed_at_trl", "")
            out.append(
                Level(
                    scale,
                    _whole(row["level"], "level"),
                    _pick(row, *title.split("|")),
                    _pick(row, "name_zh_hans", "title_zh_hans"),
                    _pick(row, "name_zh_hant", "title_zh_hant"),
                    _whole(at, "assessed_at_trl") if at else None,
                )
            )
        except ValueError as exc:
            raise ConfigError(f"{name} line {line}: {exc}") from None
    return tuple(out)


def _threads(text: str, name: str) -> tuple[Thread, ...]:
    out = []
    for line, row in _table(text, name, ("thread_id", "thread")):
        subs = tuple(s.strip() for s in row.get("sub_threads", "").split(";") if s.strip())
        try:
            out.append(
                Thread(
                    row["thread_id"], row["thread"], subs,
                    row.get("thread_zh_hans", ""), row.get("thread_zh_hant", ""),
                )
            )  # fmt: skip
        except ValueError as exc:
            raise ConfigError(f"{name} line {line}: {exc}") from None
    return tuple(out)


def load_config(
    mapping: str,
    trl: str,
    mrl: str,
    threads: str,
    *,
    names: tuple[str, str, str, str] = FILES,
) -> RelayConfig:
    """The relay configuration from the texts of its four files; :class:`ConfigError` if bad."""
    thread_rows = _threads(threads, names[3])
    top, legs = _legs(mapping, names[0], tuple(t.id for t in thread_rows))
    days = top.get("stalled_after_days", DEFAULT_STALLED_AFTER_DAYS)
    try:
        return RelayConfig(
            legs=tuple(legs),
            trl_levels=_levels(trl, names[1], Scale.TRL),
            mrl_levels=_levels(mrl, names[2], Scale.MRL),
            threads=thread_rows,
            stalled_after_days=days,
            status=_text(top.get("status"), f"{names[0]}: status"),
            source_basis=_text(top.get("source_basis"), f"{names[0]}: source_basis"),
        )
    except ValueError as exc:
        if isinstance(exc, ConfigError):
            raise
        raise ConfigError(f"{names[0]}: {exc}") from None


def load_config_dir(directory: str | Path) -> RelayConfig:
    """The configuration from a directory holding the four files of :data:`FILES`."""
    base = Path(directory)
    texts = [(base / f).read_text(encoding="utf-8") for f in FILES]
    mapping, trl, mrl, threads = (str(base / f) for f in FILES)
    return load_config(*texts, names=(mapping, trl, mrl, threads))


def default_config() -> RelayConfig:
    """The configuration shipped with the product (``suigang/engines/readiness/data``)."""
    data = resources.files("suigang.engines.readiness") / "data"
    texts = [(data / f).read_text(encoding="utf-8") for f in FILES]
    return load_config(*texts)
