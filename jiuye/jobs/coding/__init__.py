"""Occupation coding of job titles to 大典 2022 / SOC (pure: no Django)."""
