"""The demo zone's steering data, written through the use cases as the zone office and the
firms' admins: two versions of the admission rules, six applications (a draft, pending and
decided ones), eight years of statistics filed by the zone's factories and service firms
(Hong Kong-invested ones partly in HKD), the dated HKD/CNY rates, and five support schemes
with their public sources.

The statistics are illustrative figures for the demonstration, not the zone's published
statistics; the rates are demo values near the year-end central parity, not official rates.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from suigang.demo.relay import _actors
from suigang.domains.admission import service as admission
from suigang.domains.admission.schemas import ApplicationCreate
from suigang.domains.cluster import service as cluster
from suigang.domains.cluster.schemas import RateCreate
from suigang.domains.schemes import service as schemes
from suigang.domains.schemes.schemas import SchemeCreate
from suigang.domains.zone.segments import Segment
from suigang.engines.analytics.admission import load_demo_set, set_to_dict

ZONE = "ZONE"
S = Segment
# firm key, segment, output in the first year (亿元), currency it files in
FILERS: tuple[tuple[str, Segment, int, str], ...] = (
    ("GZPREC", S.KEY_COMPONENTS, 32, "HKD"), ("HPEMS", S.HIGH_END_EQUIPMENT, 41, "HKD"),
    ("PRMT", S.KEY_COMPONENTS, 18, "CNY"), ("XGRS", S.INDUSTRIAL_ROBOTS, 12, "CNY"),
    ("DJAP", S.KEY_COMPONENTS, 26, "CNY"), ("KYMD", S.HIGH_END_EQUIPMENT, 15, "HKD"),
    ("YPSS", S.INTELLIGENT_INSPECTION, 6, "CNY"), ("HBAM", S.KEY_COMPONENTS, 5, "CNY"),
    ("HPSM", S.HIGH_END_EQUIPMENT, 9, "CNY"), ("SGOE", S.INTELLIGENT_INSPECTION, 11, "HKD"),
    ("XGIE", S.INDUSTRIAL_ROBOTS, 14, "CNY"), ("DSEA", S.HIGH_END_EQUIPMENT, 17, "CNY"),
    ("NGPT", S.KEY_COMPONENTS, 7, "CNY"), ("SGSC", S.SERVICES, 4, "CNY"),
    ("YPIS", S.SERVICES, 2, "CNY"),
)  # fmt: skip
# demo HKD→CNY rates dated at each year's end (near the CFETS central parity; not official)
RATES = {2017: "0.83591", 2018: "0.87620", 2019: "0.89578", 2020: "0.84164", 2021: "0.81760",
         2022: "0.89327", 2023: "0.90622", 2024: "0.92604", 2025: "0.91500"}  # fmt: skip
YI = Decimal(100_000_000)


@dataclass(frozen=True, slots=True)
class ZoneSeeded:
    applications: int
    statistics_years: tuple[int, int]
    schemes: int


def _rate_for(year: int) -> str:
    """The demo rate at the end of ``year`` (the nearest year's outside the table)."""
    return RATES[min(max(year, min(RATES)), max(RATES))]


def seed_statistics(session: Session, *, first: int, last: int, seed: int) -> None:
    rng = random.Random(seed * 7919 + 19)
    actors = _actors(session)
    for year in range(first, last + 1):
        cluster.add_rate(session, actor=actors[ZONE], data=RateCreate(
            effective=date(year, 12, 31), cny_per_hkd=Decimal(_rate_for(year)),
            source="demo value near the year-end central parity (CFETS); not an official rate",
        ))  # fmt: skip
    growth = {key: 0.03 + rng.random() * 0.08 for key, *_ in FILERS}
    level = {key: Decimal(base) * YI for key, _, base, _ in FILERS}
    for year in range(first, last + 1):
        lines = ["firm,segment,currency,output,tax,rd_spending,employees"]
        for key, segment, _, currency in FILERS:
            if year > first:  # 2020's dip where the years cover it
                factor = 1 + growth[key] + rng.uniform(-0.03, 0.03) - (0.12 if year == 2020 else 0)
                level[key] = (level[key] * Decimal(repr(round(factor, 4)))).quantize(Decimal(1))
            output = level[key]
            rate = Decimal(_rate_for(year))
            filed = (output / rate).quantize(Decimal(1)) if currency == "HKD" else output
            tax, rd = (
                (filed * Decimal("0.045")).quantize(Decimal(1)),
                (filed * Decimal(repr(round(0.018 + rng.random() * 0.04, 4)))).quantize(Decimal(1)),
            )
            employees = int(output / Decimal(1_500_000))
            firm = actors[key].enterprise_id
            lines.append(f"{firm},{segment.value},{currency},{filed},{tax},{rd},{employees}")
        cluster.import_year(session, actor=actors[ZONE], year=year,
                            content="\n".join(lines).encode())  # fmt: skip


def _app(
    title: str, segment: Segment, products: str, land: str, **figures: object
) -> ApplicationCreate:
    data: dict[str, object] = {"title": title, "segment": segment, "products": products,
                               "land_area": Decimal(land)}  # fmt: skip
    data.update({k: (v if isinstance(v, (int, bool)) or k == "gap_note" else Decimal(str(v)))
                 for k, v in figures.items()})  # fmt: skip
    return ApplicationCreate.model_validate(data)


# firm, days before the epoch it was submitted (None: a draft), decision, the application
Decision = tuple[str, bool, str] | None
APPLICATIONS: tuple[tuple[str, int | None, Decision, ApplicationCreate], ...] = (
    ("XGRS", 12, None, _app(
        "Collaborative robot joint module line", S.INDUSTRIAL_ROBOTS,
        "Joint modules (harmonic drive, motor, encoder) for collaborative robots", "40000",
        fixed_asset_investment=360_000_000, floor_area=56_000, building_footprint_area=18_000,
        admin_land_area=2_400, green_area=5_200, output=1_450_000_000, revenue=1_400_000_000,
        tax=95_000_000, value_added=330_000_000, rd_spending=70_000_000, energy=9_000,
        jobs=620, fills_gap=True, gap_note="No local maker of joint modules for cobots")),
    ("DJAP", 9, None, _app(
        "Precision reducer gear line", S.KEY_COMPONENTS, "RV reducer gears and housings", "26667",
        fixed_asset_investment=210_000_000, floor_area=30_000, admin_land_area=1_500,
        green_area=3_000, output=520_000_000, revenue=500_000_000, tax=30_000_000,
        value_added=120_000_000, rd_spending=16_000_000, energy=6_500, jobs=380)),
    ("YPSS", 30, ("review", False, ""), _app(
        "Machine-vision inspection station plant", S.INTELLIGENT_INSPECTION,
        "Inline vision inspection stations for electronics assembly", "13333",
        fixed_asset_investment=95_000_000, floor_area=21_000, building_footprint_area=6_000,
        admin_land_area=800, green_area=1_600, output=400_000_000, revenue=380_000_000,
        tax=22_000_000, value_added=110_000_000, rd_spending=9_500_000, energy=1_200, jobs=210)),
    ("HBAM", 75, ("decide", True, "Fills the zone's gap in metal additive manufacturing; "
                  "scores above the benchmark on tax per mu."), _app(
        "Metal additive manufacturing centre", S.KEY_COMPONENTS,
        "Laser powder-bed fusion parts for robots and medical devices", "20000",
        fixed_asset_investment=180_000_000, floor_area=26_000, building_footprint_area=8_200,
        admin_land_area=1_100, green_area=2_400, output=420_000_000, revenue=410_000_000,
        tax=31_000_000, value_added=105_000_000, rd_spending=21_000_000, energy=3_100,
        jobs=240, fills_gap=True, gap_note="Metal AM parts are bought from outside the province")),
    ("SGSC", 60, ("decide", False, "Plot ratio 1.1 is below the 2.0 required of service "
                  "projects; resubmit with a multi-storey design."), _app(
        "Bonded logistics hub", S.SERVICES, "Bonded warehousing and cross-border consolidation",
        "33333", fixed_asset_investment=110_000_000, floor_area=36_700,
        building_footprint_area=14_000, admin_land_area=1_900, green_area=3_900,
        output=160_000_000, revenue=160_000_000, tax=12_000_000, value_added=60_000_000,
        rd_spending=1_000_000, energy=800, jobs=150)),
    ("NGPT", None, None, _app(
        "Precision tooling expansion", S.KEY_COMPONENTS, "Progressive dies and mold inserts",
        "10000", fixed_asset_investment=48_000_000, output=120_000_000, jobs=90)),
)  # fmt: skip


def seed_admission(session: Session, *, epoch: datetime) -> int:
    actors = _actors(session)
    zone = actors[ZONE]
    admission.add_indicator_set(session, actor=zone, config=set_to_dict(load_demo_set()),
                                note="Seed configuration with example values")  # fmt: skip
    second = set_to_dict(load_demo_set())
    effective = (epoch - timedelta(days=45)).date()
    second |= {"version": f"demo-{effective.year}.2", "effective": effective.isoformat()}
    second["rules"] = [*second["rules"], {"indicator": "energy_per_output", "segment": "*",
                       "threshold": {"op": "<=", "value": "0.1"}, "weight": "0"}]  # fmt: skip
    admission.add_indicator_set(session, actor=zone, config=second,
                                note="Adds an energy ceiling of 0.1 tce per 10k CNY")  # fmt: skip
    for key, days, decision, data in APPLICATIONS:
        app = admission.create_application(session, actor=actors[key], data=data)
        if days is None:
            continue
        at = epoch - timedelta(days=days)
        admission.submit_application(session, actor=actors[key], application_id=app.id, now=at)
        if decision is None:
            continue
        step, approve, reasons = decision
        if step == "review":
            admission.start_review(session, actor=zone, application_id=app.id,
                                   now=at + timedelta(days=3))  # fmt: skip
        else:
            admission.decide(session, actor=zone, application_id=app.id, approve=approve,
                             reasons=reasons, now=at + timedelta(days=20))  # fmt: skip
    return len(APPLICATIONS)


SCHEMES: tuple[SchemeCreate, ...] = tuple(SchemeCreate.model_validate(s) for s in (
    {"code": "HK-ITF-ESS", "name_en": "Enterprise Support Scheme (Innovation and Technology Fund)",
     "name_zh_hans": "企业支援计划（创新及科技基金）",
     "name_zh_hant": "企業支援計劃（創新及科技基金）",
     "sponsor": "Innovation and Technology Commission, HKSAR Government",
     "purpose": "Supports in-house R&D projects of companies in Hong Kong.",
     "applies_to": ["firm", "project"],
     "criteria": [{"field": "region", "op": "eq", "value": "hong_kong"}],
     "help_keywords": ["listing", "advisory"],
     "source_url":
         "https://www.itf.gov.hk/en/funding-programmes/supporting-research/ess/index.html"},
    {"code": "HK-ITF-TVP", "name_en": "Technology Voucher Programme",
     "name_zh_hans": "科技券计划", "name_zh_hant": "科技券計劃",
     "sponsor": "Innovation and Technology Commission, HKSAR Government",
     "purpose": "Helps Hong Kong non-listed enterprises use technology services to upgrade.",
     "applies_to": ["firm"],
     "criteria": [{"field": "region", "op": "eq", "value": "hong_kong"},
                  {"field": "kind", "op": "ne", "value": "research_institute"}],
     "help_keywords": ["MES", "connectivity", "testing"],
     "source_url":
         "https://www.itf.gov.hk/en/funding-programmes/facilitating-technology/tvp/index.html"},
    {"code": "HK-ITF-RFS", "name_en": "Re-industrialisation Funding Scheme",
     "name_zh_hans": "新型工业化资助计划", "name_zh_hant": "新型工業化資助計劃",
     "sponsor": "Innovation and Technology Commission, HKSAR Government",
     "purpose": "Co-funds manufacturers setting up new smart production lines in Hong Kong.",
     "applies_to": ["firm", "application"],
     "criteria": [{"field": "region", "op": "eq", "value": "hong_kong"},
                  {"field": "kind", "op": "eq", "value": "factory"}],
     "help_keywords": ["MES", "testing"],
     "source_url":
         "https://www.itf.gov.hk/en/funding-programmes/facilitating-technology/rfs/index.html"},
    {"code": "HK-TID-BUD",
     "name_en": "Dedicated Fund on Branding, Upgrading and Domestic Sales (BUD Fund)",
     "name_zh_hans": "发展品牌、升级转型及拓展内销市场的专项基金（BUD 专项基金）",
     "name_zh_hant": "發展品牌、升級轉型及拓展內銷市場的專項基金（BUD 專項基金）",
     "sponsor": "Trade and Industry Department, HKSAR Government",
     "purpose": "Helps Hong Kong non-listed enterprises develop brands, upgrade and sell in "
                "the mainland and other markets.",
     "applies_to": ["firm"], "criteria": [{"field": "region", "op": "eq", "value": "hong_kong"}],
     "help_keywords": ["logistics", "customs", "trade finance"],
     "source_url": "https://www.bud.hkpc.org/"},
    {"code": "CN-HNTE", "name_en": "High and New Technology Enterprise recognition",
     "name_zh_hans": "高新技术企业认定", "name_zh_hant": "高新技術企業認定",
     "sponsor": "Ministry of Science and Technology, Ministry of Finance, "
                "State Taxation Administration",
     "purpose": "Recognises mainland-registered technology firms (reduced enterprise income "
                "tax). The R&D criterion here is the lowest tier (3 % of revenue, for revenue "
                "above 200 m CNY).",
     "applies_to": ["firm", "application"],
     "criteria": [{"field": "region", "op": "ne", "value": "hong_kong"},
                  {"field": "rd_intensity", "op": "ge", "value": "0.03"}],
     "help_keywords": ["certification", "testing"],
     "source_url": "http://www.innocom.gov.cn/"},
))  # fmt: skip


def seed_zone(session: Session, *, epoch: datetime, seed: int) -> ZoneSeeded:
    """Everything above; the latest statistics year is the one before the epoch's."""
    last = epoch.year - 1
    seed_statistics(session, first=last - 7, last=last, seed=seed)
    applications = seed_admission(session, epoch=epoch)
    zone = _actors(session)[ZONE]
    for data in SCHEMES:
        schemes.save_scheme(session, actor=zone, data=data)
    return ZoneSeeded(applications, (last - 7, last), len(SCHEMES))
