"""Pages of the web shell. Every page past the home page starts from a `visible_to(user)` queryset."""

from django.urls import include, path

from .views import public, records, worklists, workspace

app_name = "web"

urlpatterns = [
    path("", public.home, name="home"),
    path("workspace/", workspace.workspace, name="workspace"),
    path("persons/", records.person_list, name="person_list"),
    path("persons/<int:pk>/", records.person_detail, name="person_detail"),
    path("persons/<int:pk>/reveal/", records.person_reveal, name="person_reveal"),
    path("households/<int:pk>/", records.household_detail, name="household_detail"),
    path("employers/", records.employer_list, name="employer_list"),
    path("employers/<int:pk>/", records.employer_detail, name="employer_detail"),
    path("worklists/", worklists.overview, name="worklists"),
    path("worklists/<slug:kind>/", worklists.worklist, name="worklist"),
    path("worklists/<slug:kind>/export.csv", worklists.export, name="worklist_export"),
]

# Linkage: clerical review of possible matches, merging duplicates, merge history and undo.
from .views import linking  # noqa: E402

urlpatterns += [
    path("linking/reviews/", linking.review_queue, name="link_review_queue"),
    path("linking/reviews/<int:pk>/decide/", linking.review_decide, name="link_review_decide"),
    path("linking/merges/", linking.merge_history, name="merge_history"),
    path("linking/merges/<int:pk>/undo/", linking.merge_undo, name="merge_undo"),
    path("persons/<int:pk>/merge/", linking.person_merge, name="person_merge"),
    path("persons/<int:pk>/merge/<int:other>/", linking.person_merge_confirm, name="person_merge_confirm"),
]

# Data exchange: import runs, quarantine, rejects download, upload (issue 3).
from .views import ingestion  # noqa: E402

urlpatterns += [
    path("exchange/", ingestion.run_list, name="ingestion_runs"),
    path("exchange/runs/<int:pk>/", ingestion.run_detail, name="ingestion_run"),
    path("exchange/runs/<int:pk>/rejects/", ingestion.run_rejects, name="ingestion_rejects"),
    path("exchange/import/", ingestion.upload, name="ingestion_upload"),
    path("exchange/quarantine/", ingestion.quarantine_list, name="ingestion_quarantine"),
]

# Job postings and applications (issue 4): seekers, employers, staff.
from .views import jobs  # noqa: E402

urlpatterns += [
    path("jobs/", jobs.job_list, name="job_list"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:pk>/apply/", jobs.job_apply, name="job_apply"),
    path("jobs/<int:pk>/refer/", jobs.posting_refer, name="posting_refer"),
    path("jobs/applications/", jobs.my_applications, name="my_applications"),
    path("jobs/applications/<int:pk>/withdraw/", jobs.application_withdraw, name="application_withdraw"),
    path("jobs/applications/<int:pk>/move/", jobs.application_move, name="application_move"),
    path("jobs/mine/", jobs.posting_manage_list, name="posting_manage_list"),
    path("jobs/mine/new/", jobs.posting_create, name="posting_create"),
    path("jobs/mine/<int:pk>/edit/", jobs.posting_edit, name="posting_edit"),
    path("jobs/mine/<int:pk>/action/", jobs.posting_action, name="posting_action"),
    path("jobs/mine/<int:pk>/applications/", jobs.posting_applications, name="posting_applications"),
]

# Recommendations, seeker profiles and candidates (jiuye.web.urls_matching); staff posting work, occupation
# coding queue, posting file upload and notifications (jiuye.web.urls_jobs_staff).
urlpatterns += [
    path("", include("jiuye.web.urls_matching")),
    path("", include("jiuye.web.urls_jobs_staff")),
    path("", include("jiuye.web.urls_policies")),
]

# Supervision: posting moderation and appeals (urls_moderation), employer risk, inspections, complaints and the
# disability quota (urls_inspections); key-group assistance cases (urls_cases).
urlpatterns += [
    path("", include("jiuye.web.urls_moderation")),
    path("", include("jiuye.web.urls_inspections")),
    path("", include("jiuye.web.urls_cases")),
]

# Monitoring and early warning (issue 8): indicator dashboards, vacancy survey, warnings, majors and wage releases.
# Service network and flexible work (issue 9): stations, coverage and siting; casual labour, gig work, start-ups.
urlpatterns += [
    path("", include("jiuye.web.urls_monitoring")),
    path("", include("jiuye.web.urls_survey")),
    path("", include("jiuye.web.urls_warnings")),
    path("", include("jiuye.web.urls_releases")),
    path("", include("jiuye.web.urls_network")),
    path("", include("jiuye.web.urls_gig")),
]
