"""The catalogue's field types and checks: codes, names, decimals bounded as their columns,
with the errors naming the field; every catalogue schema and import uses them."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import partial
from typing import Annotated

from pydantic import AfterValidator, Field

from suigang.domains.limits import INT32_MAX, TEXT_MAX

CODE_MAX = 32
PRODUCT_CODE_MAX = 64
# A code is one spreadsheet token: no blanks, and none of the separators that the import
# format uses inside one cell (";" between list items, "=" in a BOM entry).
_CODE = re.compile(r"[^\s;=,]+")
RUN_TIME_PLACES = 3  # routing_step.run_s_per_unit is NUMERIC(12, 3)
QUANTITY_PLACES = 4  # bom_line.quantity is NUMERIC(12, 4)
NUMERIC_INTEGER_DIGITS = 8  # 12 digits in all, minus the decimals of the wider column
NAME_MAX = 200  # names of machines, products, steps, capabilities: String(200)
ID_MAX = 64  # Sparkplug group, node and device ids, capability codes: String(64)
# Bounds that match the columns (the OpenAPI description shows them to integrators).
Code = Annotated[str, Field(max_length=CODE_MAX)]
ProductCode = Annotated[str, Field(max_length=PRODUCT_CODE_MAX)]
CapabilityCode = Annotated[str, Field(max_length=ID_MAX)]
Name = Annotated[str, Field(max_length=NAME_MAX)]
SparkplugId = Annotated[str, Field(max_length=ID_MAX)]
Endpoint = Annotated[str, Field(max_length=255)]
Unit = Annotated[str, Field(max_length=16)]
FreeText = Annotated[str, Field(max_length=TEXT_MAX)]
Version = Annotated[int, Field(ge=0, le=INT32_MAX, description="the version you last saw")]


def check_code(value: str, *, field: str = "code", max_len: int = CODE_MAX) -> str:
    """``value`` stripped, or ValueError naming the field when it is not a valid code."""
    value = value.strip()
    if not value:
        raise ValueError(f"{field} must not be empty")
    if len(value) > max_len:
        raise ValueError(f"{field} {value!r} is longer than {max_len} characters")
    if not _CODE.fullmatch(value):
        raise ValueError(f"{field} {value!r} must not contain blanks, ';', '=' or ','")
    return value


def check_places(value: Decimal, *, field: str, places: int) -> Decimal:
    """``value`` when it fits the column exactly (no silent rounding), else ValueError."""
    if not value.is_finite():
        raise ValueError(f"{field} {value} is not a number")
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -places:
        raise ValueError(f"{field} {value} has more than {places} decimal places")
    if abs(value) >= Decimal(10) ** NUMERIC_INTEGER_DIGITS:
        raise ValueError(f"{field} {value} is too large")
    return value


def _strip_name(value: str, field: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError(f"{field} must not be empty")
    return value


def _named(value: str) -> str:
    return _strip_name(value, "name")


# the fields that every create/update schema checks alike (errors name the field)
CodeText = Annotated[str, AfterValidator(check_code)]
NameText = Annotated[str, AfterValidator(_named)]
CheckedCode = Annotated[Code, AfterValidator(check_code)]
CheckedName = Annotated[Name, AfterValidator(_named)]
CheckedProductCode = Annotated[
    ProductCode, AfterValidator(partial(check_code, max_len=PRODUCT_CODE_MAX))
]
CheckedUnit = Annotated[Unit, AfterValidator(partial(check_code, field="unit", max_len=16))]
TrimmedText = Annotated[FreeText, AfterValidator(str.strip)]


def clean_capabilities(values: list[str]) -> list[str]:
    """Capability codes, each checked, none twice."""
    out: list[str] = []
    for v in values:
        code = check_code(v, field="capability", max_len=64)
        if code in out:
            raise ValueError(f"capability {code!r} is listed twice")
        out.append(code)
    return out


def blank_to_none(v: str | None) -> str | None:
    """A text trimmed; None when blank."""
    if v is None:
        return None
    v = v.strip()
    return v or None


# a machine's capability codes: at most 100, each checked, none twice
Capabilities = Annotated[
    list[CapabilityCode], Field(max_length=100), AfterValidator(clean_capabilities)
]
