"""Spreadsheet rows of products: one row per routing step, product fields repeated.

The table reading, ``ImportRejected`` and the error wording are shared with machines in
``io``; the column layout is in docs/catalog.md.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from suigang.config import Limits
from suigang.domains.catalog.fields import RUN_TIME_PLACES, check_places
from suigang.domains.catalog.io import decimal_text, describe, read_table, split_list
from suigang.domains.catalog.models import Product
from suigang.domains.catalog.schemas import (
    BomLineIn,
    ProductCreate,
    RoutingStepIn,
    RowError,
)

_PRODUCT_FIELDS = ("product_name", "unit", "description", "bom")
_STEP_FIELDS = (
    "step_seq",
    "step_name",
    "work_center_code",
    "machine_codes",
    "setup_s",
    "run_s_per_unit",
)
PRODUCT_COLUMNS = ("product_code", *_PRODUCT_FIELDS, *_STEP_FIELDS)
PRODUCT_OPTIONAL = frozenset({"unit", "description", "bom"})
PRODUCT_REQUIRED = frozenset(PRODUCT_COLUMNS) - PRODUCT_OPTIONAL


@dataclass(slots=True)
class ProductRows:
    """The rows of one product in a file, assembled into a ``ProductCreate``."""

    code: str
    first_line: int
    fields: dict[str, tuple[str, int]] = field(default_factory=dict)  # value, line
    steps: list[RoutingStepIn] = field(default_factory=list)
    step_lines: dict[int, int] = field(default_factory=dict)  # seq -> line
    bom: list[BomLineIn] = field(default_factory=list)
    data: ProductCreate | None = None


@dataclass(frozen=True, slots=True)
class ProductFile:
    """The products of a file, and which optional columns it has."""

    products: list[ProductRows]
    given: frozenset[str]


def _parse_int(text: str, name: str) -> int:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{name} {text!r} is not a whole number") from None
    if not value.is_finite() or value != value.to_integral_value():
        raise ValueError(f"{name} {text!r} is not a whole number")
    return int(value)


def _parse_decimal(text: str, name: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{name} {text!r} is not a number") from None
    if not value.is_finite():
        raise ValueError(f"{name} {text!r} is not a number")
    return value


def parse_bom(text: str) -> list[BomLineIn]:
    """``PCB-1=1; SCREW-M3=4`` → BOM lines (ValueError naming the bad entry)."""
    lines: list[BomLineIn] = []
    for entry in split_list(text):
        code, sep, qty = entry.partition("=")
        if not sep or not code.strip() or not qty.strip():
            raise ValueError(f"bom entry {entry!r} is not component=quantity")
        quantity = _parse_decimal(qty.strip(), f"bom quantity of {code.strip()}")
        try:
            lines.append(BomLineIn(component_code=code, quantity=quantity))
        except ValidationError as exc:
            raise ValueError(describe(exc)) from None
    return lines


def unknown_references(
    work_center: str | None,
    machine_codes: Iterable[str],
    *,
    work_centers: Container[str],
    machines: Container[str],
) -> list[str]:
    """Why a step's work center or machines are not this factory's (empty when they are)."""
    problems: list[str] = []
    if work_center and work_center not in work_centers:
        problems.append(f"work center {work_center} is not a work center of this factory")
    missing = [c for c in machine_codes if c not in machines]
    if len(missing) == 1:
        problems.append(f"machine {missing[0]} is not a machine of this factory")
    elif missing:
        problems.append(f"machines {', '.join(missing)} are not machines of this factory")
    return problems


def _seq_or_none(text: str) -> int | None:
    try:
        return _parse_int(text, "step_seq")
    except ValueError:
        return None


def _parse_step(
    c: dict[str, str], work_centers: Container[str], machines: Container[str]
) -> RoutingStepIn:
    """The row's routing step, or ValueError naming every problem of it."""
    problems: list[str] = []
    seq: int | None = None
    try:
        seq = _parse_int(c["step_seq"], "step_seq")
    except ValueError as exc:
        problems.append(str(exc))
    if not c["step_name"]:
        problems.append("step_name is missing")
    setup = 0
    if c["setup_s"]:
        try:
            setup = _parse_int(c["setup_s"], "setup_s")
        except ValueError as exc:
            problems.append(str(exc))
    if setup < 0:
        problems.append(f"setup_s {setup} must not be negative")
    run = Decimal(1)
    if not c["run_s_per_unit"]:
        problems.append("run_s_per_unit is missing")
    else:
        try:
            run = check_places(
                _parse_decimal(c["run_s_per_unit"], "run_s_per_unit"),
                field="run_s_per_unit",
                places=RUN_TIME_PLACES,
            )
        except ValueError as exc:
            problems.append(str(exc))
        if run <= 0:
            problems.append(f"run_s_per_unit {c['run_s_per_unit']} must be greater than 0")
    machine_codes = split_list(c["machine_codes"])
    problems += unknown_references(
        c["work_center_code"], machine_codes, work_centers=work_centers, machines=machines
    )
    if not problems and seq is not None:
        try:
            return RoutingStepIn(
                seq=seq,
                name=c["step_name"],
                work_center_code=c["work_center_code"] or None,
                machine_codes=machine_codes,
                setup_s=setup,
                run_s_per_unit=run,
            )
        except ValidationError as exc:
            problems.extend(describe(exc).split("; "))
    if seq is None:
        raise ValueError("; ".join(problems))
    own = f"step {seq} "  # messages of the step's own validator already name it
    raise ValueError(f"step {seq}: " + "; ".join(p.removeprefix(own) for p in problems))


