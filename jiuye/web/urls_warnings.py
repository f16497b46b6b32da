"""Early warning: open warnings, evidence, response checklist, claiming (issue 8, part 4). Included from jiuye/web/urls.py."""

from django.urls import path

from .views import warnings

urlpatterns = [
    path("warnings/", warnings.warning_list, name="warning_list"),
    path("warnings/<int:pk>/", warnings.warning_detail, name="warning_detail"),
    path("warnings/<int:pk>/action/", warnings.warning_action, name="warning_action"),
    path("warnings/<int:pk>/checklist/<int:item>/", warnings.checklist_tick, name="warning_checklist_tick"),
]
