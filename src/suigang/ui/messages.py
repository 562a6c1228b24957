"""Refusals in the reader's language: a domain error by its code, a validation error by its
field and kind. Anything without a label of its own keeps its English message."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from suigang.errors import DomainError
from suigang.ui.i18n import LABELS, add_labels, t

MESSAGES: dict[str, tuple[str, str, str]] = {
    # domain errors by code (DomainError.code)
    "error.wanted_date_past": (
        "期望交期已过：请选择今天之后的日期",
        "期望交期已過：請選擇今天之後的日期",
        "The wanted date is in the past: choose a date after today",
    ),
    "error.date_required": ("请填写{field}", "請填寫{field}", "{field}: a date is required"),
    "error.not_a_date": (
        "{field}：“{value}”不是日期（年-月-日）",
        "{field}：「{value}」不是日期（年-月-日）",
        "{field}: {value!r} is not a date (YYYY-MM-DD)",
    ),
    "error.not_a_number": (
        "{field}：“{value}”不是数字",
        "{field}：「{value}」不是數字",
        "{field}: {value!r} is not a number",
    ),
    "error.choose_product": (
        "请选择报价的产品",
        "請選擇報價的產品",
        "Choose the product you quote for",
    ),
    "error.certificate_no_plan": (
        "批次 {lot} 的产品没有检验计划，无法签发证书",
        "批次 {lot} 的產品沒有檢驗計劃，無法簽發證書",
        "Lot {lot}: its product has no inspection plan, so no certificate can be issued",
    ),
    "error.certificate_missing": (
        "批次 {lot} 尚未完成检验计划要求的检验（{missing}），无法签发证书",
        "批次 {lot} 尚未完成檢驗計劃要求的檢驗（{missing}），無法簽發證書",
        "Lot {lot} lacks inspections its plan requires ({missing}); no certificate yet",
    ),
    "error.disposition_reason": (
        "请说明发现了什么、做了什么",
        "請說明發現了甚麼、做了甚麼",
        "Say what was found and done",
    ),
    # validation errors by kind (pydantic's error type)
    "validation.missing": ("请填写{field}", "請填寫{field}", "{field} is required"),
    "validation.string_too_short": ("请填写{field}", "請填寫{field}", "{field} is required"),
    "validation.string_too_long": (
        "{field}最多 {max_length} 个字符",
        "{field}最多 {max_length} 個字元",
        "{field} takes at most {max_length} characters",
    ),
    "validation.too_short": (
        "请至少选择 {min_length} 个{field}",
        "請至少選擇 {min_length} 個{field}",
        "Choose at least {min_length} in {field}",
    ),
    "validation.greater_than": (
        "{field}必须大于 {gt}",
        "{field}必須大於 {gt}",
        "{field} must be greater than {gt}",
    ),
    "validation.greater_than_equal": (
        "{field}不能小于 {ge}",
        "{field}不能小於 {ge}",
        "{field} must be at least {ge}",
    ),
    "validation.less_than_equal": (
        "{field}不能大于 {le}",
        "{field}不能大於 {le}",
        "{field} must be at most {le}",
    ),
    "validation.decimal_max_places": (
        "{field}最多 {decimal_places} 位小数",
        "{field}最多 {decimal_places} 位小數",
        "{field} takes at most {decimal_places} decimals",
    ),
}
# the test harness may import this module again; the same labels again are fine
add_labels({k: v for k, v in MESSAGES.items() if k not in LABELS})

# a use case's field name → the label the form shows for it
FIELD_LABELS = {"factory_ids": "field.factories", "product_id": "field.product"}


def refusal(text: str) -> str:
    """ "Could not do that: …" with the colon of the reader's script."""
    title = t("error.title")
    return f"{title}：{text}" if title != LABELS["error.title"]["en"] else f"{title}: {text}"


def field_name(name: str) -> str:
    """The label of a field as its form shows it, else the field's own name."""
    key = FIELD_LABELS.get(name, f"field.{name}")
    return t(key) if key in LABELS else name


def error_text(exc: DomainError) -> str:
    """A domain error in the reader's language when it has a code with a label."""
    key = f"error.{exc.code}"
    if exc.code and key in LABELS:
        params = dict(exc.params)
        if "field" in params:
            params["field"] = field_name(str(params["field"]))
        return t(key, **params)
    return exc.message


def validation_text(exc: ValidationError) -> str:
    """Each problem of a validation error, in the reader's language where it has a label."""
    problems = []
    for err in exc.errors():
        name = str(err["loc"][-1]) if err["loc"] else ""
        key = f"validation.{err['type']}"
        context: dict[str, Any] = dict(err.get("ctx") or {})
        if key in LABELS:
            problems.append(t(key, field=field_name(name), **context))
        else:
            where = ".".join(str(p) for p in err["loc"])
            problems.append(f"{where}: {err['msg']}")
    return "; ".join(problems)