def parse_products(
    filename: str,
    content: bytes,
    *,
    work_centers: Container[str],
    machines: Container[str],
    limits: Limits | None = None,
) -> tuple[ProductFile, list[RowError]]:
    """The products of the file (one row per routing step), and an error per bad row.

    Steps are checked against the factory's ``work_centers`` and ``machines`` (codes).
    ``data`` is None where the product's own fields are bad.
    """
    rows = read_table(
        filename, content, columns=PRODUCT_COLUMNS, required=PRODUCT_REQUIRED, limits=limits
    )
    given = frozenset(rows[0].cells) & PRODUCT_OPTIONAL if rows else frozenset()
    groups: dict[str, ProductRows] = {}
    errors: list[RowError] = []
    for row in rows:
        c = {k: row.cells.get(k, "") for k in PRODUCT_COLUMNS}
        code = c["product_code"]
        if not code:
            errors.append(RowError(line=row.line, reason="product_code is missing"))
            continue
        group = groups.setdefault(code, ProductRows(code=code, first_line=row.line))
        reasons: list[str] = []
        for name in _PRODUCT_FIELDS:
            value = c[name]
            if not value:
                continue  # a blank product cell repeats the product's value from another row
            seen = group.fields.get(name)
            if seen is None:
                group.fields[name] = (value, row.line)
            elif seen[0] != value:
                reasons.append(
                    f"{name} {value!r} differs from {seen[0]!r} on line {seen[1]}"
                    f" for product {code}"
                )
        if c["bom"] and group.fields["bom"][1] == row.line:  # first row that gives the BOM
            try:
                group.bom = parse_bom(c["bom"])
            except ValueError as exc:
                reasons.append(str(exc))
        if c["step_seq"]:
            seq = _seq_or_none(c["step_seq"])
            first = group.step_lines.get(seq) if seq is not None else None
            if first is not None:
                reasons.append(f"product {code} has step {seq} twice (first on line {first})")
            elif seq is not None:
                group.step_lines[seq] = row.line
            try:
                step = _parse_step(c, work_centers, machines)
            except ValueError as exc:
                reasons.append(str(exc))
            else:
                if first is None:
                    group.steps.append(step)
        elif any(c[k] for k in _STEP_FIELDS):
            reasons.append("step_seq is missing")
        if reasons:
            errors.append(RowError(line=row.line, reason="; ".join(reasons)))
    for group in groups.values():
        if "product_name" not in group.fields:
            errors.append(RowError(line=group.first_line, reason="product_name is missing"))
            continue
        values = {k: v for k, (v, _) in group.fields.items() if k != "bom"}
        values["name"] = values.pop("product_name")
        try:
            group.data = ProductCreate(
                code=group.code,
                steps=sorted(group.steps, key=lambda s: s.seq),
                bom=group.bom,
                **values,
            )
        except ValidationError as exc:
            errors.append(RowError(line=group.first_line, reason=describe(exc)))
    return ProductFile(list(groups.values()), given), errors


def product_rows(products: Iterable[Product]) -> list[list[Any]]:
    """Export rows in ``PRODUCT_COLUMNS`` order: one per routing step (one if none)."""
    out: list[list[Any]] = []
    for p in products:
        bom = "; ".join(
            f"{line.component_code}={decimal_text(line.quantity)}"
            for line in sorted(p.bom, key=lambda line: line.component_code)
        )
        head: list[Any] = [p.code, p.name, p.unit, p.description, bom]
        if not p.steps:
            out.append([*head, "", "", "", "", "", ""])
        for s in p.steps:
            out.append(
                [
                    *head,
                    s.seq,
                    s.name,
                    s.work_center.code if s.work_center else "",
                    ";".join(sorted(m.code for m in s.machines)),
                    s.setup_s,
                    s.run_s_per_unit,
                ]
            )
    return out
