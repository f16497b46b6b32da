"""Salary text → monthly pay range (pure: no Django)."""
