"""What the standards domain reads and writes."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field


class RowError(BaseModel):
    """One bad row of an imported table; ``line`` as a spreadsheet shows it (header = 1)."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class ImportResult(BaseModel):
    """What an accepted import did."""

    kind: str  # crosswalk | requirements
    rows: int  # rows read from the file (after duplicates in it collapsed)
    added: int
    updated: int
    unchanged: int
    removed: int  # rows of the table dropped by a replacing import


class StandardMatch(BaseModel):
    """A crosswalk row found by a look-up (the CLI's JSON record, with the row's id)."""

    id: uuid.UUID
    intl_standard: str
    intl_title: str
    intl_year: int | None
    cn_standard: str
    cn_title_zh: str
    cn_kind: str  # mandatory | recommended | guidance | "" for sector and local codes
    mandatory: bool
    year: int
    adoption: str
    verified: bool
    superseded: bool
    superseded_by: str | None
    topic: str
    source: str
    matched: str  # intl | cn: the column the query matched
    edition_match: bool


class LookupNote(BaseModel):
    kind: str  # edition_not_found | other_kind
    subject: str
    related: list[str]
    message: str


class StandardsLookup(BaseModel):
    query: list[str]  # the query as read, canonical spellings
    status: str  # found | edition_not_found | not_found
    items: list[StandardMatch]
    notes: list[LookupNote]


class CertificationCreate(BaseModel):
    standard: str = Field(min_length=1, max_length=120)
    expires: date | None = None
    reference: str = Field(default="", max_length=200)


class CertificationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    enterprise_id: uuid.UUID
    standard: str
    expires: date | None
    reference: str
    created_at: datetime
    created_by: str


class CategorySet(BaseModel):
    category: str = Field(min_length=1, max_length=100)


class RequirementRead(BaseModel):
    """One requirement with its counterparts and the firm's standing against it."""

    standard: str
    title: str
    source: str
    note: str
    verified: bool  # the requirement names the source that requires it
    status: str  # held | expiring | expired | missing
    certification: str | None  # the standard named by the certification that counts
    certification_expires: date | None
    certification_reference: str
    via: str | None  # the counterpart through which it counts
    days_left: int | None
    counterparts: list[StandardMatch]


class ProductStandards(BaseModel):
    """What must my product meet: its category's two lists, side by side."""

    product_id: uuid.UUID
    product_code: str
    product_name: str
    category: str | None
    status: str  # found | no_requirements | no_category
    on: date
    expiring_within_days: int
    mainland: list[RequirementRead]
    hk_international: list[RequirementRead]


class ProductCategoryRead(BaseModel):
    product_id: uuid.UUID
    code: str
    name: str
    category: str | None
