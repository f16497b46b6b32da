"""Posting screening: discrimination and job-trap rules, fraud classifier (pure: no Django).

Entry point: ``screen_posting(PostingText(...), model=None, pay_table=None) -> ScreeningResult``.
"""

from .rules import screen_posting, screen_postings
from .types import CATEGORIES, DISCRIMINATION_CATEGORIES, TRAP_CATEGORIES, Flag, PostingText, ScreeningResult

__all__ = [
    "CATEGORIES",
    "DISCRIMINATION_CATEGORIES",
    "TRAP_CATEGORIES",
    "Flag",
    "PostingText",
    "ScreeningResult",
    "screen_posting",
    "screen_postings",
]
