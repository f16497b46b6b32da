"""Key-group assistance (issue 6): caseworker queue, case files, zero-employment households,
public-welfare positions and the leaders' dashboard. Included from jiuye/web/urls.py."""

from django.urls import path

from .views import cases

urlpatterns: list = [
    path("cases/", cases.case_queue, name="case_queue"),
    path("cases/households/", cases.household_cases, name="case_households"),
    path("cases/positions/", cases.position_list, name="position_list"),
    path("cases/positions/<int:pk>/", cases.position_detail, name="position_detail"),
    path("cases/placements/<int:pk>/end/", cases.placement_end, name="placement_end"),
    path("cases/dashboard/", cases.dashboard, name="case_dashboard"),
    path("cases/dashboard/export.csv", cases.dashboard_export, name="case_dashboard_export"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/contact/", cases.case_contact, name="case_contact"),
    path("cases/<int:pk>/assessment/", cases.case_assess, name="case_assess"),
    path("cases/<int:pk>/action/", cases.case_action, name="case_action"),
    path("cases/<int:pk>/refer/", cases.case_refer, name="case_refer"),
    path("cases/<int:pk>/place/", cases.case_place, name="case_place"),
    path("cases/<int:pk>/close/", cases.case_close, name="case_close"),
    path("cases/open/<int:person_pk>/", cases.case_open, name="case_open"),
    path("cases/actions/<int:pk>/status/", cases.action_status, name="case_action_status"),
    path("cases/conflicts/<int:pk>/resolve/", cases.conflict_resolve, name="conflict_resolve"),
]
