"""Pydantic schemas of the catalogue: what API, UI, CLI and imports send and receive.

Validation that needs no database lives here (code format, Sparkplug address complete,
unique step numbers, times); checks against stored data live in ``service``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from suigang.domains.catalog.fields import (
    PRODUCT_CODE_MAX,
    QUANTITY_PLACES,
    RUN_TIME_PLACES,
    Capabilities,
    CapabilityCode,
    CheckedCode,
    CheckedName,
    CheckedProductCode,
    CheckedUnit,
    Code,
    CodeText,
    Endpoint,
    FreeText,
    Name,
    NameText,
    ProductCode,
    SparkplugId,
    TrimmedText,
    Version,
    _strip_name,
    blank_to_none,
    check_code,
    check_places,
)
from suigang.domains.catalog.models import (
    CapabilityCategory,
    Machine,
    MachineKind,
    MachineStatus,
    Product,
    RoutingStep,
)
from suigang.domains.limits import INT32_MAX

# -- sites and work centers ----------------------------------------------------------------


class SiteCreate(BaseModel):
    code: CodeText
    name: NameText
    address: str = ""


class WorkCenterCreate(BaseModel):
    code: CodeText
    name: NameText
    site_code: str | None = None


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


class MachineCreate(BaseModel):
    code: CheckedCode
    name: CheckedName
    kind: MachineKind
    status: MachineStatus = MachineStatus.IN_SERVICE
    work_center_code: Code | None = None
    capabilities: Capabilities = Field(default_factory=list)
    sparkplug_group: SparkplugId | None = None
    sparkplug_node: SparkplugId | None = None
    sparkplug_device: SparkplugId | None = None
    opcua_endpoint: Endpoint | None = None

    @field_validator(
        "work_center_code",
        "sparkplug_group",
        "sparkplug_node",
        "sparkplug_device",
        "opcua_endpoint",
    )
    @classmethod
    def _optional(cls, v: str | None) -> str | None:
        return blank_to_none(v)

    @model_validator(mode="after")
    def _together(self) -> MachineCreate:
        check_machine_fields(self.model_dump())
        return self


class MachineUpdate(BaseModel):
    """Fields left out stay as they are; ``version`` is the one the editor last saw.

    Status changes go through ``set_machine_status`` so that they always emit their event.
    """

    version: Version
    code: CheckedCode | None = None
    name: CheckedName | None = None
    kind: MachineKind | None = None
    work_center_code: Code | None = None  # "" clears it
    capabilities: Capabilities | None = None
    sparkplug_group: SparkplugId | None = None
    sparkplug_node: SparkplugId | None = None
    sparkplug_device: SparkplugId | None = None
    opcua_endpoint: Endpoint | None = None


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
    name: CheckedName
    work_center_code: Code | None = None
    machine_codes: list[Code] = Field(default_factory=list, max_length=500)
    setup_s: int = Field(default=0, ge=0, le=INT32_MAX)
    run_s_per_unit: Decimal

    @field_validator("work_center_code")
    @classmethod
    def _wc(cls, v: str | None) -> str | None:
        return blank_to_none(v)

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
    code: CheckedProductCode
    name: CheckedName
    description: TrimmedText = ""
    unit: CheckedUnit = "pcs"
    steps: list[RoutingStepIn] = Field(default_factory=list, max_length=500)
    bom: list[BomLineIn] = Field(default_factory=list, max_length=1000)

    @model_validator(mode="after")
    def _lines(self) -> ProductCreate:
        _check_steps(self.steps)
        _check_bom(self.code, self.bom)
        return self


class ProductUpdate(BaseModel):
    """Fields left out stay; ``steps`` or ``bom``, when given, replace the whole list."""

    version: Version
    code: CheckedProductCode | None = None
    name: CheckedName | None = None
    description: TrimmedText | None = None
    unit: CheckedUnit | None = None
    steps: list[RoutingStepIn] | None = Field(default=None, max_length=500)
    bom: list[BomLineIn] | None = Field(default=None, max_length=1000)

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
