"""API schemas of the quality domain."""

from __future__ import annotations

import math
import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import (
    AwareDatetime,
    Base64Bytes,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from suigang.domains.limits import INT32_MAX, TEXT_MAX
from suigang.domains.quality.models import (
    AlarmDecision,
    ModelState,
    PlanChart,
    ReviewDecision,
    Verdict,
    VerdictSource,
)


def _finite(value: float | None, name: str) -> float | None:
    if value is not None and not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return value


class CharacteristicCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    unit: str = Field(default="", max_length=16)
    lsl: float | None = None
    usl: float | None = None
    target: float | None = None
    sample_size: int = Field(default=1, ge=1, le=1000)
    frequency: str = Field(default="", max_length=200)
    chart: PlanChart = PlanChart.IMR
    frozen_mean: float | None = None
    frozen_sigma: float | None = Field(default=None, gt=0)

    @field_validator("lsl", "usl", "target", "frozen_mean", "frozen_sigma")
    @classmethod
    def _is_finite(cls, v: float | None, info: object) -> float | None:
        return _finite(v, getattr(info, "field_name", "value"))


class InspectionPlanCreate(BaseModel):
    product_id: uuid.UUID
    name: str = Field(min_length=1, max_length=200)
    notes: str = Field(default="", max_length=TEXT_MAX)
    characteristics: list[CharacteristicCreate] = Field(min_length=1, max_length=200)


class CharacteristicRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    seq: int
    name: str
    unit: str
    lsl: float | None
    usl: float | None
    target: float | None
    sample_size: int
    frequency: str
    chart: PlanChart
    frozen_mean: float | None
    frozen_sigma: float | None


class InspectionPlanRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    enterprise_id: uuid.UUID
    product_id: uuid.UUID
    revision: int
    name: str
    notes: str
    created_by: str
    created_at: datetime
    vision_model_version: str | None
    characteristics: list[CharacteristicRead]


class MeasurementIn(BaseModel):
    """One value; the characteristic by id or by its name in the lot's inspection plan."""

    characteristic_id: uuid.UUID | None = None
    characteristic: str | None = Field(default=None, max_length=100)
    subgroup: int = Field(ge=1, le=INT32_MAX)
    value: float
    taken_at: AwareDatetime | None = None

    @field_validator("value")
    @classmethod
    def _value_finite(cls, v: float) -> float:
        if not math.isfinite(v):
            raise ValueError(f"value must be a finite number, got {v!r}")
        return v

    @model_validator(mode="after")
    def _one_reference(self) -> MeasurementIn:
        if (self.characteristic_id is None) == (self.characteristic is None):
            raise ValueError("give either characteristic_id or characteristic (its name)")
        return self


class MeasurementCorrection(BaseModel):
    value: float
    reason: str = Field(min_length=1, max_length=2000)
    subgroup: int | None = Field(default=None, ge=1, le=INT32_MAX)

    @field_validator("value")
    @classmethod
    def _value_finite(cls, v: float) -> float:
        if not math.isfinite(v):
            raise ValueError(f"value must be a finite number, got {v!r}")
        return v


class MeasurementRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    lot_id: uuid.UUID
    characteristic_id: uuid.UUID
    subgroup: int
    value: float
    taken_at: datetime
    recorded_by: str
    recorded_at: datetime
    corrects_id: uuid.UUID | None
    reason: str


class DispositionCreate(BaseModel):
    decision: AlarmDecision
    reason: str = Field(min_length=1, max_length=2000)


class DispositionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    alarm_id: uuid.UUID
    decision: AlarmDecision
    reason: str
    decided_by: str
    created_at: datetime


class AlarmRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    characteristic_id: uuid.UUID
    panel: str
    point: int
    subgroup: str
    rule: str
    value: float | None
    fired_at: datetime
    disposition: DispositionRead | None = None  # None while the alarm is open


class RecordResult(BaseModel):
    """What recording measurements stored and which alarms it raised."""

    stored: int
    measurements: list[MeasurementRead]
    alarms: list[AlarmRead]


class ViolationRead(BaseModel):
    point: int
    rule: str
    panel: str


class PanelRead(BaseModel):
    name: str
    values: list[float | None]
    center: list[float]
    lcl: list[float]
    ucl: list[float]
    violations: list[ViolationRead]


class ChartRead(BaseModel):
    """A characteristic's chart on the lot; ``status`` ``undefined`` when it cannot be drawn
    (too few values, a single-value subgroup on Xbar-R...), with ``message`` saying why."""

    kind: PlanChart
    status: str  # in_control | out_of_control | undefined
    message: str = ""
    phase: str = ""  # "I" (limits from the lot) or "II" (frozen limits of the plan)
    labels: list[str] = []
    mean: float | None = None
    sigma: float | None = None
    panels: list[PanelRead] = []
    violations: list[ViolationRead] = []


class CapabilityRead(BaseModel):
    status: str  # ok | undefined
    message: str = ""
    n: int = 0
    mean: float | None = None
    sigma_within: float | None = None
    sigma_overall: float | None = None
    cp: float | None = None
    cpk: float | None = None
    pp: float | None = None
    ppk: float | None = None
    cpm: float | None = None
    cpk_lower: float | None = None
    cpk_upper: float | None = None


class CharacteristicQuality(BaseModel):
    characteristic: CharacteristicRead
    values: int
    out_of_spec: int
    chart: ChartRead
    capability: CapabilityRead


class VisualStats(BaseModel):
    inspected: int
    passed: int
    failed: int
    overruled: int
    pass_rate: float | None


class LotQuality(BaseModel):
    lot_id: uuid.UUID
    lot_number: str
    order_id: uuid.UUID
    product_id: uuid.UUID
    plan_id: uuid.UUID | None
    characteristics: list[CharacteristicQuality]
    alarms: list[AlarmRead]
    visual: VisualStats


class ReviewCreate(BaseModel):
    decision: ReviewDecision
    verdict: Verdict | None = None  # required to overrule: the verdict it should have been
    reason: str = Field(default="", max_length=2000)
    # a defective part's defect: its kind and its region (base64 PNG mask of the image's
    # size, non-zero = defect)
    defect_kind: str = Field(default="", max_length=40)
    region_png: Base64Bytes | None = None


class ReviewRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    inspection_id: uuid.UUID
    decision: ReviewDecision
    verdict: Verdict
    reason: str
    reviewer: str
    created_at: datetime
    defect_kind: str = ""
    has_region: bool = False

    @model_validator(mode="before")
    @classmethod
    def _region_flag(cls, data: object) -> object:
        if hasattr(data, "region_png"):
            return {
                **{k: getattr(data, k) for k in cls.model_fields if k != "has_region"},
                "has_region": data.region_png is not None,
            }
        return data


class VisualInspectionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    lot_id: uuid.UUID
    station: str
    part_ref: str
    image_type: str
    image_sha256: str
    width: int
    height: int
    score: float | None
    threshold: float | None
    verdict: Verdict
    final_verdict: Verdict
    overruled: bool
    source: VerdictSource
    model_version: str | None
    has_heatmap: bool = False
    inspected_at: datetime
    reviews: list[ReviewRead]

    @model_validator(mode="before")
    @classmethod
    def _heatmap_flag(cls, data: object) -> object:
        if hasattr(data, "heatmap_png"):
            return {
                **{k: getattr(data, k) for k in cls.model_fields if k != "has_heatmap"},
                "has_heatmap": data.heatmap_png is not None,
            }
        return data


class VisionVersionRead(BaseModel):
    """A version of a product's vision model and the held-out figures it was judged on."""

    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    product_id: uuid.UUID
    number: int
    label: str
    state: ModelState
    origin: str
    threshold: float
    threshold_rule: str
    figures: dict[str, Any]
    created_by: str
    created_at: datetime
    promoted_at: datetime | None


class TrainingSetRead(BaseModel):
    """The confirmed images a retraining would learn from."""

    model_config = ConfigDict(from_attributes=True)
    good: int
    defect: int
    with_region: int
    kinds: dict[str, int]
    unreviewed: int
    enough: bool


class RestoreCreate(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class ThresholdTarget(StrEnum):
    """What a line sets a threshold from (the vision engine's targets)."""

    FALSE_ALARM_RATE = "false_alarm_rate"  # on good parts
    ESCAPE_RATE = "escape_rate"  # of defects


class ThresholdSet(BaseModel):
    target: ThresholdTarget
    rate: float = Field(ge=0, lt=1, allow_inf_nan=False)


class ThresholdRead(BaseModel):
    """A threshold for a target rate and what it gives on the held-out scores."""

    model_config = ConfigDict(from_attributes=True)
    threshold: float
    target: str
    rate: float
    n_good: int
    false_alarms: int
    n_defect: int
    escapes: int | None
