from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EarlyWarningConfig(AppConfig):
    name = "jiuye.monitoring.early_warning"
    label = "early_warning"
    verbose_name = _("Early warning")
