"""Early warning: open warnings, evidence, response checklist, claiming (issue 8, part 4). Included from jiuye/web/urls.py."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
