"""Planning's public use cases, in one place for API, UI and CLI.

Plan versions (make, optimise, release, read) live in ``versions``; capable-to-promise in
``ctp``; disruptions and rush orders in ``disrupt``; pins and the frozen horizon in
``edits``; calendars in ``calendar``; background searches in ``background``; comparisons and
forecasts in ``views``; notifications and webhooks in ``notify``. Every write use case
checks its permission, writes the audit log and commits once, at its end.
"""

from suigang.domains.planning.adherence import planned_ends, scheduled_work_orders
from suigang.domains.planning.background import (
    Scenario,
    SearchStatus,
    search_status,
    start_search,
    start_sweep,
    sweep_status,
)
from suigang.domains.planning.calendar import (
    add_holiday,
    add_maintenance,
    get_calendar,
    set_calendar,
    set_setup_family,
    set_setup_matrix,
)
from suigang.domains.planning.ctp import Bumped, Promise, promise_date
from suigang.domains.planning.disrupt import report_machine_down, report_operation_late, rush_order
from suigang.domains.planning.edits import freeze_plan, pin_operation
from suigang.domains.planning.notify import (
    delete_webhook,
    list_notifications,
    list_webhooks,
    mark_read,
    register_webhook,
    unread_count,
)
from suigang.domains.planning.versions import (
    PLAN_CLASH,
    current_version,
    get_current_plan,
    get_plan,
    list_plans,
    make_plan,
    optimise,
    release_plan,
    version_rows,
)
from suigang.domains.planning.views import (
    Comparison,
    OrderForecast,
    compare_plans,
    order_forecast,
    plan_detail,
    rows_by_machine,
)

__all__ = [
    "PLAN_CLASH",
    "Bumped",
    "Comparison",
    "OrderForecast",
    "Promise",
    "Scenario",
    "SearchStatus",
    "add_holiday",
    "add_maintenance",
    "compare_plans",
    "current_version",
    "delete_webhook",
    "freeze_plan",
    "get_calendar",
    "get_current_plan",
    "get_plan",
    "list_notifications",
    "list_plans",
    "list_webhooks",
    "make_plan",
    "mark_read",
    "optimise",
    "order_forecast",
    "pin_operation",
    "plan_detail",
    "planned_ends",
    "promise_date",
    "register_webhook",
    "release_plan",
    "report_machine_down",
    "report_operation_late",
    "rows_by_machine",
    "rush_order",
    "scheduled_work_orders",
    "search_status",
    "set_calendar",
    "set_setup_family",
    "set_setup_matrix",
    "start_search",
    "start_sweep",
    "sweep_status",
    "unread_count",
    "version_rows",
]
