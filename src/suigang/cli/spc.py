"""``suigang spc ...``: control charts, capability and gauge R&R from CSV files."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from suigang.cli._common import JsonFlag, fail
from suigang.cli._spc_io import Table, chart_json, dumps, fmt, print_chart

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
    as_json: JsonFlag = False,
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
        print_chart(result)


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
    as_json: JsonFlag = False,
) -> None:
    """Process capability as R's qcc 3.0 reports it: Cp, Cpl, Cpu, Cpk, Cpm, Pp, Ppl, Ppu, Ppk
    and Ppm (Taguchi on the overall σ), each with its confidence interval."""
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
        "pp": r.pp, "ppl": r.ppl, "ppu": r.ppu, "ppk": r.ppk, "ppm": r.ppm,
    }  # fmt: skip
    intervals = {
        "cp": _ci(r.cp_ci), "cpl": _ci(r.cpl_ci), "cpu": _ci(r.cpu_ci), "cpk": _ci(r.cpk_ci),
        "cpm": _ci(r.cpm_ci), "pp": _ci(r.pp_ci), "ppl": _ci(r.ppl_ci), "ppu": _ci(r.ppu_ci),
        "ppk": _ci(r.ppk_ci), "ppm": _ci(r.ppm_ci),
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
        f"n = {r.n}, mean = {fmt(r.mean)}, σ within ({r.sigma_method}) = "
        f"{fmt(r.sigma_within)}, σ overall = {fmt(r.sigma_overall)}"
    )
    out = RichTable(title=f"Capability ({confidence:.0%} intervals)")
    for col in ("index", "value", "lower", "upper"):
        out.add_column(col)
    for name, v in indices.items():
        ci = intervals.get(name)
        out.add_row(name.capitalize(), fmt(v, 4), *(fmt(c, 4) for c in (ci or (None, None))))
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
    as_json: JsonFlag = False,
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
        anova.add_row(a.source, str(a.df), fmt(a.ss), fmt(a.ms), fmt(a.f), fmt(a.p, 4))
    console.print(anova)
    comps = RichTable(title="Variance components")
    for col in ("source", "variance", "%contribution", "SD", "study var", "%study var", "%tol"):
        comps.add_column(col)
    for c in g.components:
        comps.add_row(
            c.name, fmt(c.variance), f"{c.pct_contribution:.2f}", fmt(c.sd),
            fmt(c.study_var), f"{c.pct_study_var:.2f}",
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
