"""Policy pages (issue 5): public catalogue, citizens' and employers' policies and applications, staff review.
Included from jiuye/web/urls.py."""

from django.urls import path

from .views import policies

urlpatterns: list = [
    path("policies/", policies.policy_list, name="policy_list"),
    path("policies/<slug:policy_id>/", policies.policy_detail, name="policy_detail"),
]
