"""Pydantic schemas of the catalogue: what API, UI, CLI and imports send and receive.

Validation that needs no database lives here (code format, Sparkplug address complete,
unique step numbers, times); checks against stored data live in ``service``.
"""

from __future__ import annotations

import re
import uuid
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from suigang.domains.catalog.models import (
    CapabilityCategory,
    Machine,
    MachineKind,
    MachineStatus,
    Product,
    RoutingStep,
)
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


# -- sites and work centers ----------------------------------------------------------------


class SiteCreate(BaseModel):
    code: str
    name: str
    address: str = ""

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        return check_code(v)

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return _strip_name(v, "name")


class WorkCenterCreate(BaseModel):
    code: str
    name: str
    site_code: str | None = None

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        return check_code(v)

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return _strip_name(v, "name")


# -- machines ------------------------------------------------------------------------------


def check_machine_fields(data: dict[str, Any]) -> None:
    parts = [data.get(k) for k in ("sparkplug_group", "sparkplug_node", "sparkplug_device")]
    if any(parts) and not all(parts):
        raise ValueError(
            "sparkplug_group, sparkplug_node and sparkplug_device must be given together"
        )
    endpoint = data.get("opcua_endpoint")
    if endpoint and not str(endpoint).startswith("opc.tcp://"):
        raise ValueError(f"opcua_endpoint {endpoint!r} must start with opc.tcp://")


