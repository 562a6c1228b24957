"""The standards domain's public use cases, for API, UI and CLI.

The zone office imports its tables (``tables``); anyone signed in looks standards up in the
stored crosswalk (``lookup``); a firm files its products under a requirement category and
reads what each must meet against its certifications (``products``, ``certifications``).
"""

from suigang.domains.standards.certifications import (
    firm_certifications,
    list_certifications,
    record_certification,
    remove_certification,
)
from suigang.domains.standards.lookup import lookup_standards, stored_crosswalk
from suigang.domains.standards.products import (
    EXPIRING_WITHIN_DAYS,
    list_categories,
    list_product_categories,
    product_standards,
    set_product_category,
)
from suigang.domains.standards.tables import (
    MAX_TABLE_BYTES,
    TableKind,
    TableRejected,
    import_table,
    table_kind,
)

__all__ = [
    "EXPIRING_WITHIN_DAYS",
    "MAX_TABLE_BYTES",
    "TableKind",
    "TableRejected",
    "firm_certifications",
    "import_table",
    "list_categories",
    "list_certifications",
    "list_product_categories",
    "lookup_standards",
    "product_standards",
    "record_certification",
    "remove_certification",
    "set_product_category",
    "stored_crosswalk",
    "table_kind",
]
