"""Releases: majors red-yellow warning and the wage-price release (issue 8, parts 5-6). Included from jiuye/web/urls.py."""

from django.urls import path

from .views import releases

urlpatterns = [
    path("releases/majors/", releases.majors_list, name="releases_majors"),
    path("releases/majors/<int:pk>/", releases.major_detail, name="releases_major_detail"),
    path("wage-prices/", releases.wage_release_list, name="wage_release_list"),
    path("wage-prices/<int:pk>/", releases.wage_release_detail, name="wage_release_detail"),
    path(
        "wage-prices/<int:pk>/download.<str:fmt>",
        releases.wage_release_download,
        name="wage_release_download",
    ),
    path("wage-prices/<int:pk>/publish/", releases.wage_release_publish, name="wage_release_publish"),
    path("wage-prices/<int:pk>/withdraw/", releases.wage_release_withdraw, name="wage_release_withdraw"),
]
