"""Control-chart constants d2, d3 and c4, computed exactly or taken from the printed tables.

d2(n) and d3(n) are the mean and standard deviation of the range of n independent standard
normal values; c4(n) is the mean of the sample standard deviation of n such values. The
printed tables (and tools that use them, such as R's qcc and Minitab) round d2 and d3 to three
decimals and c4 to four, which shifts σ̂ in the fifth significant digit. ``Constants.EXACT``
(the default) integrates numerically; ``Constants.TABLE`` reproduces the printed values.
"""

from __future__ import annotations

import math
from enum import StrEnum
from functools import lru_cache

import numpy as np
from scipy import special


class Constants(StrEnum):
    """Which values of d2, d3 and c4 to use."""

    EXACT = "exact"
    TABLE = "table"


def _check_n(n: int) -> None:
    if not isinstance(n, int | np.integer) or n < 2:
        raise ValueError(f"subgroup size must be an integer of at least 2, got {n!r}")


_LIMIT = 10.0  # Φ(±10) differs from 0/1 by less than 1e-22
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(400)


@lru_cache(maxsize=512)
def _d2_exact(n: int) -> float:
    # d2 = ∫ (1 − Φ(x)ⁿ − (1 − Φ(x))ⁿ) dx, by Gauss–Legendre quadrature on [−10, 10]
    x = _LIMIT * _NODES
    cdf = special.ndtr(x)
    return float(_LIMIT * np.sum(_WEIGHTS * (1.0 - cdf**n - (1.0 - cdf) ** n)))


@lru_cache(maxsize=512)
def _d3_exact(n: int) -> float:
    # E[R²] = 2 ∫∫_{x<y} (1 − Φ(y)ⁿ − (1 − Φ(x))ⁿ + (Φ(y) − Φ(x))ⁿ) dy dx
    x = _LIMIT * _NODES
    half = (_LIMIT - x) / 2.0
    y = x[:, None] + half[:, None] * (_NODES[None, :] + 1.0)
    fx = special.ndtr(x)[:, None]
    fy = special.ndtr(y)
    inner = 1.0 - fy**n - (1.0 - fx) ** n + (fy - fx) ** n
    inner_integral = half * (inner @ _WEIGHTS)
    second = 2.0 * _LIMIT * float(np.sum(_WEIGHTS * inner_integral))
    mean = _d2_exact(n)
    return math.sqrt(max(second - mean * mean, 0.0))


def _c4_exact(n: int) -> float:
    return float(
        math.sqrt(2.0 / (n - 1)) * math.exp(special.gammaln(n / 2) - special.gammaln((n - 1) / 2))
    )


def d2(n: int, constants: Constants = Constants.EXACT) -> float:
    """Mean range of ``n`` standard normal values (d2(2) = 1.128379, d2(5) = 2.325929)."""
    _check_n(n)
    value = _d2_exact(int(n))
    return round(value, 3) if constants is Constants.TABLE else value


def d3(n: int, constants: Constants = Constants.EXACT) -> float:
    """Standard deviation of the range of ``n`` standard normal values (d3(5) = 0.864082)."""
    _check_n(n)
    value = _d3_exact(int(n))
    return round(value, 3) if constants is Constants.TABLE else value


def c4(n: int, constants: Constants = Constants.EXACT) -> float:
    """Mean of the sample standard deviation of ``n`` standard normal values (c4(5) = 0.939986)."""
    _check_n(n)
    value = _c4_exact(int(n))
    return round(value, 4) if constants is Constants.TABLE else value
