"""Statistical process control: control charts, run rules, capability and gauge R&R.

Three verbs, each taking and returning frozen dataclasses:

- ``analyze_chart(ChartSpec) -> ChartResult``: Xbar-R, Xbar-S, I-MR, p, np, c, u, EWMA and
  tabular CUSUM, with phase I estimation and phase II monitoring, tested against the
  Western Electric or Nelson rules.
- ``analyze_capability(CapabilitySpec) -> CapabilityResult``: Cp, Cpk, Pp, Ppk, Cpm and Ppm with
  confidence intervals, the within-σ estimator a named choice.
- ``analyze_gauge(GaugeSpec) -> GaugeResult``: crossed gauge R&R by ANOVA or Xbar-R.

``render_chart_png`` draws a chart with matplotlib, imported only when called.
"""

from suigang.engines.spc.capability import (
    CapabilityResult,
    CapabilitySpec,
    Interval,
    analyze_capability,
)
from suigang.engines.spc.chart import analyze_chart
from suigang.engines.spc.constants import Constants, c4, d2, d3
from suigang.engines.spc.estimators import sigma_within
from suigang.engines.spc.gauge import (
    AnovaRow,
    Component,
    GaugeMethod,
    GaugeResult,
    GaugeSpec,
    analyze_gauge,
)
from suigang.engines.spc.model import (
    ChartKind,
    ChartResult,
    ChartSpec,
    ChartStatus,
    Panel,
    RuleSet,
    SigmaMethod,
    Violation,
)
from suigang.engines.spc.plot import ChartText, render_chart_png
from suigang.engines.spc.rules import NELSON_RULES, WESTERN_ELECTRIC_RULES

__all__ = [
    "NELSON_RULES",
    "WESTERN_ELECTRIC_RULES",
    "AnovaRow",
    "CapabilityResult",
    "CapabilitySpec",
    "ChartKind",
    "ChartResult",
    "ChartSpec",
    "ChartStatus",
    "ChartText",
    "Component",
    "Constants",
    "GaugeMethod",
    "GaugeResult",
    "GaugeSpec",
    "Interval",
    "Panel",
    "RuleSet",
    "SigmaMethod",
    "Violation",
    "analyze_capability",
    "analyze_chart",
    "analyze_gauge",
    "c4",
    "d2",
    "d3",
    "render_chart_png",
    "sigma_within",
]
