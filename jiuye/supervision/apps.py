from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "jiuye.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        # Every posting is screened before publication (web form, API and file upload alike).
        from jiuye.jobs import checks

        from .services import screen_for_publication

        checks.register(screen_for_publication)
