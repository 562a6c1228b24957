"""Where a firm sits: the five segments of the smart-manufacturing cluster
(`suigang.domains.zone.segments`, which admission and the cluster figures use) and the zone's
two traditional pillars (daily chemicals, food and beverage), which firms of the alliance
belong to but projects and the cluster's figures do not count."""

from __future__ import annotations

from enum import StrEnum

from suigang.domains.zone import segments as zone


class Segment(StrEnum):
    """Where a firm, a supply link or a project sits in the zone's industry chain."""

    INDUSTRIAL_ROBOTS = "industrial_robots"  # 工业机器人
    HIGH_END_EQUIPMENT = "high_end_equipment"  # 高端装备
    INTELLIGENT_INSPECTION = "intelligent_inspection"  # 智能检测
    KEY_COMPONENTS = "key_components"  # 关键零部件
    SERVICES = "services"  # 生产性服务
    DAILY_CHEMICALS = "daily_chemicals"  # 日化（传统支柱）
    FOOD_AND_BEVERAGE = "food_and_beverage"  # 食品饮料（传统支柱）


#: The five segments of the smart-manufacturing chain, in the order the zone shows them.
CHAIN_SEGMENTS: tuple[Segment, ...] = (
    Segment.INDUSTRIAL_ROBOTS,
    Segment.HIGH_END_EQUIPMENT,
    Segment.INTELLIGENT_INSPECTION,
    Segment.KEY_COMPONENTS,
    Segment.SERVICES,
)

#: Names in 简体, 繁體 and English (the UI's labels read these too).
SEGMENT_NAMES: dict[Segment, tuple[str, str, str]] = {
    **{Segment(s.value): names for s, names in zone.SEGMENT_NAMES.items()},
    Segment.DAILY_CHEMICALS: ("日化", "日化", "Daily chemicals"),
    Segment.FOOD_AND_BEVERAGE: ("食品饮料", "食品飲料", "Food and beverage"),
}
