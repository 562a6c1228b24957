"""Decision thresholds a line can live with: from a target false-alarm or escape rate.

The model's own rule (:func:`~suigang.engines.vision.patchcore.threshold_rule`) flags no
held-out good part and sits three standard deviations above their mean: conservative, and on
new parts often too strict or too loose. A line usually knows what it can afford instead:
"at most 1% of good parts sent to rework" (a false-alarm rate) or "at most 5% of defects
let through" (an escape rate). :func:`choose_threshold` picks the threshold that meets such a
target on scored images and reports what it gives on both sides.

A part is flagged when its score is *above* the threshold (as everywhere in the engine).
Rates measured on the images used to choose are optimistic; choose on good parts the model
was not fitted on, and at least 1/rate of them (100 good parts for 1%).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np


class ThresholdTarget(StrEnum):
    """What the threshold is chosen to meet."""

    FALSE_ALARM_RATE = "false_alarm_rate"  # share of good parts flagged, at most
    ESCAPE_RATE = "escape_rate"  # share of defective parts not flagged, at most


@dataclass(frozen=True, slots=True)
class ThresholdChoice:
    """A threshold and what it gives on the scores it was chosen on.

    ``escapes``/``escape_rate`` are ``None`` without defective scores. ``enough_good`` is
    False when there are fewer good scores than 1/rate, so that a false-alarm rate that small
    cannot be told apart from zero.
    """

    threshold: float
    target: ThresholdTarget
    rate: float
    n_good: int
    false_alarms: int
    n_defect: int
    escapes: int | None

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.n_good if self.n_good else 0.0

    @property
    def escape_rate(self) -> float | None:
        if self.escapes is None or not self.n_defect:
            return None
        return self.escapes / self.n_defect

    @property
    def enough_good(self) -> bool:
        return (
            self.target is not ThresholdTarget.FALSE_ALARM_RATE
            or self.rate == 0
            or (self.n_good >= math.ceil(1 / self.rate - 1e-9))
        )


def outcome(
    threshold: float, good: Sequence[float], defect: Sequence[float] = ()
) -> tuple[int, int | None]:
    """(false alarms, escapes) at ``threshold``: good scores above it, defective ones not
    (``None`` escapes without defective scores)."""
    g = np.asarray(good, dtype=np.float64)
    d = np.asarray(defect, dtype=np.float64)
    return int((g > threshold).sum()), (int((d <= threshold).sum()) if d.size else None)


def choose_threshold(
    good: Sequence[float],
    defect: Sequence[float] = (),
    *,
    target: ThresholdTarget | str,
    rate: float,
) -> ThresholdChoice:
    """The threshold meeting ``rate`` for ``target`` on these scores.

    - ``false_alarm_rate``: the lowest threshold that flags at most ⌊rate·n⌋ of the n good
      scores (the (⌊rate·n⌋+1)-th highest good score; rate 0 gives the highest one, the
      zero-false-alarm rule). Lower thresholds catch more defects, so this is the most
      sensitive threshold the line can afford.
    - ``escape_rate`` (needs defective scores): the highest threshold that lets at most
      ⌊rate·m⌋ of the m defective scores through: the highest score of either kind below the
      (⌊rate·m⌋+1)-th lowest defective score (fewest false alarms for that escape rate).
    """
    kind = ThresholdTarget(target)
    if not 0 <= rate < 1 or not math.isfinite(rate):
        raise ValueError(f"rate must be in [0, 1), got {rate!r}")
    g = np.sort(np.asarray(good, dtype=np.float64))
    d = np.sort(np.asarray(defect, dtype=np.float64))
    for name, arr in (("good", g), ("defect", d)):
        if arr.size and not np.isfinite(arr).all():
            raise ValueError(f"{name} scores must be finite numbers")
    if kind is ThresholdTarget.FALSE_ALARM_RATE:
        if not g.size:
            raise ValueError("a false-alarm rate needs good scores")
        allowed = math.floor(rate * g.size + 1e-9)
        threshold = float(g[g.size - 1 - min(allowed, g.size - 1)])
    else:
        if not d.size:
            raise ValueError("an escape rate needs defective scores")
        allowed = math.floor(rate * d.size + 1e-9)
        bound = d[allowed]  # scores at or below the threshold escape: keep it under this one
        below = np.concatenate([g[g < bound], d[d < bound]])
        threshold = float(below.max()) if below.size else float(np.nextafter(bound, -np.inf))
    false_alarms, escapes = outcome(threshold, g.tolist(), d.tolist())
    return ThresholdChoice(threshold, kind, rate, int(g.size), false_alarms, int(d.size), escapes)
