from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VacancySurveyConfig(AppConfig):
    name = "jiuye.monitoring.survey"
    label = "vacancy_survey"
    verbose_name = _("Job-vacancy survey")
