"""The demo zone's firms: Hong Kong front shops, zone factories, institutes and services.

The firms are invented; the places are real. Zone firms sit in the parts of the
cooperation zone named by its implementation plan (粤大湾区〔2021〕2号): the smart
manufacturing cooperation park on the Guangzhou Development District West Zone (广州开发区
西区), and the science and technology innovation cooperation park on the Yunpu Industrial
Zone (云埔工业区), filed under the regions ``zone_west`` and ``zone_yunpu``; firms by
Huangpu port sit in the West Zone's park too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from suigang.domains.identity.models import EnterpriseKind, Region, Role

WEST_ZONE = "广州市黄埔区 广州开发区西区（穗港智能制造合作园区）"
YUNPU = "广州市黄埔区 云埔工业区（穗港科技创新合作园区）"
PORT = "广州市黄埔区 黄埔港（穗港智能制造合作园区）"


@dataclass(frozen=True, slots=True)
class UserSpec:
    email: str
    full_name: str
    role: Role
    language: str


@dataclass(frozen=True, slots=True)
class WorkCenterSpec:
    """A line or cell: its code is the Sparkplug edge node id of its machines."""

    code: str
    name: str
    machines: tuple[tuple[str, int], ...]  # (machine type key, count)


@dataclass(frozen=True, slots=True)
class FirmSpec:
    key: str  # short code; for a factory also its Sparkplug group id
    kind: EnterpriseKind
    name_en: str
    name_zh_hans: str
    name_zh_hant: str
    region: Region
    address: str
    description: str
    hk_invested: bool = False
    users: tuple[UserSpec, ...] = ()
    work_centers: tuple[WorkCenterSpec, ...] = ()
    materials: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()
    rfq_weight: int = field(default=1)  # how often a front shop asks for quotes


def _u(email: str, name: str, role: Role = Role.ADMIN, lang: str = "en") -> UserSpec:
    return UserSpec(email, name, role, lang)


def _wc(code: str, name: str, *machines: tuple[str, int]) -> WorkCenterSpec:
    return WorkCenterSpec(code, name, machines)


FS, FA = EnterpriseKind.FRONT_SHOP, EnterpriseKind.FACTORY
RI, SP = EnterpriseKind.RESEARCH_INSTITUTE, EnterpriseKind.SERVICE_PROVIDER
HK, HPP, OTHER = Region.HONG_KONG, Region.ZONE_WEST, Region.ZONE_YUNPU
MEMBER = Role.MEMBER

# fmt: off

ZONE_OFFICE = FirmSpec(
    "ZONE", EnterpriseKind.ZONE_OFFICE,
    "Sui-Gang Smart Manufacturing Cooperation Zone Office",
    "穗港智造合作区管理办公室", "穗港智造合作區管理辦公室", HPP, WEST_ZONE,
    "Administers the 56.39 km² Guangzhou Sui-Gang smart manufacturing cooperation zone: "
    "project admission, the industry chain, and the cluster's 2035 target.",
    users=(_u("zone.office@demo.suigang", "Li Jianhua 李建华", Role.ZONE_ADMIN, "zh-Hans"),),
)

FRONT_SHOPS: tuple[FirmSpec, ...] = (
    FirmSpec(
        "VHD", FS, "Victoria Harbour Industrial Design Ltd.",
        "维港工业设计有限公司", "維港工業設計有限公司", HK, "Wong Chuk Hang, Hong Kong",
        "Industrial design house: product design, prototypes and pilot runs for brands.",
        users=(
            _u("hk.design@demo.suigang", "Chan Ka-yan 陳嘉欣", lang="zh-Hant"),
            _u("hk.design.engineer@demo.suigang", "Wong Tsz-hin 黃梓軒", MEMBER),
        ),
        rfq_weight=6,
    ),
    FirmSpec(
        "LRC", FS, "Lion Rock Consumer Electronics Ltd.",
        "狮子山消费电子有限公司", "獅子山消費電子有限公司", HK, "Kwun Tong, Kowloon, Hong Kong",
        "Brand owner of smart speakers, chargers and tablets sold across Asia.",
        users=(
            _u("hk.brand@demo.suigang", "Lee Wing-sze 李詠詩", lang="en"),
            _u("hk.brand.buyer@demo.suigang", "Ho Chun-kit 何俊傑", MEMBER, "zh-Hant"),
        ),
        rfq_weight=6,
    ),
    FirmSpec(
        "KBM", FS, "Kowloon Bay Medical Devices Ltd.",
        "九龙湾医疗器械有限公司", "九龍灣醫療器械有限公司", HK, "Kowloon Bay, Kowloon, Hong Kong",
        "Brand owner of orthopaedic implants, infusion pumps and patient monitors.",
        users=(_u("kbm.admin@demo.suigang", "Cheung Mei-ling 張美玲", lang="zh-Hant"),),
        rfq_weight=3,
    ),
    FirmSpec(
        "SKA", FS, "Sai Kung Audio Ltd.", "西贡音响有限公司", "西貢音響有限公司", HK,
        "Kwai Chung, New Territories, Hong Kong", "Hi-fi amplifiers, DACs and headphones.",
        users=(_u("ska.admin@demo.suigang", "Lam Chi-keung 林志強"),),
        rfq_weight=2,
    ),
    FirmSpec(
        "TWS", FS, "Tsuen Wan Smart Home Ltd.", "荃湾智能家居有限公司", "荃灣智能家居有限公司",
        HK, "Tsuen Wan, New Territories, Hong Kong",
        "Smart locks, home gateways and sensors for property developers.",
        users=(_u("tws.admin@demo.suigang", "Ng Hoi-yan 吳凱欣", lang="zh-Hant"),),
        rfq_weight=3,
    ),
    FirmSpec(
        "KTR", FS, "Kwun Tong Robotics Design Ltd.", "观塘机器人设计有限公司",
        "觀塘機器人設計有限公司", HK, "Kwun Tong, Kowloon, Hong Kong",
        "R&D lab designing collaborative robot joints, drives and grippers.",
        users=(_u("ktr.admin@demo.suigang", "Yip Ho-yin 葉浩然"),),
        rfq_weight=3,
    ),
    FirmSpec(
        "PFW", FS, "Pok Fu Lam Wearables Lab Ltd.", "薄扶林穿戴科技实验室有限公司",
        "薄扶林穿戴科技實驗室有限公司", HK, "Pok Fu Lam, Hong Kong Island",
        "R&D lab and brand for health wearables.",
        users=(_u("pfw.admin@demo.suigang", "Tsang Wai-man 曾慧敏"),),
        rfq_weight=2,
    ),
    FirmSpec(
        "SMO", FS, "Shatin Mobility Ltd.", "沙田智能出行有限公司", "沙田智能出行有限公司", HK,
        "Sha Tin, New Territories, Hong Kong", "E-scooter and light electric vehicle brand.",
        users=(_u("smo.admin@demo.suigang", "Kwok Siu-fung 郭少峰"),),
        rfq_weight=2,
    ),
    FirmSpec(
        "LTO", FS, "Lantau Optics Ltd.", "大屿山光学有限公司", "大嶼山光學有限公司", HK,
        "Tung Chung, Lantau Island, Hong Kong", "Machine-vision cameras and optics design.",
        users=(_u("lto.admin@demo.suigang", "Fung Pui-shan 馮佩珊", lang="zh-Hant"),),
        rfq_weight=2,
    ),
)

INSTITUTES_AND_SERVICES: tuple[FirmSpec, ...] = (
    FirmSpec(
        "VRRI", RI, "Victoria Robotics Research Institute", "维多利亚机器人研究院",
        "維多利亞機器人研究院", HK, "Sha Tin, New Territories, Hong Kong",
        "Research on robot control and intelligent inspection (TRL 1-4).",
        users=(
            _u("hk.research@demo.suigang", "Dr. Leung Ka-wai 梁家偉", lang="zh-Hant"),
            _u("hk.research.fellow@demo.suigang", "Dr. Mak Hoi-ting 麥凱婷", MEMBER),
        ),
    ),
    FirmSpec(
        "SGIL", RI, "Sui-Gang Joint Laboratory for Intelligent Inspection",
        "穗港智能检测联合实验室", "穗港智能檢測聯合實驗室", OTHER, YUNPU,
        "Pilot lines for machine-vision inspection, shared by Hong Kong and zone members.",
        users=(_u("sgil.admin@demo.suigang", "Gao Ming 高明", lang="zh-Hans"),),
    ),
    FirmSpec(
        "PRAM", RI, "Pearl River Institute of Advanced Materials", "珠江先进材料研究院",
        "珠江先進材料研究院", OTHER, YUNPU,
        "Applied research on light alloys, engineering polymers and additive manufacturing.",
        users=(_u("pram.admin@demo.suigang", "Su Lan 苏岚", lang="zh-Hans"),),
    ),
    FirmSpec(
        "KIPM", RI, "Kowloon Institute of Precision Metrology", "九龙精密计量研究所",
        "九龍精密計量研究所", HK, "Kowloon Tong, Kowloon, Hong Kong",
        "Dimensional metrology and calibration research.",
        users=(_u("kipm.admin@demo.suigang", "Dr. Chow Man-kit 周文傑", lang="zh-Hant"),),
    ),
    FirmSpec(
        "SGSC", SP, "Sui-Gang Cross-Border Supply Chain Co., Ltd.", "穗港跨境供应链有限公司",
        "穗港跨境供應鏈有限公司", HPP, PORT,
        "Bonded logistics and customs clearance between the zone and Hong Kong.",
        users=(_u("sgsc.admin@demo.suigang", "Liu Yang 刘洋", lang="zh-Hans"),),
    ),
    FirmSpec(
        "HTC", SP, "Harbour Testing & Certification (HK) Ltd.", "港湾检测认证（香港）有限公司",
        "港灣檢測認證（香港）有限公司", HK, "Tsing Yi, New Territories, Hong Kong",
        "Product testing and management-system certification.",
        users=(
            _u("hk.services@demo.suigang", "Siu Wing-yan 蕭詠欣"),
            _u("hk.services.engineer@demo.suigang", "Lo Ka-ho 盧家豪", MEMBER, "zh-Hant"),
        ),
    ),
    FirmSpec(
        "YPIS", SP, "Yunpu Industrial Software Co., Ltd.", "云埔工业软件有限公司",
        "雲埔工業軟件有限公司", OTHER, YUNPU,
        "MES integration and machine connectivity for zone factories.",
        users=(_u("ypis.admin@demo.suigang", "Xie Fang 谢芳", lang="zh-Hans"),),
    ),
    FirmSpec(
        "CTFA", SP, "Central Trade Finance Advisory Ltd.", "中环贸易融资顾问有限公司",
        "中環貿易融資顧問有限公司", HK, "Central, Hong Kong Island",
        "Trade finance and listing advisory for zone manufacturers.",
        users=(_u("ctfa.admin@demo.suigang", "Tam Chi-ming 譚志明"),),
    ),
)

_ISO = ("iso9001", "iso14001")

FACTORIES: tuple[FirmSpec, ...] = (
    FirmSpec(
        "GZPREC", FA, "Sui-Gang Precision Manufacturing (Guangzhou) Co., Ltd.",
        "穗港精密制造（广州）有限公司", "穗港精密製造（廣州）有限公司", HPP, WEST_ZONE,
        "Hong Kong-invested precision machining: housings, shafts and sheet-metal parts.",
        hk_invested=True,
        users=(
            _u("gz.precision@demo.suigang", "Zhou Wenjie 周文杰", lang="zh-Hans"),
            _u("gz.precision.planner@demo.suigang", "Huang Xiaoyan 黄晓燕", MEMBER, "zh-Hans"),
        ),
        work_centers=(
            _wc("CNC5", "5-axis machining cell", ("mc5", 4)),
            _wc("CNC3", "3-axis machining line", ("mc3", 6)),
            _wc("TURN", "Turning cell", ("lathe", 3), ("turnmill", 1)),
            _wc("DEBURR", "Robotic deburring cell", ("rb_deburr", 3)),
            _wc("SHEET", "Sheet-metal line", ("laser_cut", 2), ("rb_bend", 2), ("rb_weld", 2)),
            _wc("MARK", "Laser marking", ("laser_mark", 1)),
            _wc("QC", "Metrology room", ("cmm", 3)),
            _wc("ASSY", "Precision assembly", ("assy", 2)),
        ),
        materials=("al6061", "al7075", "ss304", "ss316l", "c45", "brass", "spcc", "al5052"),
        certifications=(*_ISO, "iatf16949", "iso45001"),
    ),
    FirmSpec(
        "HPEMS", FA, "Huangpu Electronics Manufacturing Services (Guangzhou) Co., Ltd.",
        "黄埔电子制造服务（广州）有限公司", "黃埔電子製造服務（廣州）有限公司", HPP, WEST_ZONE,
        "Hong Kong-invested EMS: PCB assembly, coating, test and box build.",
        hk_invested=True,
        users=(_u("hpems.admin@demo.suigang", "Chen Guoqiang 陈国强", lang="zh-Hans"),),
        work_centers=(
            *(_wc(f"SMT{n}", f"SMT line {n}", ("smt", 1), ("aoi", 1)) for n in range(1, 5)),
            _wc("COAT", "Conformal coating", ("rb_coat", 2)),
            _wc("BOX", "Box build and test", ("box", 3)),
        ),
        materials=("fr4",),
        certifications=(*_ISO, "iatf16949", "iso13485", "ipc_a_610"),
    ),
    FirmSpec(
        "PRMT", FA, "Pearl River Molding Technology (Guangzhou) Co., Ltd.",
        "珠江模塑科技（广州）有限公司", "珠江模塑科技（廣州）有限公司", HPP, WEST_ZONE,
        "Hong Kong-invested plastic injection molding, insert molding and mold making.",
        hk_invested=True,
        users=(_u("prmt.admin@demo.suigang", "Liang Weiming 梁伟明", lang="zh-Hans"),),
        work_centers=(
            _wc("IMM-A", "Molding hall A (90-280 t)", ("imm", 5)),
            _wc("IMM-B", "Molding hall B (350-650 t)", ("imm", 3), ("imm_insert", 2)),
            _wc("TRIM", "Robotic degating", ("rb_deburr", 2)),
            _wc("VIS", "Vision inspection", ("vision", 2)),
            _wc("TOOL", "Tool room", ("mc3", 2), ("cmm", 1)),
        ),
        materials=("pc_abs", "pc", "pa66_gf30", "pp", "lsr"),
        certifications=(*_ISO, "iso13485"),
    ),
    FirmSpec(
        "XGRS", FA, "Xigang Robotic Systems Integration (Guangzhou) Co., Ltd.",
        "西港机器人系统集成（广州）有限公司", "西港機器人系統集成（廣州）有限公司", HPP, WEST_ZONE,
        "Robotic welding and sheet-metal fabrication; builds robot cells for the zone.",
        users=(_u("xgrs.admin@demo.suigang", "Wu Haitao 吴海涛", lang="zh-Hans"),),
        work_centers=(
            _wc("LASER", "Laser cutting", ("laser_cut", 2)),
            _wc("BEND", "Robotic bending", ("rb_bend", 2)),
            _wc("WELD", "Robotic welding", ("rb_weld", 4)),
            _wc("FIN", "Finishing", ("rb_deburr", 2)),
            _wc("ASSY", "Assembly", ("assy", 3)),
            _wc("QC", "Quality lab", ("cmm", 1)),
        ),
        materials=("spcc", "ss304", "al5052"),
        certifications=(*_ISO,),
    ),
    FirmSpec(
        "DJAP", FA, "Dongjiang Auto Parts (Guangzhou) Co., Ltd.",
        "东江汽车零部件（广州）有限公司", "東江汽車零部件（廣州）有限公司", HPP, WEST_ZONE,
        "Hong Kong-invested supplier of turned and machined powertrain parts.",
        hk_invested=True,
        users=(_u("djap.admin@demo.suigang", "Lin Zhiyong 林志勇", lang="zh-Hans"),),
        work_centers=(
            _wc("TURN-A", "Turning line A", ("lathe", 4), ("turnmill", 2)),
            _wc("TURN-B", "Swiss-type turning", ("swiss", 2), ("lathe", 2)),
            _wc("MILL", "Machining line", ("mc3", 4)),
            _wc("DEBURR", "Deburring", ("rb_deburr", 2)),
            _wc("QC", "Metrology", ("cmm", 2)),
        ),
        materials=("c45", "ss304", "al6061", "brass"),
        certifications=(*_ISO, "iatf16949"),
    ),
    FirmSpec(
        "KYMD", FA, "Kaiyuan Medical Device Manufacturing (Guangzhou) Co., Ltd.",
        "开源医疗器械制造（广州）有限公司", "開源醫療器械製造（廣州）有限公司", OTHER, YUNPU,
        "Hong Kong-invested contract manufacturer of implants and surgical instruments.",
        hk_invested=True,
        users=(_u("kymd.admin@demo.suigang", "Xu Jing 许静", lang="zh-Hans"),),
        work_centers=(
            _wc("SWISS", "Swiss-type turning", ("swiss", 4)),
            _wc("MILL", "5-axis machining", ("mc5", 2)),
            _wc("AM", "Metal printing", ("am_metal", 2)),
            _wc("FIN", "Finishing", ("rb_deburr", 1), ("laser_mark", 2)),
            _wc("QC", "Metrology", ("cmm", 2)),
        ),
        materials=("ti64", "ss316l", "ss304"),
        certifications=(*_ISO, "iso13485"),
    ),
    FirmSpec(
        "YPSS", FA, "Yunpu Smart Sensing Technology Co., Ltd.",
        "云埔智能传感科技有限公司", "雲埔智能傳感科技有限公司", OTHER, YUNPU,
        "Sensor modules and PCB assembly for smart-home and industrial customers.",
        users=(_u("ypss.admin@demo.suigang", "Zhang Lei 张磊", lang="zh-Hans"),),
        work_centers=(
            *(_wc(f"SMT{n}", f"SMT line {n}", ("smt", 1), ("aoi", 1)) for n in range(1, 3)),
            _wc("COAT", "Conformal coating", ("rb_coat", 1)),
            _wc("BOX", "Box build and test", ("box", 2)),
        ),
        materials=("fr4",),
        certifications=(*_ISO, "ipc_a_610"),
    ),
    FirmSpec(
        "HBAM", FA, "Harbour Additive Manufacturing (Guangzhou) Co., Ltd.",
        "港湾增材制造（广州）有限公司", "港灣增材製造（廣州）有限公司", OTHER, YUNPU,
        "Hong Kong-invested metal and polymer 3D printing with finish machining.",
        hk_invested=True,
        users=(_u("hbam.admin@demo.suigang", "Tang Yuxuan 唐雨轩", lang="zh-Hans"),),
        work_centers=(
            _wc("LPBF", "Metal printing", ("am_metal", 4)),
            _wc("SLS", "Polymer printing", ("am_polymer", 3)),
            _wc("POST", "Post-processing", ("mc5", 2), ("rb_deburr", 1)),
            _wc("QC", "Inspection", ("cmm", 1), ("vision", 1)),
        ),
        materials=("ti64", "alsi10mg", "ss316l", "pa12"),
        certifications=(*_ISO, "as9100", "iso13485"),
    ),
    FirmSpec(
        "HPSM", FA, "Huangpu Sheet Metal & Laser Technology Co., Ltd.",
        "黄埔钣金激光科技有限公司", "黃埔鈑金激光科技有限公司", HPP, PORT,
        "Laser cutting, robotic bending and welding of enclosures and frames.",
        users=(_u("hpsm.admin@demo.suigang", "He Jun 何军", lang="zh-Hans"),),
        work_centers=(
            _wc("LASER", "Laser cutting", ("laser_cut", 4)),
            _wc("BEND", "Robotic bending", ("rb_bend", 3)),
            _wc("WELD", "Robotic welding", ("rb_weld", 3), ("rb_deburr", 1)),
            _wc("ASSY", "Assembly", ("assy", 2)),
        ),
        materials=("spcc", "ss304", "al5052"),
        certifications=(*_ISO,),
    ),
    FirmSpec(
        "SGOE", FA, "Sui-Gang Optoelectronics (Guangzhou) Co., Ltd.",
        "穗港光电科技（广州）有限公司", "穗港光電科技（廣州）有限公司", HPP, WEST_ZONE,
        "Hong Kong-invested optics and camera modules: lens barrels, boards, final assembly.",
        hk_invested=True,
        users=(_u("sgoe.admin@demo.suigang", "Luo Min 罗敏", lang="zh-Hans"),),
        work_centers=(
            *(_wc(f"SMT{n}", f"SMT line {n}", ("smt", 1), ("aoi", 1)) for n in range(1, 3)),
            _wc("COAT", "Conformal coating", ("rb_coat", 1)),
            _wc("MECH", "Mechanical parts", ("lathe", 2), ("mc3", 2), ("rb_deburr", 1)),
            _wc("MOLD", "Molding", ("imm", 2), ("vision", 1)),
            _wc("QC", "Metrology", ("cmm", 1)),
            _wc("BOX", "Final assembly", ("box", 2)),
        ),
        materials=("al6061", "brass", "pc", "fr4"),
        certifications=(*_ISO,),
    ),
    FirmSpec(
        "PRDC", FA, "Pearl River Daily Chemical Packaging (Guangzhou) Co., Ltd.",
        "珠江日化包装（广州）有限公司", "珠江日化包裝（廣州）有限公司", HPP, WEST_ZONE,
        "Hong Kong-invested molded packaging for the West Zone's daily-chemical makers.",
        hk_invested=True,
        users=(_u("prdc.admin@demo.suigang", "Deng Lihua 邓丽华", lang="zh-Hans"),),
        work_centers=(
            _wc("IMM", "Molding hall", ("imm", 6)),
            _wc("TRIM", "Degating", ("rb_deburr", 1)),
            _wc("VIS", "Vision inspection", ("vision", 2)),
            _wc("PACK", "Palletizing", ("rb_pallet", 2)),
        ),
        materials=("pp", "pc"),
        certifications=(*_ISO,),
    ),
    FirmSpec(
        "XGIE", FA, "Xiagang Intelligent Equipment Manufacturing Co., Ltd.",
        "夏港智能装备制造有限公司", "夏港智能裝備製造有限公司", HPP, WEST_ZONE,
        "High-end equipment maker: machined frames, spindles and welded bases.",
        users=(_u("xgie.admin@demo.suigang", "Feng Dawei 冯大伟", lang="zh-Hans"),),
        work_centers=(
            _wc("MILL", "Machining", ("mc5", 2), ("mc3", 3)),
            _wc("TURN", "Turning", ("lathe", 2)),
            _wc("FAB", "Fabrication", ("laser_cut", 1), ("rb_bend", 1), ("rb_weld", 2)),
            _wc("FIN", "Finishing", ("rb_deburr", 1)),
            _wc("ASSY", "Assembly", ("assy", 2)),
            _wc("QC", "Metrology", ("cmm", 1)),
        ),
        materials=("c45", "ss304", "al6061", "spcc"),
        certifications=(*_ISO, "iso45001"),
    ),
    FirmSpec(
        "DSEA", FA, "Dasha Electronics Assembly (Guangzhou) Co., Ltd.",
        "大沙电子组装（广州）有限公司", "大沙電子組裝（廣州）有限公司", HPP, PORT,
        "Hong Kong-invested PCB assembly and box build for consumer electronics brands.",
        hk_invested=True,
        users=(_u("dsea.admin@demo.suigang", "Ye Qing 叶青", lang="zh-Hans"),),
        work_centers=(
            *(_wc(f"SMT{n}", f"SMT line {n}", ("smt", 1), ("aoi", 1)) for n in range(1, 4)),
            _wc("COAT", "Conformal coating", ("rb_coat", 1)),
            _wc("BOX", "Box build and test", ("box", 2)),
        ),
        materials=("fr4",),
        certifications=(*_ISO,),
    ),
    FirmSpec(
        "NGPT", FA, "Nangang Precision Tooling (Guangzhou) Co., Ltd.",
        "南岗精密模具（广州）有限公司", "南崗精密模具（廣州）有限公司", OTHER, YUNPU,
        "Hong Kong-invested mold maker with machining and molding trial capacity.",
        hk_invested=True,
        users=(_u("ngpt.admin@demo.suigang", "Pan Jianguo 潘建国", lang="zh-Hans"),),
        work_centers=(
            _wc("MILL", "Mold machining", ("mc5", 2), ("mc3", 2)),
            _wc("TURN", "Turning", ("lathe", 1)),
            _wc("TRY", "Mold trial", ("imm", 2), ("rb_deburr", 1), ("vision", 1)),
            _wc("QC", "Metrology", ("cmm", 1)),
        ),
        materials=("al7075", "ss304", "pc_abs", "pa66_gf30"),
        certifications=(*_ISO,),
    ),
)

# fmt: on

ALL_FIRMS: tuple[FirmSpec, ...] = (ZONE_OFFICE, *FRONT_SHOPS, *INSTITUTES_AND_SERVICES, *FACTORIES)

DEMO_FACTORY = "GZPREC"
HEADLINE_EMAILS = (
    "hk.design@demo.suigang",
    "hk.brand@demo.suigang",
    "hk.research@demo.suigang",
    "hk.services@demo.suigang",
    "gz.precision@demo.suigang",
    "zone.office@demo.suigang",
)
