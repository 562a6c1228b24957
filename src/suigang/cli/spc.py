"""``suigang spc ...``: control charts, capability and gauge R&R from CSV files."""

from __future__ import annotations

import json
import math
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn

import typer

spc_app = typer.Typer(
    help="Statistical process control: control charts, capability, gauge R&R.",
    no_args_is_help=True,
)


class ChartChoice(StrEnum):
    XBAR_R = "xbar-r"
    XBAR_S = "xbar-s"
    IMR = "imr"
    P = "p"
    NP = "np"
    C = "c"
    U = "u"
    EWMA = "ewma"
    CUSUM = "cusum"


class RulesChoice(StrEnum):
    WE = "we"
    NELSON = "nelson"
    NONE = "none"


class SigmaChoice(StrEnum):
    RBAR = "rbar"
    SBAR = "sbar"
    POOLED = "pooled"
    MR = "mr"
    SD = "sd"


class ConstantsChoice(StrEnum):
    EXACT = "exact"
    TABLE = "table"


CONSTANTS_HELP = "d2/d3/c4: exact, or the printed 3-decimal table values."


class GaugeChoice(StrEnum):
    ANOVA = "anova"
    XBAR_R = "xbar-r"


def fail(message: str) -> NoReturn:
    """Print a clear message on stderr and exit with code 2."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


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


def _fmt(value: float | None, digits: int = 6) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:.{digits}g}"


def _limits_text(values: tuple[float, ...]) -> str:
    lo, hi = min(values), max(values)
    return _fmt(lo) if lo == hi else f"{_fmt(lo)} … {_fmt(hi)} (per point)"


def _print_chart(result: Any) -> None:
    from rich.console import Console
    from rich.table import Table as RichTable

    console = Console()
    console.print(
        f"[bold]{result.kind}[/bold] chart: {len(result.labels)} points, phase I = first "
        f"{result.phase1}" + (f", excluded {list(result.excluded)}" if result.excluded else "")
    )
    sigma = f", σ = {_fmt(result.sigma)}" if result.sigma is not None else ""
    console.print(f"centre parameter = {_fmt(result.mean)}{sigma}; status: {result.status}")
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
                _fmt(p.values[i]), _fmt(p.lcl[i]), _fmt(p.ucl[i]),
            )  # fmt: skip
    console.print(table)


@spc_app.command("chart")
def chart_command(
    file: Path = typer.Argument(..., help="CSV file with a header row."),
    chart: ChartChoice = typer.Option(..., "--chart", help="Chart type."),
    value: str = typer.Option(..., "--value", help="Measurement (or count) column."),
    subgroup: str | None = typer.Option(None, "--subgroup", help="Subgroup label column."),
    size: str | None = typer.Option(None, "--size", help="Sample size column (p, np, u)."),
    phase1: int | None = typer.Option(None, "--phase1", help="First N points set the limits."),
    target: float | None = typer.Option(None, "--target", help="Known mean (or p, c, u)."),
    sigma: float | None = typer.Option(None, "--sigma", help="Known process σ."),
    k: float = typer.Option(0.5, "--k", help="CUSUM reference value, σ units."),
    h: float = typer.Option(5.0, "--h", help="CUSUM decision interval, σ units."),
    lam: float = typer.Option(0.2, "--lambda", help="EWMA weight λ."),
    width: float = typer.Option(3.0, "--width", help="EWMA limit multiplier L."),
    asymptotic: bool = typer.Option(False, "--asymptotic", help="EWMA asymptotic limits."),
    rules: RulesChoice = typer.Option(RulesChoice.WE, "--rules", help="Run rules to test."),
    exclude: str | None = typer.Option(
        None, "--exclude", help="Zero-based phase I points to leave out, e.g. 14,22."
    ),
    revise: bool = typer.Option(False, "--revise", help="Drop phase I points beyond limits."),
    sigma_method: SigmaChoice | None = typer.Option(None, "--sigma-method", help="σ estimator."),
    constants: ConstantsChoice = typer.Option(
        ConstantsChoice.EXACT, "--constants", help=CONSTANTS_HELP
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    plot: Path | None = typer.Option(None, "--plot", help="Write a PNG of the chart."),
) -> None:
    """Draw a control chart, test it against run rules, and report violations."""
    from suigang.engines.spc import (
        ChartKind,
        ChartSpec,
        Constants,
        RuleSet,
        SigmaMethod,
        analyze_chart,
    )

    table = Table(file)
    values = table.numbers(value)
    sizes = table.numbers(size) if size else None
    labels = table.text(subgroup) if subgroup else None
    kind = ChartKind(chart.value)
    if kind in (ChartKind.XBAR_R, ChartKind.XBAR_S) and labels is None:
        fail(f"--chart {kind} needs --subgroup COL")
    if kind in (ChartKind.P, ChartKind.NP, ChartKind.U) and sizes is None:
        fail(f"--chart {kind} needs --size COL")
    if labels is not None and kind in (ChartKind.P, ChartKind.NP, ChartKind.C, ChartKind.U):
        fail(f"--subgroup does not apply to a {kind} chart (one count per row)")
    excluded: tuple[int, ...] = ()
    if exclude:
        try:
            excluded = tuple(int(p) for p in exclude.split(",") if p.strip())
        except ValueError:
            fail(f"--exclude must be comma-separated point numbers, got '{exclude}'")
    try:
        spec = ChartSpec(
            kind=kind,
            values=values,
            subgroups=labels,
            sizes=sizes if kind is not ChartKind.C else None,
            phase1=phase1,
            exclude=excluded,
            revise=revise,
            target=target,
            sigma=sigma,
            rules=RuleSet(rules.value),
            sigma_method=SigmaMethod(sigma_method.value) if sigma_method else None,
            lam=lam,
            width=width,
            exact_ewma=not asymptotic,
            k=k,
            h=h,
            constants=Constants(constants.value),
        )
        result = analyze_chart(spec)
    except ValueError as exc:
        fail(str(exc))
    if plot is not None:
        from suigang.engines.spc import render_chart_png

        try:
            plot.write_bytes(render_chart_png(result, title=f"{file.name}: {value}"))
        except OSError as exc:
            fail(f"cannot write {plot}: {exc}")
    if as_json:
        typer.echo(dumps(chart_json(result)))
    else:
        _print_chart(result)


def _ci(interval: Any) -> list[float] | None:
    return None if interval is None else [interval.lower, interval.upper]


@spc_app.command("capability")
def capability_command(
    file: Path = typer.Argument(..., help="CSV file with a header row."),
    value: str = typer.Option(..., "--value", help="Measurement column."),
    lsl: float | None = typer.Option(None, "--lsl", help="Lower specification limit."),
    usl: float | None = typer.Option(None, "--usl", help="Upper specification limit."),
    subgroup: str | None = typer.Option(None, "--subgroup", help="Subgroup label column."),
    target: float | None = typer.Option(None, "--target", help="Target for Cpm (midpoint)."),
    sigma_method: SigmaChoice | None = typer.Option(
        None, "--sigma-method", help="Within-σ estimator (rbar with subgroups, else mr)."
    ),
    confidence: float = typer.Option(0.95, "--confidence", help="Interval confidence."),
    constants: ConstantsChoice = typer.Option(
        ConstantsChoice.EXACT, "--constants", help=CONSTANTS_HELP
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Process capability (Cp, Cpk, Pp, Ppk, Cpm) with confidence intervals."""
    from suigang.engines.spc import CapabilitySpec, Constants, SigmaMethod, analyze_capability

    table = Table(file)
    values = table.numbers(value)
    labels = table.text(subgroup) if subgroup else None
    if lsl is not None and usl is not None and lsl >= usl:
        fail(f"--lsl ({lsl:g}) must be below --usl ({usl:g})")
    try:
        r = analyze_capability(
            CapabilitySpec(
                values=values,
                lsl=lsl,
                usl=usl,
                target=target,
                subgroups=labels,
                sigma_method=SigmaMethod(sigma_method.value) if sigma_method else None,
                confidence=confidence,
                constants=Constants(constants.value),
            )
        )
    except ValueError as exc:
        fail(str(exc))
    indices = {
        "cp": r.cp, "cpl": r.cpl, "cpu": r.cpu, "cpk": r.cpk, "cpm": r.cpm,
        "pp": r.pp, "ppl": r.ppl, "ppu": r.ppu, "ppk": r.ppk,
    }  # fmt: skip
    intervals = {
        "cp": _ci(r.cp_ci), "cpk": _ci(r.cpk_ci), "cpm": _ci(r.cpm_ci),
        "pp": _ci(r.pp_ci), "ppk": _ci(r.ppk_ci),
    }  # fmt: skip
    if as_json:
        doc = {
            "n": r.n,
            "mean": r.mean,
            "sigma_within": r.sigma_within,
            "sigma_overall": r.sigma_overall,
            "sigma_method": str(r.sigma_method),
            "lsl": lsl,
            "usl": usl,
            "target": r.target,
            "confidence": confidence,
            **indices,
            "ci": intervals,
            "expected_below": r.expected_below,
            "expected_above": r.expected_above,
            "observed_below": r.observed_below,
            "observed_above": r.observed_above,
        }
        typer.echo(dumps(doc))
        return
    from rich.console import Console
    from rich.table import Table as RichTable

    console = Console()
    console.print(
        f"n = {r.n}, mean = {_fmt(r.mean)}, σ within ({r.sigma_method}) = "
        f"{_fmt(r.sigma_within)}, σ overall = {_fmt(r.sigma_overall)}"
    )
    out = RichTable(title=f"Capability ({confidence:.0%} intervals)")
    for col in ("index", "value", "lower", "upper"):
        out.add_column(col)
    for name, v in indices.items():
        ci = intervals.get(name)
        out.add_row(name.capitalize(), _fmt(v, 4), *(_fmt(c, 4) for c in (ci or (None, None))))
    console.print(out)
    fractions = RichTable(title="Outside specification")
    for col in ("side", "expected (normal, σ within)", "observed"):
        fractions.add_column(col)
    for side, e, o in (
        ("below LSL", r.expected_below, r.observed_below),
        ("above USL", r.expected_above, r.observed_above),
    ):
        if e is not None and o is not None:
            fractions.add_row(side, f"{e:.4%}", f"{o:.4%}")
    console.print(fractions)


