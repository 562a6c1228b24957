"""Within-subgroup σ estimators shared by the charts and the capability study."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from suigang.engines.spc.constants import Constants, c4, d2
from suigang.engines.spc.model import SigmaMethod

Array = NDArray[np.float64]


def sigma_within(
    groups: Sequence[Array], method: SigmaMethod, constants: Constants = Constants.EXACT
) -> float:
    """σ̂ from subgroups (in time order) by the chosen method.

    ``mr`` and ``sd`` treat the concatenated values as individuals, in order.
    Raises ``ValueError`` naming the problem when the method cannot apply.
    """
    if not groups:
        raise ValueError("no points left to estimate σ from")
    if method in (SigmaMethod.RBAR, SigmaMethod.SBAR, SigmaMethod.POOLED):
        small = [i for i, g in enumerate(groups) if g.size < 2]
        if small:
            raise ValueError(
                f"σ method '{method}' needs subgroups of at least 2 values; "
                f"point {small[0]} has {groups[small[0]].size}"
            )
    if method is SigmaMethod.RBAR:
        return float(np.mean([(g.max() - g.min()) / d2(g.size, constants) for g in groups]))
    if method is SigmaMethod.SBAR:
        return float(np.mean([g.std(ddof=1) / c4(g.size, constants) for g in groups]))
    if method is SigmaMethod.POOLED:
        dof = sum(g.size - 1 for g in groups)
        pooled = math.sqrt(sum(float(((g - g.mean()) ** 2).sum()) for g in groups) / dof)
        return pooled / c4(dof + 1, constants)
    values = np.concatenate(list(groups))
    if values.size < 2:
        raise ValueError(f"σ method '{method}' needs at least 2 values, got {values.size}")
    if method is SigmaMethod.MOVING_RANGE:
        return float(np.mean(np.abs(np.diff(values)))) / d2(2, constants)
    return float(values.std(ddof=1)) / c4(values.size, constants)
