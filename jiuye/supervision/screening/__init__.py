"""Posting screening: discrimination and job-trap rules, discriminatory-wording classifier, fraud classifier (pure:
no Django).

Entry point: ``screen_posting(PostingText(...), model=None, pay_table=None, wording=None) -> ScreeningResult``
(``wording``: a ``wording.WordingModel``, whose flags are warnings; ``model``: the fraud model).
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
