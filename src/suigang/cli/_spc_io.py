"""Input and output helpers of ``suigang spc``: CSV columns, strict JSON, Rich tables."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from suigang.cli._common import fail


class Table:
    """A CSV file read as text, with column look-ups that fail with clear messages."""

    def __init__(self, path: Path) -> None:
        import csv

        try:
            with path.open(newline="", encoding="utf-8-sig") as f:
                reader = csv.reader(f)
                header = next(reader, None)
                self.rows = [row for row in reader if any(cell.strip() for cell in row)]
        except FileNotFoundError:
            fail(f"{path}: no such file")
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            fail(f"{path}: cannot read the CSV file ({exc})")
        if not header:
            fail(f"{path}: the file is empty")
        self.path = path
        self.header = [h.strip() for h in header]
        if not self.rows:
            fail(f"{path}: the file has a header but no data rows")

    def index(self, column: str) -> int:
        if column not in self.header:
            fail(f"{self.path}: unknown column '{column}' (columns are: {', '.join(self.header)})")
        return self.header.index(column)

    def text(self, column: str) -> tuple[str, ...]:
        i = self.index(column)
        out = []
        for n, row in enumerate(self.rows, start=1):
            cell = row[i].strip() if i < len(row) else ""
            if not cell:
                fail(f"{self.path}: column '{column}' is missing a value in data row {n}")
            out.append(cell)
        return tuple(out)

    def numbers(self, column: str) -> tuple[float, ...]:
        out = []
        for n, cell in enumerate(self.text(column), start=1):
            try:
                value = float(cell)
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                fail(f"{self.path}: column '{column}', data row {n}: '{cell}' is not a number")
            out.append(value)
        return tuple(out)


def _finite(doc: Any) -> Any:
    """Replace NaN and infinities by None, so the output is strict JSON."""
    if isinstance(doc, float):
        return doc if math.isfinite(doc) else None
    if isinstance(doc, dict):
        return {k: _finite(v) for k, v in doc.items()}
    if isinstance(doc, list | tuple):
        return [_finite(v) for v in doc]
    return doc


def dumps(doc: Any) -> str:
    """Strict JSON text of ``doc``."""
    return json.dumps(_finite(doc), ensure_ascii=False, allow_nan=False)


def _num(value: float) -> float | None:
    return None if math.isnan(value) else value


def _series(values: tuple[float, ...]) -> float | list[float | None] | None:
    """A constant series as one number, a varying one as a list (NaN as null)."""
    finite = [v for v in values if not math.isnan(v)]
    if finite and all(v == finite[0] for v in finite) and len(finite) == len(values):
        return finite[0]
    return [_num(v) for v in values]


def chart_json(result: Any) -> dict[str, Any]:
    """The JSON document of a chart result (zero-based points)."""
    panels = [
        {
            "name": p.name,
            "values": [_num(v) for v in p.values],
            "center": _series(p.center),
            "lcl": _series(p.lcl),
            "ucl": _series(p.ucl),
            "violations": [{"point": v.point, "rule": v.rule} for v in p.violations],
        }
        for p in result.panels
    ]
    first = panels[0]
    return {
        "chart": str(result.kind),
        "points": len(result.labels),
        "labels": list(result.labels),
        "sizes": _series(result.sizes),
        "phase1": result.phase1,
        "excluded": list(result.excluded),
        "mean": result.mean,
        "sigma": result.sigma,
        "status": str(result.status),
        "center": first["center"],
        "lcl": first["lcl"],
        "ucl": first["ucl"],
        "panels": panels,
        "violations": [
            {"point": v.point, "rule": v.rule, "panel": p.name}
            for p in result.panels
            for v in p.violations
        ],
    }


def fmt(value: float | None, digits: int = 6) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:.{digits}g}"


def _limits_text(values: tuple[float, ...]) -> str:
    lo, hi = min(values), max(values)
    return fmt(lo) if lo == hi else f"{fmt(lo)} … {fmt(hi)} (per point)"


def print_chart(result: Any) -> None:
    from rich.console import Console
    from rich.table import Table as RichTable

    console = Console()
    console.print(
        f"[bold]{result.kind}[/bold] chart: {len(result.labels)} points, phase I = first "
        f"{result.phase1}" + (f", excluded {list(result.excluded)}" if result.excluded else "")
    )
    sigma = f", σ = {fmt(result.sigma)}" if result.sigma is not None else ""
    console.print(f"centre parameter = {fmt(result.mean)}{sigma}; status: {result.status}")
    limits = RichTable(title="Limits")
    for col in ("panel", "LCL", "centre", "UCL"):
        limits.add_column(col)
    for p in result.panels:
        limits.add_row(p.name, _limits_text(p.lcl), _limits_text(p.center), _limits_text(p.ucl))
    console.print(limits)
    if not result.violations:
        console.print("no rule violations")
        return
    table = RichTable(title="Violations")
    for col in ("point", "label", "panel", "rule", "value", "LCL", "UCL"):
        table.add_column(col)
    for p in result.panels:
        for v in p.violations:
            i = v.point
            table.add_row(
                str(i), result.labels[i], p.name, v.rule,
                fmt(p.values[i]), fmt(p.lcl[i]), fmt(p.ucl[i]),
            )  # fmt: skip
    console.print(table)
