"""Labour inspection pages (issue 7, parts 3–6): employer risk, layoff alerts, campaigns, inspections,
wage-arrears cases, complaints and the disability quota. Included from jiuye/web/urls.py."""

from django.urls import path

from .views import inspections as v

urlpatterns: list = [
    path("inspections/risk/", v.risk_list, name="inspections_risk"),
    path("inspections/employers/<int:pk>/", v.employer_risk, name="inspections_employer"),
    path("inspections/employers/<int:employer_pk>/inspect/", v.inspection_open, name="inspections_open"),
    path("inspections/layoffs/", v.layoff_list, name="inspections_layoffs"),
    path("inspections/layoffs/<int:pk>/check/", v.layoff_check, name="inspections_layoff_check"),
    path("inspections/campaigns/", v.campaign_list, name="inspections_campaigns"),
    path("inspections/campaigns/<int:pk>/", v.campaign_detail, name="inspections_campaign"),
    path("inspections/campaigns/<int:pk>/draw/", v.campaign_draw, name="inspections_campaign_draw"),
    path("inspections/visits/", v.inspection_list, name="inspections_list"),
    path("inspections/visits/<int:pk>/", v.inspection_detail, name="inspections_inspection"),
    path("inspections/arrears/", v.arrears_list, name="inspections_arrears"),
    path("inspections/arrears/<int:pk>/update/", v.arrears_update, name="inspections_arrears_update"),
    path("inspections/complaints/", v.complaint_queue, name="inspections_complaints"),
    path("inspections/complaints/<int:pk>/act/", v.complaint_act, name="inspections_complaint_act"),
    path("inspections/quota/", v.quota_view, name="inspections_quota"),
    path("complaints/new/", v.complaint_new, name="inspections_complaint_new"),
    path("me/complaints/", v.my_complaints, name="inspections_my_complaints"),
]
