"""How the domain's figures read in 简体中文, 繁體中文 and English: each indicator's evidence,
answers, requirement texts. Shared by the pages and the PDF report."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from suigang.engines.analytics.maturity import Answer, Requirement, load_model, load_rules

LANGS = ("zh-Hans", "zh-Hant", "en")

INDICATORS: dict[str, tuple[str, str, str]] = {
    "machines_reporting": (
        "联网并上报的设备 {reporting}/{machines} 台（近 {days} 天；已配置联网 {connected} 台）",
        "聯網並上報的設備 {reporting}/{machines} 台（近 {days} 天；已配置聯網 {connected} 台）",
        "Machines connected and reporting: {reporting} of {machines} (last {days} days; "
        "{connected} configured)",
    ),
    "oee_tracked": (
        "可计算 OEE 的设备 {tracked}/{machines} 台；平均 OEE {oee_pct}，MTBF {mtbf_h} 小时，"
        "MTTR {mttr_min} 分钟（近 {days} 天）",
        "可計算 OEE 的設備 {tracked}/{machines} 台；平均 OEE {oee_pct}，MTBF {mtbf_h} 小時，"
        "MTTR {mttr_min} 分鐘（近 {days} 天）",
        "OEE tracked on {tracked} of {machines} machines; mean OEE {oee_pct}, MTBF {mtbf_h} h, "
        "MTTR {mttr_min} min (last {days} days)",
    ),
    "scheduled_share": (
        "由排程器排产的工单 {scheduled}/{work_orders}",
        "由排程器排產的工單 {scheduled}/{work_orders}",
        "Work orders scheduled by the planner: {scheduled} of {work_orders}",
    ),
    "actuals_recorded": (
        "记录了实际开始和完成时间的已完成工序 {with_times}/{finished}",
        "記錄了實際開始和完成時間的已完成工序 {with_times}/{finished}",
        "Finished operations with actual start and finish: {with_times} of {finished}",
    ),
    "plan_adherence": (
        "可对照计划衡量的工序 {measured}/{finished}；按计划完工 {on_time}（计划达成率 "
        "{adherence_pct}）",
        "可對照計劃衡量的工序 {measured}/{finished}；按計劃完工 {on_time}（計劃達成率 "
        "{adherence_pct}）",
        "Operations measured against the plan: {measured} of {finished}; finished by their "
        "planned end: {on_time} (plan adherence {adherence_pct})",
    ),
    "spc_charted": (
        "有控制图的关键特性 {charted}/{critical}",
        "有管制圖的關鍵特性 {charted}/{critical}",
        "Critical characteristics charted (SPC): {charted} of {critical}",
    ),
    "cpk_capable": (
        "Cpk ≥ {cpk_target} 的关键特性 {capable}/{with_cpk}（最低 Cpk {lowest_cpk}）",
        "Cpk ≥ {cpk_target} 的關鍵特性 {capable}/{with_cpk}（最低 Cpk {lowest_cpk}）",
        "Critical characteristics with Cpk ≥ {cpk_target}: {capable} of {with_cpk} "
        "(lowest Cpk {lowest_cpk})",
    ),
    "orders_linked": (
        "与工单和批次关联的订单 {linked}/{orders}",
        "與工單和批次關聯的訂單 {linked}/{orders}",
        "Orders linked to work orders and lots: {linked} of {orders}",
    ),
    "rfq_to_lots": (
        "从询价流转到工单和批次的订单 {rfq_to_lots}/{orders}（来自询价 {from_rfq}）",
        "從詢價流轉到工單和批次的訂單 {rfq_to_lots}/{orders}（來自詢價 {from_rfq}）",
        "Orders flowing from RFQ to work orders and lots: {rfq_to_lots} of {orders} "
        "({from_rfq} from an RFQ)",
    ),
}


class _Dash(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "—"

    def __getitem__(self, key: str) -> Any:
        value = super().get(key)
        if value is None:
            return "—"
        return f"{value}%" if key.endswith("_pct") else value


def evidence_text(evidence: Mapping[str, Any], lang: str) -> str:
    """An answer's evidence as a sentence with its figures, e.g. "Machines connected and
    reporting: 5 of 6 (last 7 days; 6 configured)"."""
    template = INDICATORS.get(str(evidence.get("indicator", "")))
    if template is None:
        return ""
    figures = _Dash(evidence.get("figures", {}))
    return template[LANGS.index(lang)].format_map(figures)


def answer_label(answer: Answer | None, lang: str) -> str:
    """全部满足 / fully met ... in ``lang`` ("—" for none)."""
    if answer is None:
        return "—"
    return load_rules().labels[answer].get(lang)


def requirement_text(req: Requirement | None, lang: str) -> str:
    """The requirement's text in ``lang``, else in another language it has."""
    if req is None:
        return ""
    texts = {"zh-Hans": req.text_zh_hans, "zh-Hant": req.text_zh_hant, "en": req.text_en}
    return texts[lang] or req.text_en or req.text_zh_hans or req.text_zh_hant


def subdomain_name(code: str, lang: str) -> str:
    """``M2.2 计划与调度`` in ``lang``."""
    return f"{code} {load_model().subdomain(code).name.get(lang)}"


def element_names(lang: str) -> list[tuple[str, str]]:
    """(code, name) of the model's elements in ``lang``."""
    return [(e.code, e.name.get(lang)) for e in load_model().elements]
