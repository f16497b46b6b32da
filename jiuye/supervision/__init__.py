"""Supervision (issue 7): posting screening, moderation, employer risk, inspections, disability quota."""
