"""Support schemes' public use cases: the catalogue the zone office keeps, and matching a
firm's profile, an admission application or a relay project against it."""

from suigang.domains.schemes.catalogue import (
    list_schemes,
    save_scheme,
    scheme_from_text,
    scheme_text,
)
from suigang.domains.schemes.matching import match_application, match_firm, match_project

__all__ = [
    "list_schemes",
    "match_application",
    "match_firm",
    "match_project",
    "save_scheme",
    "scheme_from_text",
    "scheme_text",
]
