"""A characteristic's effective series on a lot, charted and assessed with the SPC engine."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from suigang.domains.quality.models import Characteristic, PlanChart
from suigang.domains.quality.schemas import (
    CapabilityRead,
    ChartRead,
    PanelRead,
    ViolationRead,
)
from suigang.engines.spc import (
    CapabilitySpec,
    ChartKind,
    ChartResult,
    ChartSpec,
    SigmaMethod,
    analyze_capability,
    analyze_chart,
)

ATTRIBUTE_CHARTS = frozenset({PlanChart.P, PlanChart.NP, PlanChart.C, PlanChart.U})
SUBGROUP_CHARTS = frozenset({PlanChart.XBAR_R, PlanChart.XBAR_S})


class Point(Protocol):
    """What a chart reads of a stored measurement: a ``Measurement`` row, or the lighter
    :class:`~suigang.domains.quality.measurements.ChartPoint` read for charting alone."""

    @property
    def id(self) -> Hashable: ...
    @property
    def corrects_id(self) -> Hashable | None: ...
    @property
    def subgroup(self) -> int: ...
    @property
    def value(self) -> float: ...
    @property
    def taken_at(self) -> datetime: ...
    @property
    def recorded_at(self) -> datetime: ...


P = TypeVar("P", bound=Point)


def effective(measurements: Sequence[P]) -> list[P]:
    """The rows no correction has superseded, in subgroup then time order."""
    superseded = {m.corrects_id for m in measurements if m.corrects_id is not None}
    rows = [m for m in measurements if m.id not in superseded]
    return sorted(rows, key=lambda m: (m.subgroup, m.taken_at, m.recorded_at, str(m.id)))


@dataclass(frozen=True, slots=True)
class Charted:
    """The engine's chart of a series, or why there is none."""

    spec: ChartSpec | None
    result: ChartResult | None
    message: str = ""


def chart_spec(char: Characteristic, rows: Sequence[Point]) -> ChartSpec:
    """The engine input for the characteristic's chart of ``rows`` (effective, ordered).

    Variables charts take each value; Xbar charts (and EWMA/CUSUM with a sample size above 1)
    group them by subgroup. Attribute charts take one count per subgroup (counts recorded for
    the same subgroup add up) with the plan's sample size. Frozen parameters of the plan, when
    set, replace the lot's estimates.
    """
    kind = ChartKind(char.chart.value)
    if char.chart in ATTRIBUTE_CHARTS:
        counts: dict[int, float] = defaultdict(float)
        for m in rows:
            counts[m.subgroup] += m.value
        order = sorted(counts)
        sizes = None
        if char.chart is not PlanChart.C:
            sizes = tuple(float(char.sample_size) for _ in order)
        return ChartSpec(
            kind=kind,
            values=tuple(counts[s] for s in order),
            sizes=sizes,
            target=char.frozen_mean,
        )
    grouped = char.chart in SUBGROUP_CHARTS or (
        char.chart in (PlanChart.EWMA, PlanChart.CUSUM) and char.sample_size > 1
    )
    return ChartSpec(
        kind=kind,
        values=tuple(m.value for m in rows),
        subgroups=tuple(str(m.subgroup) for m in rows) if grouped else None,
        target=char.frozen_mean,
        sigma=char.frozen_sigma,
    )


def point_labels(char: Characteristic, rows: Sequence[Point], result: ChartResult) -> list[str]:
    """Each point's name: its subgroup, or ``subgroup.k`` for the k-th value of a subgroup
    charted as individual values."""
    if len(result.labels) != len(rows):  # grouped or attribute: the engine names subgroups
        if char.chart in ATTRIBUTE_CHARTS:
            return [str(s) for s in sorted({m.subgroup for m in rows})]
        return list(result.labels)
    seen: Counter[int] = Counter(m.subgroup for m in rows)
    k: Counter[int] = Counter()
    labels = []
    for m in rows:
        k[m.subgroup] += 1
        labels.append(str(m.subgroup) if seen[m.subgroup] == 1 else f"{m.subgroup}.{k[m.subgroup]}")
    return labels


def compute_chart(char: Characteristic, rows: Sequence[Point]) -> Charted:
    """Run the engine; bad or insufficient data is reported, not raised."""
    if not rows:
        return Charted(None, None, "no measurements yet")
    try:
        spec = chart_spec(char, rows)
        return Charted(spec, analyze_chart(spec))
    except ValueError as exc:
        return Charted(None, None, str(exc))


def _num(x: float) -> float | None:
    return None if math.isnan(x) else x


def chart_read(char: Characteristic, rows: Sequence[Point], charted: Charted) -> ChartRead:
    if charted.result is None:
        return ChartRead(kind=char.chart, status="undefined", message=charted.message)
    result = charted.result
    frozen = char.frozen_mean is not None or char.frozen_sigma is not None
    panels = [
        PanelRead(
            name=p.name,
            values=[_num(v) for v in p.values],
            center=list(p.center),
            lcl=list(p.lcl),
            ucl=list(p.ucl),
            violations=[
                ViolationRead(point=v.point, rule=v.rule, panel=p.name) for v in p.violations
            ],
        )
        for p in result.panels
    ]
    return ChartRead(
        kind=char.chart,
        status=result.status.value,
        phase="II" if frozen else "I",
        labels=point_labels(char, rows, result),
        mean=result.mean,
        sigma=result.sigma,
        panels=panels,
        violations=[v for p in panels for v in p.violations],
    )


def capability_read(char: Characteristic, rows: Sequence[Point]) -> CapabilityRead:
    """Capability of the lot's values against the characteristic's specification."""
    if char.chart in ATTRIBUTE_CHARTS:
        return CapabilityRead(status="undefined", message="capability applies to measured values")
    if char.lsl is None and char.usl is None:
        return CapabilityRead(status="undefined", message="no specification limits in the plan")
    subgroups = None
    method = None
    if char.chart in SUBGROUP_CHARTS:
        subgroups = tuple(str(m.subgroup) for m in rows)
        method = SigmaMethod.SBAR if char.chart is PlanChart.XBAR_S else SigmaMethod.RBAR
    try:
        cap = analyze_capability(
            CapabilitySpec(
                values=tuple(m.value for m in rows),
                lsl=char.lsl,
                usl=char.usl,
                target=char.target,
                subgroups=subgroups,
                sigma_method=method,
            )
        )
    except ValueError as exc:
        return CapabilityRead(status="undefined", message=str(exc), n=len(rows))
    return CapabilityRead(
        status="ok",
        n=cap.n,
        mean=cap.mean,
        sigma_within=cap.sigma_within,
        sigma_overall=cap.sigma_overall,
        cp=cap.cp,
        cpk=cap.cpk,
        pp=cap.pp,
        ppk=cap.ppk,
        cpm=cap.cpm,
        cpk_lower=cap.cpk_ci.lower,
        cpk_upper=cap.cpk_ci.upper,
    )


def out_of_spec(char: Characteristic, rows: Sequence[Point]) -> int:
    """How many measured values lie outside the specification limits."""
    if char.chart in ATTRIBUTE_CHARTS:
        return 0
    return sum(
        1
        for m in rows
        if (char.lsl is not None and m.value < char.lsl)
        or (char.usl is not None and m.value > char.usl)
    )
