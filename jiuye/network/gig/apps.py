from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GigConfig(AppConfig):
    name = "jiuye.network.gig"
    label = "gig"
    verbose_name = _("Casual labour and gig work")
