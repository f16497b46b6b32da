"""Unemployment early-warning rules (pure: plain numbers in, a level with its evidence out).

- `regional`: the Sahm rule (FRED's SAHMCURRENT / SAHMREALTIME definitions), the Michaillat–Saez minimum
  indicator (unemployment and vacancies together) and a naive baseline;
- `enterprise`: economic-layoff triggers and insured-headcount falls aggregated by division × industry;
- `leading`: postings volume, unemployment registrations and benefit claims against their own history;
- `parameters`: the dated thresholds (YAML with `valid_from` and a source/reason for each version).

Every rule returns a `RuleResult`: a level (none < blue < yellow < orange < red), the value compared, the
threshold crossed and the evidence (the numbers behind it), so a warning can always say why.
"""

from .levels import LEVELS, RuleResult, level_for, level_rank

__all__ = ["LEVELS", "RuleResult", "level_for", "level_rank"]
