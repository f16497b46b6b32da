"""Posting screening: discrimination and job-trap rules, fraud classifier (pure: no Django)."""