def _clean_capabilities(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        code = check_code(v, field="capability", max_len=64)
        if code in out:
            raise ValueError(f"capability {code!r} is listed twice")
        out.append(code)
    return out


def _blank_to_none(v: str | None) -> str | None:
    if v is None:
        return None
    v = v.strip()
    return v or None


class MachineCreate(BaseModel):
    code: Code
    name: Name
    kind: MachineKind
    status: MachineStatus = MachineStatus.IN_SERVICE
    work_center_code: Code | None = None
    capabilities: list[CapabilityCode] = Field(default_factory=list, max_length=100)
    sparkplug_group: SparkplugId | None = None
    sparkplug_node: SparkplugId | None = None
    sparkplug_device: SparkplugId | None = None
    opcua_endpoint: Endpoint | None = None

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        return check_code(v)

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return _strip_name(v, "name")

    @field_validator(
        "work_center_code",
        "sparkplug_group",
        "sparkplug_node",
        "sparkplug_device",
        "opcua_endpoint",
    )
    @classmethod
    def _optional(cls, v: str | None) -> str | None:
        return _blank_to_none(v)

    @field_validator("capabilities")
    @classmethod
    def _caps(cls, v: list[str]) -> list[str]:
        return _clean_capabilities(v)

    @model_validator(mode="after")
    def _together(self) -> MachineCreate:
        check_machine_fields(self.model_dump())
        return self


class MachineUpdate(BaseModel):
    """Fields left out stay as they are; ``version`` is the one the editor last saw.

    Status changes go through ``set_machine_status`` so that they always emit their event.
    """

    version: Version
    code: Code | None = None
    name: Name | None = None
    kind: MachineKind | None = None
    work_center_code: Code | None = None  # "" clears it
    capabilities: list[CapabilityCode] | None = Field(default=None, max_length=100)
    sparkplug_group: SparkplugId | None = None
    sparkplug_node: SparkplugId | None = None
    sparkplug_device: SparkplugId | None = None
    opcua_endpoint: Endpoint | None = None

    @field_validator("code")
    @classmethod
    def _code(cls, v: str | None) -> str | None:
        return None if v is None else check_code(v)

    @field_validator("name")
    @classmethod
    def _name(cls, v: str | None) -> str | None:
        return None if v is None else _strip_name(v, "name")

    @field_validator("capabilities")
    @classmethod
    def _caps(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else _clean_capabilities(v)


class MachineRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    enterprise_id: uuid.UUID
    code: str
    name: str
    kind: MachineKind
    status: MachineStatus
    work_center_code: str | None
    capabilities: list[str]
    sparkplug_group: str | None
    sparkplug_node: str | None
    sparkplug_device: str | None
    opcua_endpoint: str | None
    version: int

    @model_validator(mode="before")
    @classmethod
    def _from_orm(cls, data: Any) -> Any:
        if isinstance(data, Machine):
            return {
                **{k: getattr(data, k) for k in cls.model_fields if k != "work_center_code"},
                "work_center_code": data.work_center.code if data.work_center else None,
            }
        return data


# -- capabilities --------------------------------------------------------------------------


class CapabilityCreate(BaseModel):
    category: CapabilityCategory
    code: CapabilityCode
    name_en: Name
    name_zh_hans: Name = ""
    name_zh_hant: Name = ""
    details: FreeText = ""

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        return check_code(v, max_len=64)

    @field_validator("name_en")
    @classmethod
    def _name(cls, v: str) -> str:
        return _strip_name(v, "name_en")

    @field_validator("name_zh_hans", "name_zh_hant")
    @classmethod
    def _zh(cls, v: str) -> str:
        return v.strip()


class CapabilityRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    enterprise_id: uuid.UUID
    category: CapabilityCategory
    code: str
    name_en: str
    name_zh_hans: str
    name_zh_hant: str
    details: str


# -- products ------------------------------------------------------------------------------


class RoutingStepIn(BaseModel):
    """One operation: eligible machines when listed, else any machine of the work center."""

    seq: int = Field(ge=1, le=INT32_MAX)
    name: Name
    work_center_code: Code | None = None
    machine_codes: list[Code] = Field(default_factory=list, max_length=500)
    setup_s: int = Field(default=0, ge=0, le=INT32_MAX)
    run_s_per_unit: Decimal

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return _strip_name(v, "name")

    @field_validator("work_center_code")
    @classmethod
    def _wc(cls, v: str | None) -> str | None:
        return _blank_to_none(v)

    @field_validator("machine_codes")
    @classmethod
    def _machines(cls, v: list[str]) -> list[str]:
        out: list[str] = []
        for code in v:
            code = check_code(code, field="machine code")
            if code in out:
                raise ValueError(f"machine {code!r} is listed twice")
            out.append(code)
        return out

    @field_validator("run_s_per_unit")
    @classmethod
    def _run(cls, v: Decimal) -> Decimal:
        v = check_places(v, field="run_s_per_unit", places=RUN_TIME_PLACES)
        if v <= 0:
            raise ValueError(f"run_s_per_unit {v} must be greater than 0")
        return v

    @model_validator(mode="after")
    def _somewhere(self) -> RoutingStepIn:
        if self.work_center_code is None and not self.machine_codes:
            raise ValueError(f"step {self.seq} names neither a work center nor a machine")
        return self


class BomLineIn(BaseModel):
    component_code: ProductCode
    quantity: Decimal

    @field_validator("component_code")
    @classmethod
    def _code(cls, v: str) -> str:
        return check_code(v, field="component_code", max_len=PRODUCT_CODE_MAX)

    @field_validator("quantity")
    @classmethod
    def _qty(cls, v: Decimal) -> Decimal:
        v = check_places(v, field="quantity", places=QUANTITY_PLACES)
        if v <= 0:
            raise ValueError(f"quantity {v} must be greater than 0")
        return v


def _check_steps(steps: list[RoutingStepIn]) -> None:
    seen: set[int] = set()
    for step in steps:
        if step.seq in seen:
            raise ValueError(f"step {step.seq} appears twice")
        seen.add(step.seq)


def _check_bom(code: str | None, bom: list[BomLineIn]) -> None:
    seen: set[str] = set()
    for line in bom:
        if line.component_code == code:
            raise ValueError(f"product {code} cannot be a component of itself")
        if line.component_code in seen:
            raise ValueError(f"component {line.component_code} appears twice")
        seen.add(line.component_code)


class ProductCreate(BaseModel):
    code: ProductCode
    name: Name
    description: FreeText = ""
    unit: Unit = "pcs"
    steps: list[RoutingStepIn] = Field(default_factory=list, max_length=500)
    bom: list[BomLineIn] = Field(default_factory=list, max_length=1000)

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        return check_code(v, max_len=PRODUCT_CODE_MAX)

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return _strip_name(v, "name")

    @field_validator("unit")
    @classmethod
    def _unit(cls, v: str) -> str:
        return check_code(v, field="unit", max_len=16)

    @field_validator("description")
    @classmethod
    def _description(cls, v: str) -> str:
        return v.strip()

    @model_validator(mode="after")
    def _lines(self) -> ProductCreate:
        _check_steps(self.steps)
        _check_bom(self.code, self.bom)
        return self


class ProductUpdate(BaseModel):
    """Fields left out stay; ``steps`` or ``bom``, when given, replace the whole list."""

    version: Version
    code: ProductCode | None = None
    name: Name | None = None
    description: FreeText | None = None
    unit: Unit | None = None
    steps: list[RoutingStepIn] | None = Field(default=None, max_length=500)
    bom: list[BomLineIn] | None = Field(default=None, max_length=1000)

    @field_validator("code")
    @classmethod
    def _code(cls, v: str | None) -> str | None:
        return None if v is None else check_code(v, max_len=PRODUCT_CODE_MAX)

    @field_validator("name")
    @classmethod
    def _name(cls, v: str | None) -> str | None:
        return None if v is None else _strip_name(v, "name")

    @field_validator("unit")
    @classmethod
    def _unit(cls, v: str | None) -> str | None:
        return None if v is None else check_code(v, field="unit", max_len=16)

    @field_validator("description")
    @classmethod
    def _description(cls, v: str | None) -> str | None:
        return None if v is None else v.strip()

    @model_validator(mode="after")
    def _lines(self) -> ProductUpdate:
        if self.steps is not None:
            _check_steps(self.steps)
        if self.bom is not None:
            _check_bom(self.code, self.bom)
        return self


class RoutingStepRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    seq: int
    name: str
    work_center_code: str | None
    machine_codes: list[str]
    setup_s: int
    run_s_per_unit: Decimal

    @model_validator(mode="before")
    @classmethod
    def _from_orm(cls, data: Any) -> Any:
        if isinstance(data, RoutingStep):
            return {
                "id": data.id,
                "seq": data.seq,
                "name": data.name,
                "work_center_code": data.work_center.code if data.work_center else None,
                "machine_codes": sorted(m.code for m in data.machines),
                "setup_s": data.setup_s,
                "run_s_per_unit": data.run_s_per_unit,
            }
        return data


class BomLineRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    component_code: str
    component_product_id: uuid.UUID | None
    quantity: Decimal


class ProductRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    enterprise_id: uuid.UUID
    code: str
    name: str
    description: str
    unit: str
    steps: list[RoutingStepRead]
    bom: list[BomLineRead]
    version: int

    @model_validator(mode="before")
    @classmethod
    def _from_orm(cls, data: Any) -> Any:
        if isinstance(data, Product):
            out = {k: getattr(data, k) for k in cls.model_fields if k != "bom"}
            out["bom"] = sorted(data.bom, key=lambda line: line.component_code)
            return out
        return data


# -- import --------------------------------------------------------------------------------


class RowError(BaseModel):
    """One bad row of an imported file; ``line`` as a spreadsheet shows it (header = 1)."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class ImportReport(BaseModel):
    """What an accepted import did: rows that created, changed or left a record as it was."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
