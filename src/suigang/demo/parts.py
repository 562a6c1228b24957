# ruff: noqa: E501  (one part per line keeps the catalogue readable)
"""Routings by part family, and the parts Hong Kong front shops have made in the zone.

A routing step names the process it needs; at a factory its eligible machines are the
machines whose capabilities include that process, so a factory can make a family only when
it has every process of the family's routing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StepSpec:
    name: str
    process: str
    setup_s: int
    run_s: str  # seconds per unit, a decimal string


@dataclass(frozen=True, slots=True)
class BomSpec:
    component_code: str  # a part code of the same family catalogue, or a bought part
    quantity: str


@dataclass(frozen=True, slots=True)
class PartSpec:
    """A part a front shop designs and has made: one product at each qualified factory."""

    code: str
    owner: str  # front-shop key
    family: str
    name_en: str
    name_zh_hans: str
    name_zh_hant: str
    material: str
    qty: tuple[int, int]  # usual order quantity range
    price_cny: str  # typical unit price in CNY, before the factory's own factor
    bom: tuple[BomSpec, ...] = ()


def _s(name: str, process: str, setup_s: int, run_s: str) -> StepSpec:
    return StepSpec(name, process, setup_s, run_s)


# a medical-device brand buys only from factories certified to ISO 13485
REQUIRED_CERTIFICATION: dict[str, str] = {"KBM": "iso13485"}

# fmt: off
FAMILIES: dict[str, tuple[StepSpec, ...]] = {
    "cnc_housing": (
        _s("Rough milling", "milling_3axis", 2700, "420"),
        _s("Finish milling, 5-axis", "milling_5axis", 3600, "540"),
        _s("Robotic deburring", "deburring", 600, "90"),
        _s("CMM inspection", "cmm_inspection", 900, "180"),
    ),
    "cnc_bracket": (
        _s("Rough milling", "milling_3axis", 1800, "240"),
        _s("Finish milling", "milling_3axis", 1800, "300"),
        _s("Drilling and tapping", "drilling_tapping", 900, "75"),
        _s("Robotic deburring", "deburring", 600, "60"),
        _s("CMM inspection", "cmm_inspection", 900, "120"),
    ),
    "turned_shaft": (
        _s("CNC turning", "turning", 1800, "150"),
        _s("Cross drilling and flats", "drilling_tapping", 1200, "60"),
        _s("Robotic deburring", "deburring", 600, "30"),
        _s("CMM inspection", "cmm_inspection", 900, "45"),
    ),
    "precision_pin": (
        _s("Swiss-type turning", "swiss_turning", 3600, "210"),
        _s("Laser marking (UDI)", "laser_marking", 600, "20"),
        _s("Robotic deburring", "deburring", 600, "30"),
        _s("CMM inspection", "cmm_inspection", 1200, "60"),
    ),
    "pcb_assembly": (
        _s("SMT placement", "smt_placement", 2400, "18"),
        _s("Reflow soldering", "reflow_soldering", 900, "12"),
        _s("AOI", "aoi", 600, "8"),
        _s("Conformal coating", "conformal_coating", 1200, "25"),
        _s("Functional test", "functional_test", 900, "45"),
    ),
    "box_build": (
        _s("Mechanical assembly", "assembly", 1800, "180"),
        _s("Functional test", "functional_test", 900, "60"),
        _s("Box build and packing", "box_build", 600, "40"),
    ),
    "molded_part": (
        _s("Injection molding", "injection_molding", 5400, "28"),
        _s("Robotic degating", "deburring", 600, "6"),
        _s("Vision inspection", "visual_inspection", 600, "3"),
    ),
    "sheet_metal": (
        _s("Laser cutting", "laser_cutting", 900, "45"),
        _s("Robotic bending", "bending", 1800, "60"),
        _s("Robotic welding", "welding", 2400, "150"),
        _s("Robotic deburring", "deburring", 600, "40"),
        _s("Hardware insertion and assembly", "assembly", 900, "90"),
    ),
    "am_part": (
        _s("Metal printing (LPBF)", "metal_am", 3600, "2400"),
        _s("Support removal and finish milling", "milling_5axis", 2700, "900"),
        _s("CMM inspection", "cmm_inspection", 1200, "300"),
    ),
    "sls_part": (
        _s("Polymer printing (SLS)", "polymer_am", 2700, "600"),
        _s("Depowdering and polishing", "deburring", 600, "120"),
        _s("Vision inspection", "visual_inspection", 300, "20"),
    ),
}

PARTS: tuple[PartSpec, ...] = (
    # Victoria Harbour Industrial Design: prototypes and pilot runs for its clients
    PartSpec("VHD-SCN-HSG", "VHD", "cnc_housing", "Handheld scanner housing", "手持扫描仪外壳", "手持掃描器外殼", "al6061", (20, 200), "185"),
    PartSpec("VHD-GMB-BRK", "VHD", "cnc_bracket", "Camera gimbal bracket", "相机云台支架", "相機雲台支架", "al7075", (50, 300), "96"),
    PartSpec("VHD-LMP-HSK", "VHD", "cnc_bracket", "Smart lamp heat sink", "智能台灯散热器", "智能檯燈散熱器", "al6061", (100, 500), "48"),
    PartSpec("VHD-KNB-01", "VHD", "turned_shaft", "Rotary control knob", "旋转控制旋钮", "旋轉控制旋鈕", "al6061", (200, 2000), "12.5"),
    PartSpec("VHD-LMP-PCB", "VHD", "pcb_assembly", "Lamp controller PCBA", "台灯控制板PCBA", "檯燈控制板PCBA", "fr4", (200, 2000), "38", (BomSpec("PCB-VHD-LMP-R3", "1"), BomSpec("MCU-ESP32-C3", "1"))),
    PartSpec("VHD-SPK-ENC", "VHD", "molded_part", "Speaker enclosure", "音箱外壳", "音箱外殼", "pc_abs", (500, 5000), "9.8"),
    PartSpec("VHD-LAT-BRK", "VHD", "am_part", "Lattice bracket prototype", "点阵结构支架样件", "點陣結構支架樣件", "alsi10mg", (5, 40), "620"),
    # Lion Rock Consumer Electronics: production volumes for a brand
    PartSpec("LRC-SPK-HSG", "LRC", "cnc_housing", "Smart speaker top housing", "智能音箱顶盖", "智能音箱頂蓋", "al6061", (300, 1500), "128"),
    PartSpec("LRC-SPK-MB", "LRC", "pcb_assembly", "Smart speaker main board PCBA", "智能音箱主板PCBA", "智能音箱主板PCBA", "fr4", (500, 5000), "64", (BomSpec("PCB-LRC-SPK-R5", "1"), BomSpec("SOC-AUDIO-A1", "1"), BomSpec("MIC-MEMS-4030", "4"))),
    PartSpec("LRC-SPK-BOX", "LRC", "box_build", "Smart speaker final assembly", "智能音箱整机组装", "智能音箱整機組裝", "fr4", (500, 3000), "42", (BomSpec("LRC-SPK-MB", "1"), BomSpec("LRC-SPK-HSG", "1"), BomSpec("DRV-50MM-FR", "2"), BomSpec("SCR-M3X8", "6"))),
    PartSpec("LRC-CHG-SHL", "LRC", "molded_part", "Wireless charger shell", "无线充电器外壳", "無線充電器外殼", "pc", (1000, 10000), "4.6"),
    PartSpec("LRC-TAB-FRM", "LRC", "cnc_housing", "Tablet mid-frame", "平板电脑中框", "平板電腦中框", "al7075", (200, 1000), "210"),
    PartSpec("LRC-HNG-PIN", "LRC", "turned_shaft", "Laptop hinge pin", "笔记本电脑转轴销", "筆記本電腦轉軸銷", "ss304", (2000, 20000), "3.2"),
    PartSpec("LRC-PWR-PCB", "LRC", "pcb_assembly", "Power adapter PCBA", "电源适配器PCBA", "電源適配器PCBA", "fr4", (1000, 8000), "22", (BomSpec("PCB-LRC-PWR-R2", "1"), BomSpec("GAN-FET-650V", "2"))),
    # Kowloon Bay Medical Devices
    PartSpec("KBM-BSC-SCR", "KBM", "precision_pin", "Bone screw blank", "骨螺钉毛坯", "骨螺釘毛坯", "ti64", (500, 5000), "36"),
    PartSpec("KBM-INS-HDL", "KBM", "cnc_bracket", "Surgical instrument handle", "手术器械手柄", "手術器械手柄", "ss316l", (100, 800), "88"),
    PartSpec("KBM-MON-PCB", "KBM", "pcb_assembly", "Patient monitor sensor board", "病人监护仪传感器板", "病人監護儀傳感器板", "fr4", (200, 2000), "95", (BomSpec("PCB-KBM-MON-R4", "1"), BomSpec("AFE-ECG-8CH", "1"))),
    PartSpec("KBM-IMP-TRL", "KBM", "am_part", "Porous implant trial", "多孔植入物试模", "多孔植入物試模", "ti64", (10, 60), "1450"),
    PartSpec("KBM-PMP-HSG", "KBM", "molded_part", "Infusion pump housing", "输液泵外壳", "輸液泵外殼", "pc", (500, 4000), "14"),
    # Sai Kung Audio
    PartSpec("SKA-AMP-CHS", "SKA", "sheet_metal", "Amplifier chassis", "功放机箱", "功放機箱", "spcc", (100, 800), "75", (BomSpec("PEM-M3-NUT", "12"),)),
    PartSpec("SKA-KNB-VOL", "SKA", "turned_shaft", "Volume knob", "音量旋钮", "音量旋鈕", "brass", (300, 3000), "18"),
    PartSpec("SKA-DAC-PCB", "SKA", "pcb_assembly", "DAC board PCBA", "解码器主板PCBA", "解碼器主板PCBA", "fr4", (200, 2000), "56", (BomSpec("PCB-SKA-DAC-R2", "1"),)),
    PartSpec("SKA-HP-CUP", "SKA", "molded_part", "Headphone ear cup", "耳机耳罩壳", "耳機耳罩殼", "pa66_gf30", (2000, 20000), "3.8"),
    # Tsuen Wan Smart Home
    PartSpec("TWS-LCK-BDY", "TWS", "cnc_bracket", "Smart lock body", "智能门锁锁体", "智能門鎖鎖體", "ss304", (300, 2000), "66"),
    PartSpec("TWS-GW-PCB", "TWS", "pcb_assembly", "Home gateway PCBA", "家庭网关PCBA", "家庭網關PCBA", "fr4", (500, 5000), "48", (BomSpec("PCB-TWS-GW-R3", "1"), BomSpec("MOD-WIFI6-2X2", "1"))),
    PartSpec("TWS-GW-BOX", "TWS", "box_build", "Home gateway final assembly", "家庭网关整机组装", "家庭網關整機組裝", "fr4", (500, 5000), "26", (BomSpec("TWS-GW-PCB", "1"), BomSpec("PSU-12V-2A", "1"), BomSpec("SCR-M2X6", "4"))),
    PartSpec("TWS-SNS-CSE", "TWS", "molded_part", "Door sensor case", "门磁传感器外壳", "門磁傳感器外殼", "pp", (5000, 30000), "1.6"),
    PartSpec("TWS-WMB-SM", "TWS", "sheet_metal", "Wall mount bracket", "壁挂支架", "壁掛支架", "spcc", (1000, 6000), "11"),
    # Kwun Tong Robotics Design
    PartSpec("KTR-JNT-HSG", "KTR", "cnc_housing", "Robot joint housing", "机器人关节壳体", "機器人關節殼體", "al7075", (50, 400), "360"),
    PartSpec("KTR-OUT-SFT", "KTR", "turned_shaft", "Strain-wave gear output shaft", "谐波减速器输出轴", "諧波減速器輸出軸", "c45", (100, 1000), "58"),
    PartSpec("KTR-SRV-PCB", "KTR", "pcb_assembly", "Servo driver PCBA", "伺服驱动器PCBA", "伺服驅動器PCBA", "fr4", (100, 1500), "140", (BomSpec("PCB-KTR-SRV-R6", "1"), BomSpec("MOSFET-100V", "6"))),
    PartSpec("KTR-GRP-FNG", "KTR", "sls_part", "Gripper finger", "夹爪手指", "夾爪手指", "pa12", (50, 500), "45"),
    PartSpec("KTR-BSE-FRM", "KTR", "sheet_metal", "Robot base frame", "机器人底座框架", "機器人底座框架", "ss304", (20, 200), "980", (BomSpec("LEV-FOOT-M16", "4"),)),
    # Pok Fu Lam Wearables Lab
    PartSpec("PFW-BND-LSR", "PFW", "molded_part", "Wearable strap", "穿戴设备表带", "穿戴設備錶帶", "lsr", (2000, 15000), "5.5"),
    PartSpec("PFW-MB-PCB", "PFW", "pcb_assembly", "Wearable main board PCBA (HDI)", "穿戴设备主板PCBA（HDI）", "穿戴設備主板PCBA（HDI）", "fr4", (1000, 10000), "72", (BomSpec("PCB-PFW-HDI-R2", "1"), BomSpec("PPG-SENSOR-3", "1"))),
    PartSpec("PFW-CSE-TI", "PFW", "cnc_housing", "Watch case", "手表表壳", "手錶錶殼", "ti64", (100, 1000), "420"),
    # Shatin Mobility
    PartSpec("SMO-MTR-SFT", "SMO", "turned_shaft", "E-scooter motor shaft", "电动滑板车电机轴", "電動滑板車電機軸", "c45", (1000, 8000), "24"),
    PartSpec("SMO-BMS-PCB", "SMO", "pcb_assembly", "Battery management board", "电池管理板", "電池管理板", "fr4", (500, 5000), "88", (BomSpec("PCB-SMO-BMS-R3", "1"), BomSpec("AFE-BMS-16S", "1"))),
    PartSpec("SMO-BAT-BOX", "SMO", "sheet_metal", "Battery box", "电池箱", "電池箱", "al5052", (200, 2000), "240", (BomSpec("GSK-EPDM-BOX", "1"),)),
    PartSpec("SMO-STM-CLP", "SMO", "cnc_bracket", "Stem clamp", "车把立管夹", "車把立管夾", "al6061", (500, 3000), "54"),
    # Lantau Optics
    PartSpec("LTO-LNS-BRL", "LTO", "turned_shaft", "Lens barrel", "镜筒", "鏡筒", "al6061", (500, 5000), "28"),
    PartSpec("LTO-OPT-MNT", "LTO", "cnc_housing", "Optical mount", "光学安装座", "光學安裝座", "al6061", (50, 400), "260"),
    PartSpec("LTO-CAM-PCB", "LTO", "pcb_assembly", "Machine-vision camera board", "机器视觉相机主板", "機器視覺相機主板", "fr4", (200, 2000), "160", (BomSpec("PCB-LTO-CAM-R2", "1"), BomSpec("CMOS-5MP-GS", "1"))),
    PartSpec("LTO-LNS-CAP", "LTO", "molded_part", "Lens cap", "镜头盖", "鏡頭蓋", "pc", (5000, 20000), "0.9"),
)
# fmt: on
