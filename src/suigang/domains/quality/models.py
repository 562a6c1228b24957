"""Tables of the quality domain.

Quality records are append-only: a measurement is corrected by a new row that references the
one it replaces (``corrects_id``), a visual verdict is confirmed or overruled by a review row,
and a certificate is reissued as a new row. Nothing here is updated in place or deleted, except
when the lot itself goes (cascade).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from suigang.db import Base, StrEnumType, UTCDateTime, UUIDString, utcnow
from suigang.domains.common import FirmOwned, OwnerFirm, PrimaryKey, part_of


class PlanChart(StrEnum):
    """The control chart a characteristic is watched with (the SPC engine's chart names)."""

    XBAR_R = "xbar-r"
    XBAR_S = "xbar-s"
    IMR = "imr"
    EWMA = "ewma"
    CUSUM = "cusum"
    P = "p"
    NP = "np"
    C = "c"
    U = "u"


class Verdict(StrEnum):
    PASS = "pass"
    FAIL = "fail"


class VerdictSource(StrEnum):
    MODEL = "model"  # scored by the platform with the product's vision model
    STATION = "station"  # the station's own verdict and score


class ReviewDecision(StrEnum):
    CONFIRM = "confirm"
    OVERRULE = "overrule"


class AlarmDecision(StrEnum):
    """What a person decided about the parts an out-of-control signal concerns."""

    RELEASE = "release"  # investigated: the parts may go (the certificate may accept the lot)
    REJECT = "reject"  # the parts are held: the lot is not accepted


class InspectionPlan(Base):
    """How a factory inspects one of its products: characteristics, limits, charts."""

    __tablename__ = "inspection_plan"

    id: Mapped[uuid.UUID] = mapped_column(UUIDString, primary_key=True, default=uuid.uuid4)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("enterprise.id", ondelete="CASCADE"), index=True
    )
    product_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("product.id", ondelete="CASCADE"), index=True
    )
    revision: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # the product's visual-inspection model: a file under <data_dir>/vision-models
    vision_model: Mapped[str | None] = mapped_column(String(200), default=None)
    vision_model_version: Mapped[str | None] = mapped_column(String(100), default=None)

    characteristics: Mapped[list[Characteristic]] = relationship(
        back_populates="plan",
        order_by="Characteristic.seq",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    __table_args__ = (UniqueConstraint("product_id", "revision"),)

    @property
    def owner_enterprise_id(self) -> uuid.UUID:
        return self.enterprise_id

    @property
    def addressed_enterprise_ids(self) -> Iterable[uuid.UUID]:
        return ()


class Characteristic(Base):
    """One measured feature of a product, with its specification and chart.

    ``frozen_mean``/``frozen_sigma``, when set, are the known process parameters the chart's
    limits come from (phase II); otherwise each lot's own data estimates them (phase I).
    """

    __tablename__ = "characteristic"

    id: Mapped[uuid.UUID] = mapped_column(UUIDString, primary_key=True, default=uuid.uuid4)
    plan_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("inspection_plan.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(16), default="")
    lsl: Mapped[float | None] = mapped_column(Float, default=None)
    usl: Mapped[float | None] = mapped_column(Float, default=None)
    target: Mapped[float | None] = mapped_column(Float, default=None)
    sample_size: Mapped[int] = mapped_column(Integer, default=1)
    frequency: Mapped[str] = mapped_column(String(200), default="")
    chart: Mapped[PlanChart] = mapped_column(StrEnumType(PlanChart, 8))
    frozen_mean: Mapped[float | None] = mapped_column(Float, default=None)
    frozen_sigma: Mapped[float | None] = mapped_column(Float, default=None)

    plan: Mapped[InspectionPlan] = relationship(back_populates="characteristics")

    __table_args__ = (UniqueConstraint("plan_id", "name"),)


class Measurement(Base):
    """One measured value of a characteristic on a lot; corrected only by a newer row."""

    __tablename__ = "measurement"

    id: Mapped[uuid.UUID] = mapped_column(UUIDString, primary_key=True, default=uuid.uuid4)
    lot_id: Mapped[uuid.UUID] = mapped_column(UUIDString, ForeignKey("lot.id", ondelete="CASCADE"))
    characteristic_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("characteristic.id", ondelete="RESTRICT")
    )
    subgroup: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[str] = mapped_column(String(254))
    recorded_by_user_id: Mapped[uuid.UUID | None] = mapped_column(UUIDString, default=None)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # one correction per row at most: a chain, never a fork
    corrects_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDString, ForeignKey("measurement.id", ondelete="RESTRICT"), default=None, unique=True
    )
    reason: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_measurement_lot_char", "lot_id", "characteristic_id"),)


class VisualInspection(Base):
    """An image of a part from a lot, with its anomaly score and verdict.

    The image and its heatmap are stored in the database (bytes), so a record and its
    evidence commit or roll back together on both databases.
    """

    __tablename__ = "visual_inspection"

    id: Mapped[uuid.UUID] = mapped_column(UUIDString, primary_key=True, default=uuid.uuid4)
    lot_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("lot.id", ondelete="CASCADE"), index=True
    )
    station: Mapped[str] = mapped_column(String(254))  # API key name or user e-mail
    part_ref: Mapped[str] = mapped_column(String(100), default="")
    image: Mapped[bytes] = mapped_column(LargeBinary)
    image_type: Mapped[str] = mapped_column(String(16))  # png | jpeg | bmp | tiff
    image_sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float, default=None)
    threshold: Mapped[float | None] = mapped_column(Float, default=None)
    verdict: Mapped[Verdict] = mapped_column(StrEnumType(Verdict, 8))
    source: Mapped[VerdictSource] = mapped_column(StrEnumType(VerdictSource, 8))
    model_version: Mapped[str | None] = mapped_column(String(100), default=None)
    heatmap_png: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    inspected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reviews: Mapped[list[VisualReview]] = relationship(
        order_by="VisualReview.created_at", lazy="selectin"
    )

    @property
    def final_verdict(self) -> Verdict:
        """The latest review's verdict, or the inspection's own when nobody reviewed it."""
        return self.reviews[-1].verdict if self.reviews else self.verdict

    @property
    def overruled(self) -> bool:
        return self.final_verdict is not self.verdict


