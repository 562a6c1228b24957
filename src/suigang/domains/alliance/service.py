"""The alliance's public use cases, for API, UI and CLI.

Profiles and membership live in ``profiles``; partner search over the members with the
matching engine in ``search``; declared supply links in ``links``; the chain graph (a firm's
partners, the zone's segments and local-supplier gaps, ``chain_fit`` for admission) in
``chain``; Excel exports in ``export``. Every write checks its permission, is audited and
commits once.
"""

from suigang.domains.alliance.chain import chain_fit, firm_chain, local_supplier_gaps, zone_chain
from suigang.domains.alliance.export import export_firm_chain, export_zone_chain
from suigang.domains.alliance.links import (
    declare_link,
    get_link,
    link_read,
    list_links,
    remove_link,
    update_link,
)
from suigang.domains.alliance.profiles import get_profile, set_membership, update_profile
from suigang.domains.alliance.search import MAX_TOP, member_index, search_partners

__all__ = [
    "MAX_TOP",
    "chain_fit",
    "declare_link",
    "export_firm_chain",
    "export_zone_chain",
    "firm_chain",
    "get_link",
    "get_profile",
    "link_read",
    "list_links",
    "local_supplier_gaps",
    "member_index",
    "remove_link",
    "search_partners",
    "set_membership",
    "update_link",
    "update_profile",
    "zone_chain",
]
