"""The zone's industry segments, in one place for admission, the cluster figures and schemes.

The five segments of the zone's smart-manufacturing cluster: the three cooperation fields of
the zone's implementation plan (industrial robots, high-end equipment, intelligent
inspection, 工业机器人、高端装备、智能检测), the key components they are built from, and the
producer services that Hong Kong brings (生产性服务业).
"""

from __future__ import annotations

from enum import StrEnum

from suigang.domains.common import in_language


class Segment(StrEnum):
    INDUSTRIAL_ROBOTS = "industrial_robots"
    HIGH_END_EQUIPMENT = "high_end_equipment"
    INTELLIGENT_INSPECTION = "intelligent_inspection"
    KEY_COMPONENTS = "key_components"
    SERVICES = "services"


#: Each segment's name: (zh-Hans, zh-Hant, en).
SEGMENT_NAMES: dict[Segment, tuple[str, str, str]] = {
    Segment.INDUSTRIAL_ROBOTS: ("工业机器人", "工業機械人", "Industrial robots"),
    Segment.HIGH_END_EQUIPMENT: ("高端装备", "高端裝備", "High-end equipment"),
    Segment.INTELLIGENT_INSPECTION: ("智能检测", "智能檢測", "Intelligent inspection"),
    Segment.KEY_COMPONENTS: ("关键零部件", "關鍵零部件", "Key components"),
    Segment.SERVICES: ("生产性服务", "生產性服務", "Producer services"),
}


def segment_name(segment: Segment | str, lang: str) -> str:
    """A segment's name in ``zh-Hans``, ``zh-Hant`` or ``en`` (an unknown one as given)."""
    try:
        names = SEGMENT_NAMES[Segment(segment)]
    except ValueError:
        return str(segment)
    return in_language(lang, *names)


def parse_segment(value: str, *, where: str = "segment") -> Segment:
    """A segment from its id or any of its names; ``ValueError`` naming the choices."""
    text = value.strip()
    for seg, names in SEGMENT_NAMES.items():
        if text.lower() == seg.value or text in names or text.lower() == names[2].lower():
            return seg
    choices = ", ".join(s.value for s in Segment)
    raise ValueError(f"{where} {value!r} is not one of {choices}")
