"""Risk-of-long-term-unemployment profiling (pure: no Django).

- `data`: the real unemployment-duration data sets as binary long-term targets (censoring handled, protected
  attributes kept apart for the group report);
- `evaluate`: nested cross-validation, calibration, group report, rule baseline;
- `model`: `ProfileModel`, the transparent points score used by the cases app to order the caseworker's queue.

See docs/decisions/0012-unemployment-profiling.md. The score orders a queue; it never denies a service.
"""

from .model import PROFILE_FEATURES, ProfileModel

__all__ = ["PROFILE_FEATURES", "ProfileModel"]