@spc_app.command("gauge")
def gauge_command(
    file: Path = typer.Argument(..., help="CSV file, one measurement per row."),
    part: str = typer.Option(..., "--part", help="Part column."),
    operator: str = typer.Option(..., "--operator", help="Operator column."),
    value: str = typer.Option(..., "--value", help="Measurement column."),
    tolerance: float | None = typer.Option(None, "--tolerance", help="USL − LSL."),
    method: GaugeChoice = typer.Option(GaugeChoice.ANOVA, "--method", help="Estimation method."),
    alpha: float = typer.Option(0.05, "--alpha", help="Pool the interaction when p > alpha."),
    multiplier: float = typer.Option(6.0, "--multiplier", help="Study variation in σ."),
    historical_sigma: float | None = typer.Option(
        None, "--historical-sigma", help="Process σ for %study variation."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Crossed gauge R&R: variance components, %contribution, %study var, %tolerance, ndc."""
    from suigang.engines.spc import GaugeMethod, GaugeSpec, analyze_gauge

    table = Table(file)
    values = table.numbers(value)
    try:
        g = analyze_gauge(
            GaugeSpec(
                parts=table.text(part),
                operators=table.text(operator),
                values=values,
                method=GaugeMethod(method.value),
                alpha=alpha,
                multiplier=multiplier,
                tolerance=tolerance,
                historical_sigma=historical_sigma,
            )
        )
    except ValueError as exc:
        fail(str(exc))

    def rows(anova: Any) -> list[dict[str, Any]] | None:
        if anova is None:
            return None
        return [
            {"source": a.source, "df": a.df, "ss": a.ss, "ms": a.ms, "f": a.f, "p": a.p}
            for a in anova
        ]

    if as_json:
        doc = {
            "method": str(g.method),
            "parts": g.n_parts,
            "operators": g.n_operators,
            "replicates": g.n_replicates,
            "interaction_pooled": g.interaction_pooled,
            "anova": rows(g.anova),
            "reduced_anova": rows(g.reduced_anova),
            "components": {
                c.name: {
                    "variance": c.variance,
                    "pct_contribution": c.pct_contribution,
                    "sd": c.sd,
                    "study_var": c.study_var,
                    "pct_study_var": c.pct_study_var,
                    "pct_tolerance": c.pct_tolerance,
                }
                for c in g.components
            },
            "ndc": g.ndc,
            "ndc_raw": g.ndc_raw,
        }
        typer.echo(dumps(doc))
        return
    from rich.console import Console
    from rich.table import Table as RichTable

    console = Console()
    console.print(
        f"{g.n_parts} parts × {g.n_operators} operators × {g.n_replicates} replicates, "
        f"method {g.method}; interaction "
        + ("pooled into repeatability" if g.interaction_pooled else "kept")
    )
    anova = RichTable(title="ANOVA")
    for col in ("source", "df", "SS", "MS", "F", "p"):
        anova.add_column(col)
    for a in g.reduced_anova or g.anova:
        anova.add_row(a.source, str(a.df), _fmt(a.ss), _fmt(a.ms), _fmt(a.f), _fmt(a.p, 4))
    console.print(anova)
    comps = RichTable(title="Variance components")
    for col in ("source", "variance", "%contribution", "SD", "study var", "%study var", "%tol"):
        comps.add_column(col)
    for c in g.components:
        comps.add_row(
            c.name, _fmt(c.variance), f"{c.pct_contribution:.2f}", _fmt(c.sd),
            _fmt(c.study_var), f"{c.pct_study_var:.2f}",
            "—" if c.pct_tolerance is None else f"{c.pct_tolerance:.2f}",
        )  # fmt: skip
    console.print(comps)
    if g.ndc is None:
        console.print("number of distinct categories: undefined (the gauge shows no variation)")
    else:
        console.print(f"number of distinct categories: {g.ndc} (√2·σ_part/σ_GRR = {g.ndc_raw:.2f})")


def register(app: typer.Typer) -> None:
    """Add ``suigang spc`` to the CLI."""
    app.add_typer(spc_app, name="spc")
