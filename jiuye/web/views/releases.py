"""Releases: majors red-yellow warning and the wage-price release (issue 8, parts 5-6)."""
