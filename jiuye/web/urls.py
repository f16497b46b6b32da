"""Pages of the web shell. Every page past the home page starts from a `visible_to(user)` queryset."""

from django.urls import path

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