class VisualReview(Base):
    """A person confirms or overrules a visual verdict (append-only; the last one counts)."""

    __tablename__ = "visual_review"

    id: Mapped[uuid.UUID] = mapped_column(UUIDString, primary_key=True, default=uuid.uuid4)
    inspection_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("visual_inspection.id", ondelete="CASCADE"), index=True
    )
    decision: Mapped[ReviewDecision] = mapped_column(StrEnumType(ReviewDecision, 8))
    verdict: Mapped[Verdict] = mapped_column(StrEnumType(Verdict, 8))
    reason: Mapped[str] = mapped_column(Text, default="")
    reviewer: Mapped[str] = mapped_column(String(254))
    reviewer_user_id: Mapped[uuid.UUID | None] = mapped_column(UUIDString, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # a defective part's kind and marked region (PNG mask of the image's size, non-zero =
    # defect): training data for the product's vision model
    defect_kind: Mapped[str] = mapped_column(String(40), default="")
    region_png: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)


class ModelState(StrEnum):
    CANDIDATE = "candidate"  # trained, not (yet) in use
    ACTIVE = "active"  # scores the product's images
    RETIRED = "retired"  # was active; may be restored


class VisionModelVersion(FirmOwned, Base):
    """A version of a product's vision model: uploaded, or retrained from confirmed images.

    One version per product is active; its file scores new images. ``figures`` holds what the
    version was judged on: the held-out comparison with the version active when it was trained
    (both sides' figures and scores, the decision and its reasons) and the training counts.
    """

    __tablename__ = "vision_model_version"

    id: Mapped[PrimaryKey]
    enterprise_id: Mapped[OwnerFirm]
    product_id: Mapped[uuid.UUID] = part_of("product.id")
    number: Mapped[int] = mapped_column(Integer)
    file: Mapped[str] = mapped_column(String(200))  # under <data_dir>/vision-models
    label: Mapped[str] = mapped_column(String(100))  # engine version and file digest
    state: Mapped[ModelState] = mapped_column(StrEnumType(ModelState))
    origin: Mapped[str] = mapped_column(String(16))  # upload | retrain
    threshold: Mapped[float] = mapped_column(Float)
    # "fit" (the engine's rule on the fit's held-out good parts) or "<target> <rate>"
    # (e.g. "false_alarm_rate 0.01": chosen on the held-out scores the version was judged on)
    threshold_rule: Mapped[str] = mapped_column(String(200))
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    job_id: Mapped[str | None] = mapped_column(String(32), default=None)
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    __table_args__ = (UniqueConstraint("product_id", "number"),)


class QualityAlarm(Base):
    """A run rule fired on a characteristic of a lot: which point, which rule, when."""

    __tablename__ = "quality_alarm"

    id: Mapped[uuid.UUID] = mapped_column(UUIDString, primary_key=True, default=uuid.uuid4)
    lot_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("lot.id", ondelete="CASCADE"), index=True
    )
    characteristic_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("characteristic.id", ondelete="RESTRICT")
    )
    panel: Mapped[str] = mapped_column(String(16))
    point: Mapped[int] = mapped_column(Integer)  # zero-based point of the chart
    subgroup: Mapped[str] = mapped_column(String(40))  # the point's label
    rule: Mapped[str] = mapped_column(String(16))
    value: Mapped[float | None] = mapped_column(Float, default=None)
    fired_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("lot_id", "characteristic_id", "panel", "subgroup", "rule"),)

    dispositions: Mapped[list[AlarmDisposition]] = relationship(
        order_by="AlarmDisposition.created_at", lazy="selectin"
    )

    @property
    def disposition(self) -> AlarmDisposition | None:
        """The latest recorded disposition; None while the alarm is open."""
        return self.dispositions[-1] if self.dispositions else None


class AlarmDisposition(Base):
    """A person's disposition of an alarm, with the reason (append-only; the last counts)."""

    __tablename__ = "alarm_disposition"

    id: Mapped[uuid.UUID] = mapped_column(UUIDString, primary_key=True, default=uuid.uuid4)
    alarm_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("quality_alarm.id", ondelete="CASCADE"), index=True
    )
    decision: Mapped[AlarmDecision] = mapped_column(StrEnumType(AlarmDecision, 8))
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(254))
    decided_by_user_id: Mapped[uuid.UUID | None] = mapped_column(UUIDString, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Certificate(Base):
    """A lot's quality certificate as issued (PDF bytes); a reissue is a new row."""

    __tablename__ = "certificate"

    id: Mapped[uuid.UUID] = mapped_column(UUIDString, primary_key=True, default=uuid.uuid4)
    number: Mapped[str] = mapped_column(String(48), unique=True)
    lot_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("lot.id", ondelete="CASCADE"), index=True
    )
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64))  # of the quality data it shows
    accepted: Mapped[bool] = mapped_column(default=False)
    figures: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by: Mapped[str] = mapped_column(String(254))
