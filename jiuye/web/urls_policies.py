"""Policy pages (issue 5): public catalogue, citizens' and employers' policies and applications, staff review.
Included from jiuye/web/urls.py. The names policy_apply and policy_application are the links that
jiuye.policies.services puts in push and status notifications."""

from django.urls import path

from .views import policies

urlpatterns: list = [
    path("policies/", policies.policy_list, name="policy_list"),
    path("policies/review/", policies.policy_review_queue, name="policy_review_queue"),
    path("policies/worklist/", policies.policy_worklist, name="policy_worklist"),
    path("policies/applications/<int:pk>/", policies.policy_application, name="policy_application"),
    path(
        "policies/applications/<int:pk>/act/", policies.policy_application_act, name="policy_application_act"
    ),
    path(
        "policies/applications/<int:pk>/review/",
        policies.policy_application_review,
        name="policy_application_review",
    ),
    path("policies/<slug:policy_id>/", policies.policy_detail, name="policy_detail"),
    path("me/policies/", policies.my_policies, name="my_policies"),
    path("me/policies/consent/", policies.my_policy_consent, name="my_policy_consent"),
    path("me/policies/<slug:policy_id>/", policies.my_policy, name="my_policy"),
    path("me/policies/<slug:policy_id>/apply/", policies.policy_apply, name="policy_apply"),
]
