"""Embedded posting search index (pure: no Django).

SQLite FTS5 over jieba-tokenised text plus a plain table of filter columns, in its own file. See
docs/decisions/0009-posting-search.md.
"""

from .engine import (
    PAY_BANDS,
    SORTS,
    Facets,
    Hit,
    PostingRecord,
    Query,
    QueryError,
    Result,
    SearchIndex,
    parse_query,
    tokenize,
)

__all__ = [
    "PAY_BANDS",
    "SORTS",
    "Facets",
    "Hit",
    "PostingRecord",
    "Query",
    "QueryError",
    "Result",
    "SearchIndex",
    "parse_query",
    "tokenize",
]
