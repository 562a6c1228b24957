"""Money in two currencies: HKD converted to CNY at a dated rate table the zone office keeps.

Amounts are :class:`decimal.Decimal` throughout, never floats. A rate is in force from its
date until the next dated rate; the rate on a day is the latest one dated on or before it.
There are no live rates: a day before the first rate is an error (:class:`NoRate`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from itertools import pairwise

#: Converted amounts are rounded to the fen, half up.
FEN = Decimal("0.01")


class Currency(StrEnum):
    """The two currencies of the zone."""

    CNY = "CNY"
    HKD = "HKD"


class NoRate(ValueError):
    """No HKD/CNY rate is in force on the day asked for."""


def money(value: object, *, what: str) -> Decimal:
    """A finite Decimal amount from a Decimal, int or decimal text; floats are refused."""
    if isinstance(value, bool | float):
        raise ValueError(f"{what} must be a Decimal amount, not {type(value).__name__} {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            value = Decimal(value.strip().replace(",", ""))
        except ArithmeticError:
            raise ValueError(f"{what} {value!r} is not an amount") from None
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"{what} must be a finite Decimal amount, got {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class Rate:
    """``cny_per_hkd`` yuan for one Hong Kong dollar, in force from ``effective``."""

    effective: date
    cny_per_hkd: Decimal

    def __post_init__(self) -> None:
        if isinstance(self.effective, datetime) or not isinstance(self.effective, date):
            raise ValueError(f"effective must be a date, got {self.effective!r}")
        rate = money(self.cny_per_hkd, what=f"rate of {self.effective}")
        if rate <= 0:
            raise ValueError(f"rate of {self.effective} must be positive, got {rate}")
        object.__setattr__(self, "cny_per_hkd", rate)


@dataclass(frozen=True, slots=True)
class RateTable:
    """Dated HKD→CNY rates; ``rate_on(day)`` is the latest dated on or before ``day``."""

    rates: tuple[Rate, ...] = ()

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.rates, key=lambda r: r.effective))
        for a, b in pairwise(ordered):
            if a.effective == b.effective:
                raise ValueError(f"two rates are dated {a.effective}")
        object.__setattr__(self, "rates", ordered)

    def rate_on(self, day: date) -> Rate:
        """The rate in force on ``day``; :class:`NoRate` when none is dated on or before it."""
        if isinstance(day, datetime):
            day = day.date()
        i = bisect.bisect_right([r.effective for r in self.rates], day)
        if i == 0:
            if not self.rates:
                raise NoRate(f"no HKD/CNY rate is kept: cannot convert HKD on {day}")
            raise NoRate(
                f"no HKD/CNY rate is dated on or before {day} "
                f"(the earliest is dated {self.rates[0].effective})"
            )
        return self.rates[i - 1]

    def to_cny(self, amount: Decimal, currency: Currency, day: date) -> Decimal:
        """``amount`` in CNY: unchanged if CNY; HKD times the rate on ``day``, to the fen."""
        amount = money(amount, what="amount")
        if currency is Currency.CNY:
            return amount
        if currency is not Currency.HKD:
            raise ValueError(f"currency must be CNY or HKD, got {currency!r}")
        rate = self.rate_on(day).cny_per_hkd
        with localcontext() as ctx:
            ctx.prec = 50  # the product is exact before it is rounded to the fen
            return (amount * rate).quantize(FEN, rounding=ROUND_HALF_UP)
