"""Job-vacancy survey: design, questionnaire for sampled employers, response tracking, estimates (issue 8, part 3). Included from jiuye/web/urls.py."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
