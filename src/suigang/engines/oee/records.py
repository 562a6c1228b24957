"""Reading state and calendar tables (CSV text) and writing results as plain dictionaries."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from suigang.engines.oee.model import (
    ItemState,
    OeeResult,
    OperationMode,
    Period,
    StateInterval,
)

STATE_COLUMNS = (
    "machine",
    "start",
    "end",
    "item_state",
    "operation_mode",
    "produced",
    "scrap",
    "rework",
)
PLANNED_DOWN_COLUMNS = ("machine", "start", "end")
#: A planned-down row whose machine is blank or ``*`` applies to every machine.
ALL_MACHINES = "*"


def parse_time(text: str, *, where: str) -> datetime:
    """An ISO 8601 time; a time without offset is taken as UTC, ``Z`` is accepted."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{where}: {text!r} is not an ISO 8601 time") from None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _int(text: str | None, *, where: str) -> int:
    if text is None or text.strip() == "":
        return 0
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{where}: {text!r} is not a whole number") from None


def _check_header(fieldnames: Iterable[str] | None, required: tuple[str, ...], name: str) -> None:
    present = {f.strip() for f in fieldnames or ()}
    missing = [c for c in required if c not in present]
    if missing:
        raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")


def read_states(lines: Iterable[str], *, name: str = "states") -> dict[str, list[StateInterval]]:
    """State intervals per machine from CSV text with :data:`STATE_COLUMNS`."""
    reader = csv.DictReader(lines)
    _check_header(reader.fieldnames, STATE_COLUMNS[:4], name)
    out: dict[str, list[StateInterval]] = {}
    for row in reader:
        where = f"{name} line {reader.line_num}"
        machine = (row.get("machine") or "").strip()
        if not machine:
            raise ValueError(f"{where}: machine is empty")
        try:
            state = ItemState((row.get("item_state") or "").strip())
        except ValueError:
            raise ValueError(
                f"{where}: item_state {row.get('item_state')!r} is not one of "
                f"{', '.join(s.value for s in ItemState)}"
            ) from None
        mode_text = (row.get("operation_mode") or "None").strip() or "None"
        try:
            mode = OperationMode(mode_text)
        except ValueError:
            raise ValueError(
                f"{where}: operation_mode {mode_text!r} is not one of "
                f"{', '.join(m.value for m in OperationMode)}"
            ) from None
        try:
            interval = StateInterval(
                start=parse_time(row["start"], where=f"{where} start"),
                end=parse_time(row["end"], where=f"{where} end"),
                item_state=state,
                operation_mode=mode,
                produced=_int(row.get("produced"), where=f"{where} produced"),
                scrap=_int(row.get("scrap"), where=f"{where} scrap"),
                rework=_int(row.get("rework"), where=f"{where} rework"),
            )
        except ValueError as exc:
            if str(exc).startswith(name):
                raise
            raise ValueError(f"{where}: {exc}") from None
        out.setdefault(machine, []).append(interval)
    return out


def read_planned_down(
    lines: Iterable[str], *, name: str = "planned-down"
) -> list[tuple[str, Period]]:
    """(machine, period) pairs from CSV text ``machine,start,end``; machine ``*`` means all."""
    reader = csv.DictReader(lines)
    _check_header(reader.fieldnames, PLANNED_DOWN_COLUMNS, name)
    out: list[tuple[str, Period]] = []
    for row in reader:
        where = f"{name} line {reader.line_num}"
        machine = (row.get("machine") or "").strip() or ALL_MACHINES
        try:
            period = Period(
                parse_time(row["start"], where=f"{where} start"),
                parse_time(row["end"], where=f"{where} end"),
            )
        except ValueError as exc:
            if str(exc).startswith(name):
                raise
            raise ValueError(f"{where}: {exc}") from None
        out.append((machine, period))
    return out


def result_to_dict(result: OeeResult) -> dict[str, Any]:
    """A JSON-ready dictionary: time elements in seconds and KPIs by snake_case name."""
    e = result.elements
    out: dict[str, Any] = {
        "pot": e.pot,
        "pdot": e.pdot,
        "pbt": e.pbt,
        "apt": e.apt,
        "aust": e.aust,
        "aupt": e.aupt,
        "adet": e.adet,
        "aubt": e.aubt,
        "adot": e.adot,
        "aoet": e.aoet,
        "unknown": e.unknown,
        "produced": result.quantities.produced,
        "good": result.quantities.good,
        "scrap": result.quantities.scrap,
        "rework": result.quantities.rework,
        "failures": result.failures,
    }
    out.update(asdict(result.kpis))
    out["flags"] = [f.value for f in result.flags]
    return out
