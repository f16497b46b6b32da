"""Embedded posting search index (pure: no Django)."""
