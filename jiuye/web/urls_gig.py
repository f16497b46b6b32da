"""Casual labour and gig work, entrepreneurship support (issue 9, parts 4-5). Included from jiuye/web/urls.py."""

from django.urls import path

from .views import gig, startups

urlpatterns: list = [
    path("gig/", gig.home, name="gig_home"),
    path("gig/stations/", gig.station_list, name="gig_stations"),
    path("gig/checkin/", gig.checkin, name="gig_checkin"),
    path("gig/checkin/<int:pk>/withdraw/", gig.checkin_withdraw, name="gig_checkin_withdraw"),
    path("gig/jobs/", gig.job_list, name="gig_jobs"),
    path("gig/jobs/new/", gig.job_create, name="gig_job_create"),
    path("gig/jobs/<int:pk>/", gig.job_detail, name="gig_job"),
    path("gig/jobs/<int:pk>/close/", gig.job_close, name="gig_job_close"),
    path("gig/jobs/<int:pk>/offer/", gig.job_offer, name="gig_job_offer"),
    path("gig/jobs/<int:pk>/request/", gig.job_request, name="gig_job_request"),
    path("gig/engagements/<int:pk>/", gig.engagement_detail, name="gig_engagement"),
    path("gig/engagements/<int:pk>/act/", gig.engagement_act, name="gig_engagement_act"),
    path("gig/me/history/", gig.my_history, name="gig_history"),
    path("gig/workers/<int:person_pk>/history/", gig.worker_history, name="gig_worker_history"),
    path("startups/", startups.directory, name="startups"),
    path("startups/mine/", startups.mine, name="startups_mine"),
    path("startups/mine/loan/", startups.loan_apply, name="startups_loan_apply"),
    path("startups/<int:pk>/register/", startups.register, name="startups_register"),
    path("startups/staff/", startups.staff, name="startups_staff"),
    path("startups/incubators/new/", startups.incubator_edit, name="startups_incubator_new"),
    path("startups/incubators/<int:pk>/", startups.incubator_edit, name="startups_incubator_edit"),
    path("startups/mentors/new/", startups.mentor_edit, name="startups_mentor_new"),
    path("startups/mentors/<int:pk>/", startups.mentor_edit, name="startups_mentor_edit"),
]
