"""Service network: stations, find the nearest, 15-minute coverage, siting (issue 9, parts 1-3). Included from jiuye/web/urls.py."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
