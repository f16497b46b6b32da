"""Signals the jobs app sends. Receivers live in apps above it (matching), so jobs never imports them."""

from django.dispatch import Signal

# Staff confirmed (or corrected) the occupation of a job title: sent with `title` (as typed), `key` (the coder's
# normalised form) and `occupation` (taxonomy.Occupation). Receivers re-code their own records with that title.
occupation_title_confirmed = Signal()
