"""Helpers shared by the chart modules: points, phase I base sets and panel assembly."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from suigang.engines.spc import rules as run_rules
from suigang.engines.spc.model import Panel, RuleSet, Violation

Array = NDArray[np.float64]
Index = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Points:
    """The charted points: per-point observations (variables) or count and size (attributes)."""

    labels: tuple[str, ...]
    groups: tuple[Array, ...]
    sizes: Array

    @property
    def count(self) -> int:
        return len(self.labels)

    def means(self) -> Array:
        return np.array([g.mean() for g in self.groups])

    def ranges(self) -> Array:
        return np.array([float(g.max() - g.min()) for g in self.groups])

    def sds(self) -> Array:
        return np.array([float(g.std(ddof=1)) if g.size > 1 else np.nan for g in self.groups])


def group_values(values: tuple[float, ...], subgroups: tuple[str, ...] | None) -> Points:
    """Group observations by label in order of first appearance (one point per value if none)."""
    data = np.asarray(values, dtype=float)
    if subgroups is None:
        groups = tuple(data[i : i + 1] for i in range(data.size))
        labels = tuple(str(i + 1) for i in range(data.size))
    else:
        order: dict[str, list[int]] = {}
        for i, label in enumerate(subgroups):
            order.setdefault(label, []).append(i)
        labels = tuple(order)
        groups = tuple(data[np.asarray(idx)] for idx in order.values())
    sizes = np.array([float(g.size) for g in groups])
    return Points(labels, groups, sizes)


def primary_rule_id(rules: RuleSet) -> str | None:
    """The id under which 'beyond the limits' is reported on secondary panels."""
    return {RuleSet.WESTERN_ELECTRIC: "WE1", RuleSet.NELSON: "N1"}.get(rules)


def shewhart_panel(
    name: str,
    values: Array,
    center: Array,
    se: Array,
    lcl: Array,
    ucl: Array,
    rules: RuleSet,
    primary: bool,
) -> Panel:
    """A panel tested with the full rule set (primary) or with 'beyond the limits' only."""
    violations: tuple[Violation, ...]
    if primary:
        violations = run_rules.evaluate(values, center, se, lcl, ucl, rules)
    else:
        rule = primary_rule_id(rules)
        violations = () if rule is None else run_rules.beyond_limits(values, lcl, ucl, rule)
    return make_panel(name, values, center, lcl, ucl, violations)


def make_panel(
    name: str,
    values: Array,
    center: Array,
    lcl: Array,
    ucl: Array,
    violations: tuple[Violation, ...],
) -> Panel:
    n = values.size

    def full(a: Array) -> tuple[float, ...]:
        return tuple(float(v) for v in np.broadcast_to(a, (n,)))

    return Panel(name, full(values), full(center), full(lcl), full(ucl), violations)
