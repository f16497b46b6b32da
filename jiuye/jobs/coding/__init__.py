"""Occupation coding of job titles to 大典 2022 / SOC (pure: no Django)."""

from .engine import Candidate, Coder, normalise, truncate
from .sources import TitleCoder, build_dadian_coder, build_onet_coder, load_coder

__all__ = [
    "Candidate",
    "Coder",
    "TitleCoder",
    "build_dadian_coder",
    "build_onet_coder",
    "load_coder",
    "normalise",
    "truncate",
]
