"""Every field an API request can carry is bounded as its column is, in the OpenAPI
description itself: strings have a maxLength no longer than their column, lists a maxItems,
integers a maximum the column holds. So PostgreSQL never meets a value it refuses (a data
error, once a 500), and integrators read the bounds from the description."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import BigInteger, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase

from suigang.api.app import create_app
from suigang.config import Settings
from suigang.domains.admission.models import AdmissionApplication, IndicatorSetVersion
from suigang.domains.alliance.models import FirmProfile, SupplyLink
from suigang.domains.catalog.models import (
    BomLine,
    Capability,
    Machine,
    Product,
    RoutingStep,
    WorkCenter,
)
from suigang.domains.cluster.models import ExchangeRate, StatisticsFiling
from suigang.domains.evidence.models import Evidence
from suigang.domains.identity.models import ApiKey, AuditEvent
from suigang.domains.limits import REASON_MAX, TEXT_MAX
from suigang.domains.maturity.models import MaturityAnswer, MaturityAssessment
from suigang.domains.orders.models import RFQ, Quote, RFQRecipient
from suigang.domains.planning.models import Webhook, WebhookAllowedHost
from suigang.domains.quality.models import (
    AlarmDisposition,
    Characteristic,
    InspectionPlan,
    Measurement,
    VisualInspection,
    VisualReview,
)
from suigang.domains.relay.models import RelayHandover, RelayLevelEvidence, RelayProject
from suigang.domains.schemes.models import SupportScheme
from suigang.domains.standards.models import FirmCertification, ProductRequirement

INT32_MAX, INT64_MAX = 2**31 - 1, 2**63 - 1

# request schema -> (the table it is stored in, {field: (table, column)} where names differ)
STORED_IN: dict[str, tuple[type[DeclarativeBase] | None, dict[str, tuple[Any, str]]]] = {
    "MachineCreate": (Machine, {"work_center_code": (WorkCenter, "code")}),
    "MachineUpdate": (Machine, {"work_center_code": (WorkCenter, "code")}),
    "MachineStatusChange": (AuditEvent, {"reason": (None, "audit")}),
    "ProductCreate": (Product, {}),
    "ProductUpdate": (Product, {}),
    "RoutingStepIn": (
        RoutingStep,
        {"work_center_code": (WorkCenter, "code"), "machine_codes": (Machine, "code")},
    ),
    "BomLineIn": (BomLine, {}),
    "CapabilityCreate": (Capability, {}),
    "ApiKeyCreate": (ApiKey, {}),
    "RFQCreate": (RFQ, {}),
    "RFQDecline": (RFQRecipient, {"reason": (None, "audit")}),
    "QuoteCreate": (Quote, {}),
    "OrderStatusChange": (None, {}),
    "OperationActuals": (None, {}),
    "QuoteAccept": (None, {}),
    "PlanCreate": (None, {}),
    "Release": (None, {}),
    "PinCreate": (None, {}),
    "FreezeCreate": (None, {}),
    "MachineDownCreate": (None, {}),
    "OperationLateCreate": (None, {}),
    "RushCreate": (None, {}),
    "PromiseRequest": (None, {}),
    "WebhookCreate": (Webhook, {}),
    "WebhookHostCreate": (WebhookAllowedHost, {}),
    "InspectionPlanCreate": (InspectionPlan, {}),
    "CharacteristicCreate": (Characteristic, {}),
    "MeasurementIn": (Measurement, {"characteristic": (Characteristic, "name")}),
    "MeasurementCorrection": (Measurement, {}),
    "ReviewCreate": (VisualReview, {}),
    "RestoreCreate": (AuditEvent, {"reason": (None, "audit")}),
    "ThresholdSet": (None, {}),  # the threshold it gives is stored, not the target asked
    "DispositionCreate": (AlarmDisposition, {}),
    "RelayProjectCreate": (RelayProject, {}),
    "LevelClaim": (RelayLevelEvidence, {}),
    "LevelRef": (RelayLevelEvidence, {}),
    "ParticipantAdd": (None, {}),
    "HandoverCreate": (RelayHandover, {}),
    "Decision": (RelayHandover, {}),
    "CloseProject": (RelayHandover, {}),
    "LinkEvidenceCreate": (Evidence, {"ref": (Evidence, "link_ref")}),
    "ReviewEvidenceCreate": (Evidence, {}),
    "CertificationCreate": (FirmCertification, {}),
    "AssessmentCreate": (MaturityAssessment, {}),
    # sub-domain and answer are read as words (名称 or code) and stored as codes
    "AnswerIn": (MaturityAnswer, {"subdomain": (None, "word"), "answer": (None, "word")}),
    "AnswersSet": (None, {}),
    "ProposalDecision": (MaturityAnswer, {"answer": (None, "word"), "reason": (None, "audit")}),
    "CategorySet": (ProductRequirement, {}),
    "ApplicationCreate": (AdmissionApplication, {}),
    "ApplicationUpdate": (AdmissionApplication, {}),
    "AdmissionDecision": (AdmissionApplication, {}),
    "IndicatorSetCreate": (IndicatorSetVersion, {}),
    "FilingCreate": (StatisticsFiling, {}),
    "RateCreate": (ExchangeRate, {}),
    "SchemeCreate": (SupportScheme, {"help_keywords": (None, "json")}),
    "CriterionIn": (None, {}),
    # a sweep's scenarios and a certificate job's lots are the job's parameters (JSON)
    "ScenarioCreate": (None, {}),
    "SweepCreate": (None, {}),
    "CertificatesCreate": (None, {}),
    "ProfileUpdate": (FirmProfile, {}),
    "SupplyLinkCreate": (SupplyLink, {}),
    "SupplyLinkUpdate": (SupplyLink, {}),
    "Body_post_visual_inspection_api_v1_lots__lot_id__visual_inspections_post": (
        VisualInspection,
        {},
    ),
}
#: Form bodies whose fields are never stored as they come (sign-in) or are files.
NOT_STORED = ("Body_token_", "Body_import_", "Body_upload_", "Body_attach_")
#: Audit details and event payloads are JSON: a reason there is bounded by this.
AUDIT_TEXT_MAX = REASON_MAX


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return create_app(Settings(), verify_schema=False).openapi()  # type: ignore[no-any-return]


def request_schemas(spec: dict[str, Any]) -> set[str]:
    """Names of every schema reachable from a request body."""
    comps = spec["components"]["schemas"]
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref:
                name = ref.rsplit("/", 1)[1]
                if name not in found:
                    found.add(name)
                    walk(comps[name])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for ops in spec["paths"].values():
        for op in ops.values():
            walk(op.get("requestBody", {}))
    return {n for n in found if "enum" not in comps[n]}


def _variants(prop: dict[str, Any]) -> list[dict[str, Any]]:
    return [v for v in prop.get("anyOf", [prop]) if v.get("type") != "null"]


def column_limit(table: Any, column: str) -> tuple[str, int] | None:
    """("string", length) or ("integer", max) of a column; None when unbounded or absent."""
    if table is None:
        return ("string", AUDIT_TEXT_MAX) if column == "audit" else None
    col = table.__table__.columns.get(column)
    if col is None:
        return None
    kind = col.type
    if isinstance(kind, Text):
        return ("string", TEXT_MAX)
    if isinstance(kind, String) and kind.length:
        return ("string", kind.length)
    if isinstance(kind, BigInteger):
        return ("integer", INT64_MAX)
    if isinstance(kind, Integer):
        return ("integer", INT32_MAX)
    return None


def problems_of(spec: dict[str, Any], name: str) -> list[str]:
    table, renamed = STORED_IN[name]
    out: list[str] = []
    for field, prop in spec["components"]["schemas"][name].get("properties", {}).items():
        target = renamed.get(field, (table, field))
        limit = column_limit(*target)
        for v in _variants(prop):
            kind = v.get("type")
            if v.get("contentMediaType") or v.get("format") in (
                "uuid",
                "date",
                "date-time",
                "binary",
            ):
                continue  # a file, an id or a time: not free text
            if kind == "string":
                if any(o.get("type") == "number" for o in _variants(prop)):
                    continue  # a decimal: its digits are bounded by the schema's checks
                ml = v.get("maxLength")
                if ml is None:
                    out.append(f"{name}.{field}: string without maxLength")
                elif limit is not None and limit[0] == "string" and ml > limit[1]:
                    out.append(f"{name}.{field}: maxLength {ml} > column {limit[1]}")
            elif kind == "integer":
                top = v.get("maximum", v.get("exclusiveMaximum"))
                if top is None:
                    out.append(f"{name}.{field}: integer without maximum")
                elif limit is not None and limit[0] == "integer" and top > limit[1]:
                    out.append(f"{name}.{field}: maximum {top} > column {limit[1]}")
            elif kind == "array":
                if v.get("maxItems") is None:
                    out.append(f"{name}.{field}: list without maxItems")
                items = v.get("items", {})
                if items.get("type") == "string" and items.get("format") != "uuid":
                    ml = items.get("maxLength")
                    if ml is None:
                        out.append(f"{name}.{field}[]: string without maxLength")
                    elif limit is not None and limit[0] == "string" and ml > limit[1]:
                        out.append(f"{name}.{field}[]: maxLength {ml} > column {limit[1]}")
    return out


def test_every_request_schema_is_mapped_to_where_it_is_stored(spec) -> None:  # type: ignore[no-untyped-def]
    """A new request schema must say where it is stored, so that the walk below covers it."""
    names = {n for n in request_schemas(spec) if not n.startswith(NOT_STORED)}
    assert names - set(STORED_IN) == set()


def test_every_request_field_is_bounded_as_its_column(spec) -> None:  # type: ignore[no-untyped-def]
    """Strings, lists and integers of every request schema are bounded, within the column."""
    names = sorted(n for n in request_schemas(spec) if n in STORED_IN)
    assert [p for n in names for p in problems_of(spec, n)] == []
