"""Indicator dashboards: maps, trends, rankings, drill-down, exports (issue 8, part 2). Included from jiuye/web/urls.py."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
