"""Where the time went: the ISO 22400 loss breakdown of an OEE result."""

from __future__ import annotations

from suigang.engines.oee.model import OeeResult

LOSS_KEYS = ("adet", "adot", "aust", "speed", "quality", "unknown")


def losses(result: OeeResult, pru_s: float | None) -> list[tuple[str, float]]:
    """Time lost (seconds) per ISO 22400 element, largest first, zero losses left out.

    Breakdown (ADET), idle (ADOT), setup (AUST), speed loss (APT − PRU·PQ: slower cycles
    than planned), quality loss (PRU·(PQ − GQ): time spent on scrap and rework) and time
    without a reported state. Speed and quality losses need the PRU.
    """
    e, q = result.elements, result.quantities
    values = {"adet": e.adet, "adot": e.adot, "aust": e.aust, "unknown": e.unknown}
    if pru_s is not None:
        values["speed"] = max(0.0, e.apt - pru_s * q.produced)
        values["quality"] = pru_s * (q.scrap + q.rework)
    order = {k: i for i, k in enumerate(LOSS_KEYS)}
    kept = [(k, v) for k, v in values.items() if v > 0]
    return sorted(kept, key=lambda kv: (-kv[1], order[kv[0]]))
