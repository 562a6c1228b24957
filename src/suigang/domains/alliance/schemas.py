"""What the alliance reads and writes over the API, the pages and the CLI."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from suigang.domains.alliance.models import ITEM, LABEL, LinkKind, LinkSource
from suigang.domains.alliance.segments import Segment
from suigang.domains.identity.models import Region

MAX_QUERY = 500  # characters of a search query
DESCRIPTION_MAX = 4000
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=LABEL)]
Money = Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)]


class ProfileUpdate(BaseModel):
    """What a firm says of itself; ``version`` (as read) refuses a change made meanwhile."""

    segment: Segment | None = None
    description: str = Field(default="", max_length=DESCRIPTION_MAX)
    processes: list[Label] = Field(default_factory=list, max_length=60)
    materials: list[Label] = Field(default_factory=list, max_length=60)
    languages: list[Label] = Field(default_factory=list, max_length=10)
    capacity: int | None = Field(default=None, ge=0, le=1_000_000_000)
    capacity_unit: str = Field(default="", max_length=32)
    lead_time_days: int | None = Field(default=None, ge=0, le=3650)
    version: int | None = Field(default=None, ge=1, le=2**31 - 1)


class CertificationHeld(BaseModel):
    standard: str
    expires: date | None
    valid: bool  # not expired today


class ProfileRead(BaseModel):
    enterprise_id: uuid.UUID
    name: str
    kind: str
    region: Region
    member: bool
    joined_at: datetime | None
    segment: Segment | None
    description: str
    processes: list[str]
    materials: list[str]
    languages: list[str]
    capacity: int | None
    capacity_unit: str
    lead_time_days: int | None
    catalogue_processes: list[str]  # published capabilities, kept current by the catalogue
    catalogue_materials: list[str]
    machines: list[str]
    certifications: list[CertificationHeld]
    updated_at: datetime | None
    version: int


class MatchRead(BaseModel):
    """One reason: a query term and the profile words it matched."""

    query_term: str
    profile_words: list[str]
    kind: str  # term | word | chars | field
    concept: str


class PartnerHit(BaseModel):
    enterprise_id: uuid.UUID
    name: str
    kind: str
    region: Region
    segment: Segment | None
    score: float
    matches: list[MatchRead]
    notes: list[str]
    certifications: list[str]
    lead_time_days: int | None
    can_quote: bool  # a factory: a front shop may send it an RFQ


class PartnerSearch(BaseModel):
    query: str
    status: str  # ok | no_match | no_terms
    concepts: list[str]
    excluded: list[str]
    members: int  # profiles searched
    hits: list[PartnerHit]


class SupplyLinkCreate(BaseModel):
    """A link the caller's firm declares: it is the customer or the supplier. A supplier
    outside the platform is named with its region instead of an id."""

    supplier_id: uuid.UUID | None = None
    supplier_name: str = Field(default="", max_length=200)
    supplier_region: Region | None = None
    customer_id: uuid.UUID
    item: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=ITEM)]
    kind: LinkKind
    segment: Segment
    annual_value_cny: Money = Decimal(0)
    note: str = Field(default="", max_length=400)


class SupplyLinkUpdate(BaseModel):
    item: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=ITEM)]
    kind: LinkKind
    segment: Segment
    annual_value_cny: Money = Decimal(0)
    note: str = Field(default="", max_length=400)
    version: int | None = Field(default=None, ge=1, le=2**31 - 1)


class SupplyLinkRead(BaseModel):
    id: uuid.UUID
    declared_by: uuid.UUID
    supplier_id: uuid.UUID | None
    supplier_name: str
    supplier_region: Region
    customer_id: uuid.UUID
    customer_name: str
    item: str
    kind: LinkKind
    segment: Segment
    annual_value_cny: Decimal
    note: str
    version: int


class ChainEdge(BaseModel):
    """A direct partner of the firm: who, what, how it is known, and how much."""

    partner_id: uuid.UUID | None  # None: a supplier outside the platform
    partner_name: str
    partner_kind: str
    partner_region: Region
    item: str
    kind: LinkKind
    source: LinkSource
    segment: Segment | None
    orders: int  # platform orders behind the edge (0 for a declared link)
    value_cny: Decimal
    link_id: uuid.UUID | None  # the declared link (editable when declared by the firm)
    declared_by_me: bool


class FirmChain(BaseModel):
    enterprise_id: uuid.UUID
    upstream: list[ChainEdge]  # who supplies the firm
    downstream: list[ChainEdge]  # whom the firm supplies


class SegmentNode(BaseModel):
    id: str  # a segment value, "unassigned", or "outside" (suppliers outside the zone)
    firms: int  # zone firms in it (0 for "outside")


class SegmentEdge(BaseModel):
    source: str
    target: str
    links: int
    value_cny: Decimal


class GapCandidate(BaseModel):
    enterprise_id: uuid.UUID
    name: str
    region: Region
    score: float
    reasons: list[str]


class SupplierGap(BaseModel):
    """A component or service zone firms buy with no supplier inside the zone."""

    item: str
    kind: LinkKind
    segment: Segment | None
    buyers: int  # zone firms buying it
    links: int
    value_cny: Decimal
    supplier_regions: list[Region]
    candidates: list[GapCandidate]


class ZoneChain(BaseModel):
    nodes: list[SegmentNode]
    edges: list[SegmentEdge]
    gaps: list[SupplierGap]


class ChainFit(BaseModel):
    """Whether something a project makes fills a local-supplier gap, and which."""

    fits: bool
    gaps: list[str]
    reasons: list[str]

    def __bool__(self) -> bool:
        return self.fits
