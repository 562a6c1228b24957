"""The relay's public use cases, in one place for API, UI and CLI.

Projects (start, claim levels, add participants, close, list) live in ``projects``;
evidence filed under levels in ``claims``; the gate check and the baton pass in
``handovers``; a participant's full view in ``views``; the zone office's figures in
``funnel``. Every write use case checks its permission, writes the project's timeline and
the audit log, and commits once at its end; ``now`` lets a caller date what happened.
"""

from suigang.domains.relay.claims import (
    attach_document,
    attach_link,
    attach_review,
    list_project_evidence,
    project_document,
    refresh_link,
)
from suigang.domains.relay.common import relay_config
from suigang.domains.relay.funnel import relay_funnel
from suigang.domains.relay.handovers import (
    GateRefused,
    accept_handover,
    check_handover_gate,
    get_handover,
    list_handovers,
    refuse_handover,
    request_handover,
    withdraw_handover,
)
from suigang.domains.relay.projects import (
    add_participant,
    claim_level,
    close_project,
    create_project,
    get_summary,
    list_projects,
)
from suigang.domains.relay.views import get_project

__all__ = [
    "GateRefused",
    "accept_handover",
    "add_participant",
    "attach_document",
    "attach_link",
    "attach_review",
    "check_handover_gate",
    "claim_level",
    "close_project",
    "create_project",
    "get_handover",
    "get_project",
    "get_summary",
    "list_handovers",
    "list_project_evidence",
    "list_projects",
    "project_document",
    "refresh_link",
    "refuse_handover",
    "relay_config",
    "relay_funnel",
    "request_handover",
    "withdraw_handover",
]
