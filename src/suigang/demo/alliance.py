"""The demo zone's alliance: a profile for every firm in the script its people write (简体,
繁體 with Hong Kong trade words such as 燒焊, 噴油, 批鋒, or English), membership (two
firms have not joined), declared supply links, and the gaps they leave: the zone's robot
integrator and its equipment maker buy precision reducers and servo motors from outside the
zone, and its factories send salt-spray tests to Hong Kong. Written through the alliance's use
cases as each firm's admin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.demo.firms import ALL_FIRMS
from suigang.domains.alliance import service
from suigang.domains.alliance.models import LinkKind
from suigang.domains.alliance.schemas import ProfileUpdate, SupplyLinkCreate
from suigang.domains.alliance.segments import Segment
from suigang.domains.identity.models import EnterpriseKind, Region, User
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import actor_for_user

S = Segment
EN, HANS, HANT = ("en",), ("zh-Hans",), ("zh-Hant", "yue")


@dataclass(frozen=True, slots=True)
class ProfileSpec:
    segment: Segment | None
    description: str
    processes: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    capacity: int | None = None
    unit: str = ""
    lead_time_days: int | None = None
    member: bool = True


# fmt: off
PROFILES: dict[str, ProfileSpec] = {
    # Hong Kong front shops
    "VHD": ProfileSpec(None, "工業設計、手板及樣辦，小批量試產；為品牌做結構設計同開模跟進。",
                       ("工業設計", "手板"), (), ("zh-Hant", "en", "yue")),
    "LRC": ProfileSpec(None, "Brand owner of smart speakers, chargers and tablets; we buy "
                       "enclosures, PCBA and welded stainless steel stands from zone factories.",
                       (), (), ("en", "zh-Hant")),
    "KBM": ProfileSpec(None, "醫療器械品牌：骨科植入物、輸液泵，需要 ISO 13485 供應商。",
                       (), (), HANT),
    "SKA": ProfileSpec(None, "Hi-fi amplifiers and headphones.", member=False),
    "TWS": ProfileSpec(None, "智能門鎖、家居網關；外殼噴油、絲印外發。", (), (), HANT),
    "KTR": ProfileSpec(S.INDUSTRIAL_ROBOTS, "Collaborative robot joints, harmonic drives and "
                       "grippers: design and prototypes.", ("design",), (), EN),
    "PFW": ProfileSpec(None, "Health wearables: silicone straps, small PCBA, laser marking.",
                       (), (), EN),
    "SMO": ProfileSpec(None, "E-scooter brand: welded aluminium frames, battery packs.",
                       (), (), EN),
    "LTO": ProfileSpec(S.INTELLIGENT_INSPECTION, "機器視覺相機及鏡頭設計。", (), (), HANT),
    # research institutes and service providers
    "VRRI": ProfileSpec(S.INDUSTRIAL_ROBOTS, "機械人控制、智能檢測研究；提供視覺檢測原型及技術轉移"
                        "（TRL 1-4）。", ("機器視覺", "機械人"), (), HANT),
    "SGIL": ProfileSpec(S.INTELLIGENT_INSPECTION, "机器视觉检测中试线，AOI、外观检测算法验证，"
                        "可做盐雾、IP 防护等级测试。", ("机器视觉检测", "盐雾测试"), (), HANS),
    "PRAM": ProfileSpec(S.HIGH_END_EQUIPMENT, "轻合金、工程塑料与增材制造应用研究。",
                        ("增材制造",), ("钛合金", "铝合金"), HANS),
    "KIPM": ProfileSpec(S.INTELLIGENT_INSPECTION, "尺寸計量、三坐標測量及校準研究。",
                        ("三坐標測量", "校準"), (), HANT),
    "SGSC": ProfileSpec(S.SERVICES, "保税仓储、报关、中港车跨境运输（合作区—香港）。",
                        ("报关", "跨境物流", "仓储"), (), HANS, lead_time_days=1),
    "HTC": ProfileSpec(S.SERVICES, "Product testing and certification: salt spray tests, IP "
                       "rating, EMC pre-scans, ISO/IEC 17025 accredited laboratory (HOKLAS).",
                       ("salt spray test", "IP rating", "EMC testing"), (), ("en", "zh-Hant"),
                       lead_time_days=5),
    "YPIS": ProfileSpec(S.SERVICES, "MES 系统集成、设备联网（OPC UA、MQTT）。", ("MES",), (), HANS),
    "CTFA": ProfileSpec(S.SERVICES, "Trade finance and listing advisory.", member=False),
    # zone factories
    "GZPREC": ProfileSpec(S.KEY_COMPONENTS, "Precision CNC machining of aluminium and stainless "
                          "housings and shafts, 5-axis; anodising sent out.",
                          ("CNC machining", "5-axis milling", "turning"), ("aluminium",),
                          ("en", "zh-Hans"), 40000, "pcs", 14),
    "HPEMS": ProfileSpec(S.KEY_COMPONENTS, "SMT and PCBA, conformal coating, box build and test "
                         "(IPC-A-610).", ("SMT", "PCBA", "box build"), (), ("en", "zh-Hans"),
                         200000, "boards", 12),
    "PRMT": ProfileSpec(S.KEY_COMPONENTS, "注塑、嵌件注塑、液态硅胶成型及模具制造。",
                        ("注塑", "模具制造"), ("PC/ABS", "液态硅胶"), HANS, 500000, "pcs", 20),
    "XGRS": ProfileSpec(S.INDUSTRIAL_ROBOTS, "机器人焊接：不锈钢支架、机架、框架的焊接及钣金加工；"
                        "集成焊接机器人工作站。", ("焊接", "钣金", "激光切割"), ("不锈钢", "碳钢"),
                        HANS, 30000, "pcs", 10),
    "DJAP": ProfileSpec(S.KEY_COMPONENTS, "数控车削、铣削动力总成零件，齿轮、减速机壳体及轴类。",
                        ("数控车削", "齿轮加工"), ("45钢",), HANS, 80000, "pcs", 18),
    "KYMD": ProfileSpec(S.HIGH_END_EQUIPMENT, "Contract manufacturing of titanium implants and "
                        "surgical instruments, Swiss-type turning, metal 3D printing.",
                        ("Swiss turning", "metal 3D printing"), ("titanium",), EN, 5000, "pcs", 30),
    "YPSS": ProfileSpec(S.INTELLIGENT_INSPECTION, "传感器模组、贴片及整机测试。",
                        ("贴片", "传感器"), (), HANS, 50000, "modules", 15),
    "HBAM": ProfileSpec(S.HIGH_END_EQUIPMENT, "金屬及尼龍 3D 打印，後處理 CNC 精加工。",
                        ("3D打印", "CNC"), ("鈦合金", "尼龍"), HANT, 800, "parts", 7),
    "HPSM": ProfileSpec(S.KEY_COMPONENTS, "專門燒焊不鏽鋼支架、機架同鐵皮外殼：鐳射切割、折床、"
                        "燒焊、批鋒、噴油一條龍；唔做電鍍。", ("燒焊", "鐳射切割", "折床", "噴油"),
                        ("不鏽鋼", "鐵皮"), HANT, 25000, "pcs", 8),
    "SGOE": ProfileSpec(S.INTELLIGENT_INSPECTION, "光學鏡筒、相機模組組裝及 AOI 檢測。",
                        ("相機模組", "AOI"), (), HANT, 30000, "modules", 21),
    "PRDC": ProfileSpec(S.DAILY_CHEMICALS, "日化包装注塑：瓶盖、泵头、化妆品包材。",
                        ("注塑",), ("PP",), HANS, 2000000, "pcs", 15),
    "XGIE": ProfileSpec(S.HIGH_END_EQUIPMENT, "高端装备：机床床身、主轴、焊接底座的加工与装配。",
                        ("数控加工", "装配"), ("铸铁", "碳钢"), HANS, 300, "sets", 45),
    "DSEA": ProfileSpec(S.KEY_COMPONENTS, "PCB assembly and box build for consumer electronics.",
                        ("SMT", "PCBA"), (), EN, 150000, "boards", 10),
    "NGPT": ProfileSpec(S.KEY_COMPONENTS, "精密模具設計製造、試模；執模、省光。",
                        ("開模", "試模"), ("鋼材",), HANT, 40, "moulds", 35),
}

REDUCER = "精密减速机 precision reducer (harmonic drive)"
# (declaring firm, supplier firm or (outside name, region), customer, item, kind, segment,
# annual value in CNY)
LINKS: tuple[tuple[str, str | tuple[str, Region], str, str, LinkKind, Segment, str], ...] = (
    ("XGRS", ("Kansai Reducer Co. (Japan)", Region.MAINLAND_OTHER), "XGRS",
     REDUCER, LinkKind.COMPONENT, S.KEY_COMPONENTS, "4200000"),
    ("XGIE", ("Kansai Reducer Co. (Japan)", Region.MAINLAND_OTHER), "XGIE",
     REDUCER, LinkKind.COMPONENT, S.KEY_COMPONENTS, "1800000"),
    ("XGRS", ("Rhein Servo GmbH", Region.MAINLAND_OTHER), "XGRS", "servo motor",
     LinkKind.COMPONENT, S.KEY_COMPONENTS, "2600000"),
    ("GZPREC", "HTC", "GZPREC", "salt spray testing", LinkKind.SERVICE, S.SERVICES, "180000"),
    ("HPEMS", "HTC", "HPEMS", "salt spray testing", LinkKind.SERVICE, S.SERVICES, "95000"),
    ("XGIE", "HPSM", "XGIE", "welded machine bases", LinkKind.SUBCONTRACT, S.KEY_COMPONENTS,
     "1200000"),
    ("GZPREC", "SGSC", "GZPREC", "cross-border logistics", LinkKind.SERVICE, S.SERVICES, "360000"),
    ("YPIS", "YPIS", "PRMT", "MES integration", LinkKind.SERVICE, S.SERVICES, "450000"),
    ("XGRS", "DJAP", "XGRS", "machined shafts", LinkKind.COMPONENT, S.KEY_COMPONENTS, "700000"),
    ("HPSM", "HPSM", "LRC", "welded stainless steel stands", LinkKind.COMPONENT, S.KEY_COMPONENTS,
     "520000"),
)
# fmt: on


def _admins(session: Session) -> dict[str, Actor]:
    emails = {
        f.key: next(u.email for u in f.users if u.role.value == "admin")
        for f in ALL_FIRMS
        if f.users and f.kind is not EnterpriseKind.ZONE_OFFICE
    }
    users = {
        u.email: u for u in session.scalars(select(User).where(User.email.in_(emails.values())))
    }
    return {key: actor_for_user(users[e]) for key, e in emails.items() if e in users}


def seed_alliance(session: Session, *, epoch: datetime) -> tuple[int, int]:
    """Profiles, memberships and declared links; (members, links), (0, 0) without the firms."""
    actors = _admins(session)
    if not all(key in actors for key in PROFILES):
        return 0, 0
    members = 0
    for day, (key, spec) in enumerate(PROFILES.items()):
        at = epoch - timedelta(days=60 - day)
        data = ProfileUpdate(
            segment=spec.segment, description=spec.description, processes=list(spec.processes),
            materials=list(spec.materials), languages=list(spec.languages),
            capacity=spec.capacity, capacity_unit=spec.unit, lead_time_days=spec.lead_time_days,
        )  # fmt: skip
        service.update_profile(session, actor=actors[key], data=data, now=at)
        if spec.member:
            service.set_membership(session, actor=actors[key], member=True, now=at)
            members += 1
    ids = {key: a.enterprise_id for key, a in actors.items()}
    for declarer, supplier, customer, item, kind, segment, value in LINKS:
        service.declare_link(
            session,
            actor=actors[declarer],
            data=SupplyLinkCreate(
                supplier_id=None if isinstance(supplier, tuple) else ids[supplier],
                supplier_name=supplier[0] if isinstance(supplier, tuple) else "",
                supplier_region=supplier[1] if isinstance(supplier, tuple) else None,
                customer_id=ids[customer], item=item, kind=kind, segment=segment,
                annual_value_cny=Decimal(value),
            ),
            now=epoch - timedelta(days=10),
        )  # fmt: skip
    return members, len(LINKS)
