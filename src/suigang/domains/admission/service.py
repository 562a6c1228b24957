"""Project admission's public use cases, in one place for API, UI and CLI.

The rules (versioned indicator sets) are in ``indicators``; the applicant's draft, evidence
and submission in ``applications``; the zone office's queue, review and decision in
``review``. Every write use case checks its permission, audits and commits once.
"""

from suigang.domains.admission.applications import (
    attach_document,
    create_application,
    get_application,
    my_applications,
    submit_application,
    update_application,
)
from suigang.domains.admission.indicators import (
    add_indicator_set,
    config_from_text,
    config_text,
    list_indicator_sets,
    set_in_force,
)
from suigang.domains.admission.review import (
    application_document,
    decide,
    get_review,
    review_queue,
    start_review,
)

__all__ = [
    "add_indicator_set",
    "application_document",
    "attach_document",
    "config_from_text",
    "config_text",
    "create_application",
    "decide",
    "get_application",
    "get_review",
    "list_indicator_sets",
    "my_applications",
    "review_queue",
    "set_in_force",
    "start_review",
    "submit_application",
    "update_application",
]
