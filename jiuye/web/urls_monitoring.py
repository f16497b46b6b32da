"""Indicator dashboards: maps, trends, rankings, drill-down, exports (issue 8, part 2). Included from jiuye/web/urls.py."""

from django.urls import path

from .views import monitoring

urlpatterns = [
    path("monitoring/", monitoring.overview, name="monitoring_overview"),
    path("monitoring/export.<str:fmt>", monitoring.overview_export, name="monitoring_overview_export"),
    path("monitoring/indicators/", monitoring.definitions, name="monitoring_definitions"),
    path("monitoring/indicators/<slug:code>/", monitoring.indicator_page, name="monitoring_indicator"),
    path(
        "monitoring/indicators/<slug:code>/export.<str:fmt>",
        monitoring.indicator_export,
        name="monitoring_indicator_export",
    ),
    path("monitoring/geo/<str:code>.json", monitoring.geo_json, name="monitoring_geo"),
]
