"""URLs owned by one part of the web layer; included from jiuye/web/urls.py.

Moderation: a posting's screening flags and the appeal (employer), the appeal queue, notices, the abnormal-account
list and qualification re-checks (inspectors)."""

from django.urls import path

from .views import moderation

urlpatterns: list = [
    path("moderation/postings/<int:pk>/", moderation.posting_moderation, name="moderation_posting"),
    path("moderation/postings/<int:pk>/appeal/", moderation.appeal_submit, name="moderation_appeal_submit"),
    path("moderation/appeals/", moderation.appeal_queue, name="moderation_appeals"),
    path("moderation/appeals/<int:pk>/", moderation.appeal_detail, name="moderation_appeal"),
    path("moderation/notices/", moderation.notices, name="moderation_notices"),
    path("moderation/abnormal/", moderation.abnormal_list, name="moderation_abnormal"),
    path("moderation/abnormal/<int:pk>/clear/", moderation.abnormal_clear, name="moderation_abnormal_clear"),
    path("moderation/qualifications/", moderation.qualification_checks, name="moderation_qualifications"),
    path(
        "moderation/qualifications/<int:pk>/check/",
        moderation.qualification_record,
        name="moderation_qualification_record",
    ),
]
