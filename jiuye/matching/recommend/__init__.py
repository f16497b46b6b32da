"""Two-way recommendations: jobs for a seeker, candidates for a posting (pure: no Django)."""

from .engine import FEATURES, JobIndex, SeekerIndex
from .skills import extract_skills
from .types import PROTECTED, JobFeatures, Reason, Recommendation, SeekerFeatures

__all__ = [
    "FEATURES",
    "PROTECTED",
    "JobFeatures",
    "JobIndex",
    "Reason",
    "Recommendation",
    "SeekerFeatures",
    "SeekerIndex",
    "extract_skills",
]
