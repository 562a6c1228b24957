"""Standards alignment: the ISO/IEC ↔ GB crosswalk and what a product must meet.

- ``parse_standard(text) -> StandardNumber``: read a standard number as people type it
  (``iso9001:2015``, ``GBT19001—2016``, ``IEC TS 62443-1-1``); GB (mandatory) and GB/T
  (recommended) stay apart.
- ``read_crosswalk(text)`` and ``read_requirements(text)``: CSV tables, read whole or refused
  with every bad line named (:class:`TableError`).
- ``Crosswalk.from_rows(*tables)``: merge tables (duplicates collapse) and derive which
  editions are superseded.
- ``lookup(crosswalk, query) -> LookupResult``: both ways, best first.
- ``check_product(requirements, crosswalk, ...) -> ProductCheck``: a product category's
  mainland and Hong Kong / international requirements side by side with the firm's
  certifications (held, expiring, expired, missing).
"""

from suigang.engines.standards.crosswalk import Adoption, Crosswalk, CrosswalkRow, Entry
from suigang.engines.standards.lookup import (
    LookupResult,
    LookupStatus,
    Match,
    Note,
    NoteKind,
    Side,
    kind_name,
    lookup,
    match_record,
)
from suigang.engines.standards.numbers import (
    Scheme,
    StandardNumber,
    fold,
    parse_query,
    parse_standard,
)
from suigang.engines.standards.requirements import (
    Certification,
    CertStatus,
    Jurisdiction,
    ProductCheck,
    ProductStatus,
    Requirement,
    RequirementCheck,
    categories,
    check_product,
)
from suigang.engines.standards.tables import (
    CROSSWALK_COLUMNS,
    REQUIREMENT_COLUMNS,
    TableError,
    decode_table,
    read_crosswalk,
    read_requirements,
)

__all__ = [
    "CROSSWALK_COLUMNS",
    "REQUIREMENT_COLUMNS",
    "Adoption",
    "CertStatus",
    "Certification",
    "Crosswalk",
    "CrosswalkRow",
    "Entry",
    "Jurisdiction",
    "LookupResult",
    "LookupStatus",
    "Match",
    "Note",
    "NoteKind",
    "ProductCheck",
    "ProductStatus",
    "Requirement",
    "RequirementCheck",
    "Scheme",
    "Side",
    "StandardNumber",
    "TableError",
    "categories",
    "check_product",
    "decode_table",
    "fold",
    "kind_name",
    "lookup",
    "match_record",
    "parse_query",
    "parse_standard",
    "read_crosswalk",
    "read_requirements",
]
