"""What the magnetic-tile and DeepPCB parts of ``suigang bench inspection`` share: progress
lines, the split of good images and the figures at a threshold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import typer


def _log(message: str) -> None:
    typer.echo(message, err=True)


def _every(step: int, label: str) -> Callable[[int, int], None]:
    """A progress callback that logs every ``step``-th item."""

    def report(done: int, total: int) -> None:
        if done % step == 0:
            _log(f"  {label} {done}/{total}")

    return report


SPLITS = ("interleaved", "random", "grouped")


def split_good(
    n: int,
    *,
    split: str,
    seed: int,
    fit_fraction: float,
    groups: list[int] | None = None,
) -> tuple[list[int], list[int]]:
    """Indices (into the name-sorted good images) to fit on and to test.

    ``interleaved``: every third image (index % 3 == 2) is tested, the rest fit;
    ``random``: a seeded random ``fit_fraction`` of the images fit, the rest are tested;
    ``grouped``: ``groups`` gives each image's group, numbered in order of first appearance;
    every third group (number % 3 == 2) is tested whole, the rest fit.
    """

    if split == "interleaved":
        return [i for i in range(n) if i % 3 != 2], [i for i in range(n) if i % 3 == 2]
    if split == "grouped":
        if groups is None or len(groups) != n:
            raise ValueError(f"split 'grouped' needs a group for each of the {n} images")
        return [i for i in range(n) if groups[i] % 3 != 2], [
            i for i in range(n) if groups[i] % 3 == 2
        ]
    if split == "random":
        if not 0 < fit_fraction < 1:
            raise ValueError(f"fit_fraction must be in (0, 1), got {fit_fraction}")
        order = [int(i) for i in np.random.default_rng(seed).permutation(n)]
        n_fit = round(fit_fraction * n)
        return order[:n_fit], order[n_fit:]
    raise ValueError(f"split must be one of {', '.join(SPLITS)}, got {split!r}")


def _threshold_figures(
    held_out: tuple[float, ...], good: tuple[float, ...], defect: tuple[float, ...]
) -> dict[str, Any]:
    """False alarms and detections on the tested images at thresholds for a 1% false-alarm
    rate: chosen on the fit's held-out good scores (what a line can do), and on the tested
    good scores themselves (the best that rate can give here; optimistic)."""
    from suigang.engines.vision import choose_threshold, outcome

    out: dict[str, Any] = {}
    for label, scores in (("heldout", held_out), ("tested", good)):
        t = choose_threshold(scores, target="false_alarm_rate", rate=0.01).threshold
        false_alarms, escapes = outcome(t, good, defect)
        out[f"fa1pct_{label}_threshold"] = round(t, 4)
        out[f"fa1pct_{label}_false_alarms"] = false_alarms
        out[f"fa1pct_{label}_detected"] = len(defect) - (escapes or 0)
    return out
