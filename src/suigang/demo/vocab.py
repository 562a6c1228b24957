"""The demo zone's shared vocabulary: processes, materials, certifications, machine types.

Every term a person reads carries its English, Simplified and Traditional Chinese names, so
capability search and the three-language UI have real text to work on.
"""

from __future__ import annotations

from dataclasses import dataclass

from suigang.domains.catalog.models import MachineKind


@dataclass(frozen=True, slots=True)
class Term:
    """One capability term in three languages."""

    code: str
    en: str
    zh_hans: str
    zh_hant: str


def _terms(*rows: tuple[str, str, str, str]) -> dict[str, Term]:
    return {row[0]: Term(*row) for row in rows}


PROCESSES: dict[str, Term] = _terms(
    ("milling_3axis", "3-axis CNC milling", "三轴数控铣削", "三軸數控銑削"),
    ("milling_5axis", "5-axis CNC milling", "五轴数控铣削", "五軸數控銑削"),
    ("drilling_tapping", "Drilling and tapping", "钻孔攻丝", "鑽孔攻絲"),
    ("turning", "CNC turning", "数控车削", "數控車削"),
    ("swiss_turning", "Swiss-type turning", "走心机车削", "走心機車削"),
    ("deburring", "Robotic deburring and polishing", "机器人去毛刺与抛光", "機器人去毛刺與拋光"),
    ("welding", "Robotic welding", "机器人焊接", "機器人焊接"),
    ("bending", "Robotic press-brake bending", "机器人数控折弯", "機器人數控折彎"),
    ("conformal_coating", "Selective conformal coating", "选择性三防漆涂覆", "選擇性三防漆塗覆"),
    ("palletizing", "Robotic palletizing", "机器人码垛", "機器人碼垛"),
    ("smt_placement", "SMT placement", "SMT贴片", "SMT貼片"),
    ("reflow_soldering", "Reflow soldering", "回流焊接", "回流焊接"),
    ("aoi", "Automated optical inspection (AOI)", "自动光学检测（AOI）", "自動光學檢測（AOI）"),
    (
        "visual_inspection",
        "Machine-vision surface inspection",
        "机器视觉外观检测",
        "機器視覺外觀檢測",
    ),
    ("cmm_inspection", "CMM inspection", "三坐标测量检测", "三坐標測量檢測"),
    ("injection_molding", "Injection molding", "注塑成型", "注塑成型"),
    ("insert_molding", "Insert molding", "嵌件注塑", "嵌件注塑"),
    ("laser_cutting", "Fiber laser cutting", "光纤激光切割", "光纖激光切割"),
    ("laser_marking", "Laser marking (UDI)", "激光打标（UDI）", "激光打標（UDI）"),
    ("assembly", "Mechanical assembly", "机械装配", "機械裝配"),
    ("functional_test", "Functional test", "功能测试", "功能測試"),
    ("box_build", "Box build and packing", "整机组装与包装", "整機組裝與包裝"),
    (
        "metal_am",
        "Metal 3D printing (LPBF)",
        "金属3D打印（激光粉末床熔融）",
        "金屬3D打印（激光粉末床熔融）",
    ),
    (
        "polymer_am",
        "Polymer 3D printing (SLS)",
        "高分子3D打印（选择性激光烧结）",
        "高分子3D打印（選擇性激光燒結）",
    ),
)

MATERIALS: dict[str, Term] = _terms(
    ("al6061", "Aluminium alloy 6061-T6", "6061-T6铝合金", "6061-T6鋁合金"),
    ("al7075", "Aluminium alloy 7075-T6", "7075-T6铝合金", "7075-T6鋁合金"),
    ("ss304", "Stainless steel 304", "304不锈钢", "304不鏽鋼"),
    ("ss316l", "Stainless steel 316L", "316L不锈钢", "316L不鏽鋼"),
    ("ti64", "Titanium alloy Ti-6Al-4V", "TC4钛合金（Ti-6Al-4V）", "TC4鈦合金（Ti-6Al-4V）"),
    ("c45", "Carbon steel C45", "45号钢", "45號鋼"),
    ("spcc", "Cold-rolled steel sheet SPCC", "SPCC冷轧钢板", "SPCC冷軋鋼板"),
    ("al5052", "Aluminium sheet 5052-H32", "5052-H32铝板", "5052-H32鋁板"),
    ("brass", "Free-cutting brass C3604", "C3604易切削黄铜", "C3604易切削黃銅"),
    ("pc_abs", "PC/ABS blend", "PC/ABS合金塑料", "PC/ABS合金塑料"),
    ("pc", "Polycarbonate (PC)", "聚碳酸酯（PC）", "聚碳酸酯（PC）"),
    ("pa66_gf30", "PA66-GF30", "PA66加30%玻纤", "PA66加30%玻纖"),
    ("pp", "Polypropylene (PP)", "聚丙烯（PP）", "聚丙烯（PP）"),
    ("lsr", "Liquid silicone rubber (LSR)", "液体硅橡胶（LSR）", "液體矽橡膠（LSR）"),
    ("fr4", "FR-4 printed circuit boards", "FR-4印制电路板", "FR-4印製電路板"),
    ("alsi10mg", "AlSi10Mg powder", "AlSi10Mg铝合金粉末", "AlSi10Mg鋁合金粉末"),
    ("pa12", "PA12 powder", "PA12尼龙粉末", "PA12尼龍粉末"),
)

