from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """Installed only so that `manage.py api_issue_token` is found; the API has no models."""

    name = "jiuye.api"
    label = "api"
    verbose_name = _("Partner API")
