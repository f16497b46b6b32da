"""Record linkage engine (pure: no Django). Exact linkage on keyed ID hashes; splink for the rest."""

from .engine import Thresholds, dedupe_records, link_records

__all__ = ["Thresholds", "dedupe_records", "link_records"]
