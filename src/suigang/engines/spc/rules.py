"""Western Electric and Nelson run rules.

A rule fires at the point that completes its pattern (the last point of the window), so a
run of nine points above the centre fires Western Electric rule 4 at its 8th and 9th points.
Zone rules (2 of 3 beyond 2σ, 4 of 5 beyond 1σ) also require the completing point itself to
lie in the zone, on the same side, and only full windows count (the first two points both
beyond 2σ do not fire rule 2 until a third point completes the window). These are the
definitions R's qcc 3.0 implements. σ here is the per-point standard error of the plotted
statistic, so charts with varying limits are tested in their own zones. Undefined (NaN)
points break every run.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from suigang.engines.spc.model import RuleSet, Violation

Array = NDArray[np.float64]

WESTERN_ELECTRIC_RULES = ("WE1", "WE2", "WE3", "WE4")
NELSON_RULES = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8")


def _windows(mask: NDArray[np.bool_], length: int) -> NDArray[np.bool_]:
    """out[i] is True when mask holds at every point of the window of ``length`` ending at i."""
    if length <= 0:
        return np.ones(mask.size, dtype=bool)
    return _count_in_window(mask, length) >= length  # every point of a full window


def _count_in_window(mask: NDArray[np.bool_], length: int) -> NDArray[np.int64]:
    """out[i] is how many points of the window of ``length`` ending at i hold ``mask`` (one
    pass of running sums: a lot is charted whole on every measurement posted)."""
    running = np.cumsum(mask, dtype=np.int64)
    counts = running.copy()
    counts[length:] -= running[:-length]
    return counts


def _k_of_m(z: Array, beyond: float, k: int, m: int) -> NDArray[np.bool_]:
    out = np.zeros(z.size, dtype=bool)
    for side in (1.0, -1.0):
        zone = np.nan_to_num(z * side, nan=-np.inf) > beyond
        counts = _count_in_window(zone, m)
        hit = zone & (counts >= k)
        hit[: m - 1] = False  # only full windows, as R's qcc
        out |= hit
    return out


def _same_side(z: Array, length: int) -> NDArray[np.bool_]:
    above = np.nan_to_num(z, nan=0.0) > 0
    below = np.nan_to_num(z, nan=0.0) < 0
    return _windows(above, length) | _windows(below, length)


def _trend(x: Array, length: int) -> NDArray[np.bool_]:
    diff = np.diff(x, prepend=np.nan)
    up = np.nan_to_num(diff, nan=0.0) > 0
    down = np.nan_to_num(diff, nan=0.0) < 0
    return _windows(up, length - 1) | _windows(down, length - 1)


def _alternating(x: Array, length: int) -> NDArray[np.bool_]:
    diff = np.nan_to_num(np.diff(x, prepend=np.nan), nan=0.0)
    sign = np.sign(diff)
    flips = np.zeros(x.size, dtype=bool)
    flips[2:] = (sign[2:] * sign[1:-1]) < 0
    # length points give length-1 differences, consecutive pairs of which (length-2) must flip
    return _windows(flips, length - 2)


def _mixed_outside(z: Array, length: int) -> NDArray[np.bool_]:
    outside = np.nan_to_num(np.abs(z), nan=0.0) > 1
    runs = _windows(outside, length)
    out = np.zeros(z.size, dtype=bool)
    for i in np.flatnonzero(runs):
        window = z[i - length + 1 : i + 1]
        out[i] = bool((window > 0).any() and (window < 0).any())
    return out


def evaluate(
    values: Sequence[float] | Array,
    center: Sequence[float] | Array,
    se: Sequence[float] | Array,
    lcl: Sequence[float] | Array,
    ucl: Sequence[float] | Array,
    rules: RuleSet,
) -> tuple[Violation, ...]:
    """Test a series against a rule set; violations are sorted by point, then rule id order."""
    if rules is RuleSet.NONE:
        return ()
    x = np.asarray(values, dtype=float)
    c = np.asarray(center, dtype=float)
    s = np.asarray(se, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(s > 0, (x - c) / s, np.where(x == c, 0.0, np.sign(x - c) * np.inf))
    z = np.where(np.isnan(x), np.nan, z)
    beyond = np.nan_to_num(
        (x > np.asarray(ucl, dtype=float)) | (x < np.asarray(lcl, dtype=float)), nan=0.0
    ).astype(bool)
    within = np.nan_to_num(np.abs(z), nan=np.inf) <= 1

    if rules is RuleSet.WESTERN_ELECTRIC:
        masks = {
            "WE1": beyond,
            "WE2": _k_of_m(z, 2.0, 2, 3),
            "WE3": _k_of_m(z, 1.0, 4, 5),
            "WE4": _same_side(z, 8),
        }
    else:
        masks = {
            "N1": beyond,
            "N2": _same_side(z, 9),
            "N3": _trend(x, 6),
            "N4": _alternating(x, 14),
            "N5": _k_of_m(z, 2.0, 2, 3),
            "N6": _k_of_m(z, 1.0, 4, 5),
            "N7": _windows(within, 15),
            "N8": _mixed_outside(z, 8),
        }
    found = [Violation(int(i), rule) for rule, mask in masks.items() for i in np.flatnonzero(mask)]
    order = {rule: n for n, rule in enumerate(masks)}
    return tuple(sorted(found, key=lambda v: (v.point, order[v.rule])))


def beyond_limits(values: Array, lcl: Array, ucl: Array, rule: str) -> tuple[Violation, ...]:
    """Points strictly outside their limits, each reported under ``rule``."""
    with np.errstate(invalid="ignore"):
        mask = (values > ucl) | (values < lcl)
    return tuple(Violation(int(i), rule) for i in np.flatnonzero(np.nan_to_num(mask, nan=0.0)))
