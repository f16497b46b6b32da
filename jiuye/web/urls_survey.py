"""Job-vacancy survey: design, questionnaire for sampled employers, response tracking, estimates (issue 8, part 3). Included from jiuye/web/urls.py."""

from django.urls import path

from .views import survey as v

urlpatterns: list = [
    path("survey/", v.round_list, name="survey_rounds"),
    path("survey/new/", v.round_create, name="survey_round_create"),
    path("survey/<int:pk>/", v.round_detail, name="survey_round"),
    path("survey/<int:pk>/remind/", v.round_remind, name="survey_round_remind"),
    path("survey/<int:pk>/close/", v.round_close, name="survey_round_close"),
    path("survey/<int:pk>/estimate/", v.round_estimate, name="survey_round_estimate"),
    path("survey/<int:pk>/results/", v.results, name="survey_results"),
    path("survey/<int:pk>/results.csv", v.results_csv, name="survey_results_csv"),
    path("survey/answer/<int:pk>/", v.answer, name="survey_answer"),
    path("survey/occupations/", v.occupation_options, name="survey_occupations"),
    path("me/surveys/", v.my_surveys, name="survey_mine"),
]
