from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "jiuye.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        # Case files follow the library: after each completed import (and its worklist recompute) the
        # cases of the file's area are refreshed. Ingestion sits below cases, so it sends a signal.
        from jiuye.ingestion.pipeline import import_completed

        from .signals import refresh_after_import

        import_completed.connect(refresh_after_import, dispatch_uid="cases_refresh_after_import")
