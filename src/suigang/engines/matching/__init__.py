"""Capability matching: rank firm profiles for a free-text query in English, 简体 or 繁體.

``build_index(profiles) -> Index`` once, then ``search(index, Query) -> SearchResult`` per
query. Traditional text is folded to Simplified (OpenCC), Chinese is segmented (jieba) and cut
into bigrams, English is stemmed, and a bilingual term dictionary (``data/terms.tsv``) maps
words of every language and the Hong Kong trade to shared concepts. Negated statements ("we
do not do plating", 「唔做電鍍」) do not count for a profile, and results explain themselves.
"""

from suigang.engines.matching.index import Index, Params, build_index
from suigang.engines.matching.model import (
    MAX_QUERY_CHARS,
    Boosts,
    Filters,
    Hit,
    Match,
    MatchKind,
    Profile,
    Query,
    SearchResult,
    Status,
)
from suigang.engines.matching.search import search
from suigang.engines.matching.terms import Term, TermDictionary, shipped_terms

__all__ = [
    "MAX_QUERY_CHARS",
    "Boosts",
    "Filters",
    "Hit",
    "Index",
    "Match",
    "MatchKind",
    "Params",
    "Profile",
    "Query",
    "SearchResult",
    "Status",
    "Term",
    "TermDictionary",
    "build_index",
    "search",
    "shipped_terms",
]
