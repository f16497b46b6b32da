"""URLs owned by one part of the web layer; included from jiuye/web/urls.py.

Occupation suggestions and search for the posting form, posting upload by file, the staff occupation coding queue,
and every user's notifications (jiuye.web.views.jobs_staff). The posting create/edit pages themselves keep their
names in jiuye/web/urls.py.
"""

from django.urls import path

from .views import jobs_staff as v

urlpatterns: list = [
    path("jobs/occupations/suggest/", v.occupation_suggest, name="occupation_suggest"),
    path("jobs/occupations/search/", v.occupation_search, name="occupation_search"),
    path("jobs/upload/", v.posting_upload, name="posting_upload"),
    path("jobs/upload/template.csv", v.posting_upload_template, name="posting_upload_template"),
    path("jobs/upload/<int:pk>/", v.posting_upload_detail, name="posting_upload_detail"),
    path("jobs/upload/<int:pk>/rejected.csv", v.posting_upload_rejects, name="posting_upload_rejects"),
    path("jobs/coding/", v.coding_queue, name="coding_queue"),
    path("jobs/coding/<int:pk>/confirm/", v.coding_confirm, name="coding_confirm"),
    path("notifications/", v.notification_list, name="notifications"),
    path("notifications/read-all/", v.notifications_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/", v.notification_open, name="notification_open"),
]