CERTIFICATIONS: dict[str, Term] = _terms(
    ("iso9001", "ISO 9001 quality management", "ISO 9001 质量管理体系", "ISO 9001 品質管理體系"),
    (
        "iatf16949",
        "IATF 16949 automotive quality management",
        "IATF 16949 汽车质量管理体系",
        "IATF 16949 汽車品質管理體系",
    ),
    (
        "iso13485",
        "ISO 13485 medical devices quality management",
        "ISO 13485 医疗器械质量管理体系",
        "ISO 13485 醫療器械品質管理體系",
    ),
    (
        "iso14001",
        "ISO 14001 environmental management",
        "ISO 14001 环境管理体系",
        "ISO 14001 環境管理體系",
    ),
    (
        "iso45001",
        "ISO 45001 occupational health and safety",
        "ISO 45001 职业健康安全管理体系",
        "ISO 45001 職業健康安全管理體系",
    ),
    (
        "as9100",
        "AS9100 aerospace quality management",
        "AS9100 航空航天质量管理体系",
        "AS9100 航空航天品質管理體系",
    ),
    (
        "ipc_a_610",
        "IPC-A-610 Class 3 workmanship",
        "IPC-A-610 3级工艺标准",
        "IPC-A-610 3級工藝標準",
    ),
)


@dataclass(frozen=True, slots=True)
class MachineType:
    """A type of machine on the zone's shop floors: its kind, code prefix and processes."""

    kind: MachineKind
    prefix: str  # machine codes are PREFIX-NN within a factory
    label: str  # what the machine is, for its name
    processes: tuple[str, ...]


MACHINE_TYPES: dict[str, MachineType] = {
    t[0]: MachineType(MachineKind(t[1]), t[2], t[3], t[4])
    for t in (
        (
            "mc5",
            "cnc_machining_center",
            "MC",
            "5-axis machining center",
            ("milling_5axis", "milling_3axis", "drilling_tapping"),
        ),
        (
            "mc3",
            "cnc_machining_center",
            "MC",
            "Vertical machining center",
            ("milling_3axis", "drilling_tapping"),
        ),
        ("lathe", "cnc_lathe", "LT", "CNC lathe", ("turning", "drilling_tapping")),
        (
            "turnmill",
            "cnc_lathe",
            "LT",
            "Turn-mill center",
            ("turning", "drilling_tapping"),
        ),
        ("swiss", "cnc_lathe", "LT", "Swiss-type lathe", ("swiss_turning", "turning")),
        ("rb_deburr", "robot_cell", "RB", "Robotic deburring cell", ("deburring",)),
        ("rb_weld", "robot_cell", "RB", "Robotic welding cell", ("welding",)),
        ("rb_bend", "robot_cell", "RB", "Robotic bending cell", ("bending",)),
        ("rb_coat", "robot_cell", "RB", "Selective coating robot", ("conformal_coating",)),
        ("rb_pallet", "robot_cell", "RB", "Palletizing robot cell", ("palletizing",)),
        (
            "smt",
            "smt_line",
            "SMT",
            "SMT line (printer, placers, reflow oven)",
            ("smt_placement", "reflow_soldering"),
        ),
        ("aoi", "aoi_station", "AOI", "3D AOI station", ("aoi",)),
        (
            "vision",
            "aoi_station",
            "AOI",
            "Machine-vision inspection station",
            ("visual_inspection",),
        ),
        ("cmm", "cmm_station", "CMM", "Bridge CMM", ("cmm_inspection",)),
        ("imm", "injection_molding", "IM", "Injection molding machine", ("injection_molding",)),
        (
            "imm_insert",
            "injection_molding",
            "IM",
            "Vertical insert-molding machine",
            ("injection_molding", "insert_molding"),
        ),
        ("laser_cut", "laser_cutter", "LC", "Fiber laser cutter", ("laser_cutting",)),
        ("laser_mark", "laser_cutter", "LC", "Fiber laser marker", ("laser_marking",)),
        ("assy", "assembly_line", "AS", "Assembly cell", ("assembly",)),
        (
            "box",
            "assembly_line",
            "AS",
            "Box-build and test line",
            ("assembly", "functional_test", "box_build"),
        ),
        ("am_metal", "additive", "AM", "Metal LPBF printer", ("metal_am",)),
        ("am_polymer", "additive", "AM", "SLS printer", ("polymer_am",)),
    )
}
