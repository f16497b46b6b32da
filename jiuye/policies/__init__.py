"""Policies as code (issue 5)."""
