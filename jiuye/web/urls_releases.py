"""Releases: majors red-yellow warning and the wage-price release (issue 8, parts 5-6). Included from jiuye/web/urls.py."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
