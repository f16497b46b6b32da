from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StartupsConfig(AppConfig):
    name = "jiuye.network.startups"
    label = "startups"
    verbose_name = _("Entrepreneurship support")
