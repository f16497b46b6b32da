"""Service network: stations, find the nearest, 15-minute coverage, siting (issue 9, parts 1-3). Included from jiuye/web/urls.py."""

from django.urls import path

from .views import network as v

urlpatterns = [
    path("stations/", v.station_finder, name="network_finder"),
    path("stations/<int:pk>/", v.station_public, name="network_station_public"),
    path("network/stations/", v.station_list, name="network_stations"),
    path("network/stations/new/", v.station_create, name="network_station_create"),
    path("network/stations/<int:pk>/edit/", v.station_edit, name="network_station_edit"),
    path("network/stations/<int:pk>/deactivate/", v.station_deactivate, name="network_station_deactivate"),
    path("network/coverage/", v.coverage, name="network_coverage"),
    path("network/siting/", v.siting, name="network_siting"),
    path("network/siting/<int:pk>/", v.scenario_detail, name="network_scenario"),
    path("network/siting/compare/", v.scenario_compare, name="network_compare"),
]
