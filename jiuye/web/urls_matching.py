"""URLs owned by one part of the web layer; included from jiuye/web/urls.py."""

from django.urls import path

from .views import matching

urlpatterns: list = [
    path("me/job-wishes/", matching.my_profile, name="my_profile"),
    path("me/job-wishes/occupation/", matching.my_profile_occupation, name="my_profile_occupation"),
    path("me/recommendations/", matching.my_recommendations, name="my_recommendations"),
    path("jobs/mine/<int:pk>/candidates/", matching.posting_candidates, name="posting_candidates"),
    path(
        "jobs/mine/<int:pk>/candidates/invite/",
        matching.posting_candidate_invite,
        name="posting_candidate_invite",
    ),
    path("persons/<int:pk>/recommendations/", matching.person_recommendations, name="person_recommendations"),
    path(
        "persons/<int:pk>/recommendations/refer/<int:posting_pk>/",
        matching.person_recommendation_refer,
        name="person_recommendation_refer",
    ),
    path("persons/<int:pk>/job-wishes/", matching.person_profile, name="person_profile"),
    path(
        "persons/<int:pk>/job-wishes/occupation/",
        matching.person_profile_occupation,
        name="person_profile_occupation",
    ),
    path("analysis/recommendations/", matching.recommendation_report, name="recommendation_report"),
]
