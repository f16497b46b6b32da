"""Casual labour and gig work, entrepreneurship support (issue 9, parts 4-5). Included from jiuye/web/urls.py."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
