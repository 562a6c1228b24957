"""The quality use cases in one place: plans, measurements and alarms, reading a lot's
quality, visual inspection and certificates (each defined in its own module)."""

from suigang.domains.quality.alarms import dispose_alarm
from suigang.domains.quality.certificates import lot_certificate
from suigang.domains.quality.measurements import (
    correct_measurement,
    list_measurements,
    lot_alarms,
    lot_measurements,
    record_measurements,
    upload_measurements,
)
from suigang.domains.quality.plans import (
    create_inspection_plan,
    get_inspection_plan,
    list_inspection_plans,
    plan_for_product,
)
from suigang.domains.quality.views import (
    LotSummary,
    chart_png,
    list_quality_lots,
    lot_characteristics,
    lot_quality,
    visual_stats,
)
from suigang.domains.quality.vision_models import attach_vision_model
from suigang.domains.quality.visual import (
    list_visual_inspections,
    post_visual_inspection,
    review_visual_inspection,
)

__all__ = [
    "LotSummary",
    "attach_vision_model",
    "chart_png",
    "correct_measurement",
    "create_inspection_plan",
    "dispose_alarm",
    "get_inspection_plan",
    "list_inspection_plans",
    "list_measurements",
    "list_quality_lots",
    "list_visual_inspections",
    "lot_alarms",
    "lot_certificate",
    "lot_characteristics",
    "lot_measurements",
    "lot_quality",
    "plan_for_product",
    "post_visual_inspection",
    "record_measurements",
    "review_visual_inspection",
    "upload_measurements",
    "visual_stats",
]
