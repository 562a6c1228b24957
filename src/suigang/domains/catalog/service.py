"""The catalogue's use cases, in one place for API, UI and CLI.

Sites, work centers and machines live in ``machines``, capabilities in ``capabilities``,
products in ``products`` and spreadsheet import/export in ``transfer``. Every write use
case checks its permission, writes the audit log and commits once, at its end.
"""

from __future__ import annotations

from suigang.domains.catalog.capabilities import (
    create_capability,
    factories_with_capability,
    fold,
    search_capabilities,
)
from suigang.domains.catalog.cycles import PlannedUnitTime, planned_unit_times
from suigang.domains.catalog.io import ImportRejected
from suigang.domains.catalog.machines import (
    create_machine,
    create_site,
    create_work_center,
    get_machine,
    list_machines,
    list_work_centers,
    set_machine_status,
    update_machine,
)
from suigang.domains.catalog.products import (
    create_product,
    get_product,
    list_products,
    update_product,
)
from suigang.domains.catalog.transfer import (
    export_machines,
    export_products,
    import_machines,
    import_products,
)

__all__ = [
    "ImportRejected",
    "PlannedUnitTime",
    "create_capability",
    "create_machine",
    "create_product",
    "create_site",
    "create_work_center",
    "export_machines",
    "export_products",
    "factories_with_capability",
    "fold",
    "get_machine",
    "get_product",
    "import_machines",
    "import_products",
    "list_machines",
    "list_products",
    "list_work_centers",
    "planned_unit_times",
    "search_capabilities",
    "set_machine_status",
    "update_machine",
    "update_product",
]
