"""/api/v1 — the partner-department API. Read-only, token or session authenticated, scoped by division."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import schema  # noqa: F401  (schema annotations)
from .geography import DivisionViewSet, ServiceOfficeViewSet
from .registry import (
    EmployerViewSet,
    EmploymentSpellViewSet,
    HouseholdViewSet,
    PersonViewSet,
    UnemploymentRegistrationViewSet,
)
from .taxonomy import (
    EducationLevelViewSet,
    IndustryViewSet,
    IscoGroupViewSet,
    KeyGroupViewSet,
    OccupationViewSet,
)

app_name = "api"

router = DefaultRouter()
router.include_root_view = False
router.register("persons", PersonViewSet, basename="person")
router.register("households", HouseholdViewSet, basename="household")
router.register("employers", EmployerViewSet, basename="employer")
router.register("employment-spells", EmploymentSpellViewSet, basename="employment-spell")
router.register("unemployment-registrations", UnemploymentRegistrationViewSet, basename="unemployment-registration")
router.register("divisions", DivisionViewSet, basename="division")
router.register("service-offices", ServiceOfficeViewSet, basename="service-office")
router.register("occupations", OccupationViewSet, basename="occupation")
router.register("isco-groups", IscoGroupViewSet, basename="isco-group")
router.register("education-levels", EducationLevelViewSet, basename="education-level")
router.register("industries", IndustryViewSet, basename="industry")
router.register("key-groups", KeyGroupViewSet, basename="key-group")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]

# Bulk job posting (issue 4).
from .jobs import BulkPostingView  # noqa: E402

urlpatterns += [path("postings/bulk/", BulkPostingView.as_view(), name="postings-bulk")]

# Recommendations for partner departments (issue 4).
from .matching import JobRecommendationsView  # noqa: E402

urlpatterns += [path("recommendations/jobs/", JobRecommendationsView.as_view(), name="recommendations-jobs")]

# The indicator system (issue 8).
from .monitoring import IndicatorListView, IndicatorValuesView  # noqa: E402

urlpatterns += [
    path("indicators/", IndicatorListView.as_view(), name="indicators"),
    path("indicators/values/", IndicatorValuesView.as_view(), name="indicator-values"),
]

# Public station search, nearest first (issue 9).
from .network import StationSearchView  # noqa: E402

urlpatterns += [path("stations/", StationSearchView.as_view(), name="stations")]

# Unemployment early warnings (issue 8, part 4).
from .warnings import WarningViewSet  # noqa: E402

urlpatterns += [
    path("warnings/", WarningViewSet.as_view({"get": "list"}), name="warning-list"),
    path("warnings/<int:pk>/", WarningViewSet.as_view({"get": "retrieve"}), name="warning-detail"),
]

# Majors red-yellow warning and the wage-price release (issue 8, parts 5-6).
from .releases import MajorWarningListView, WageCellListView, WageReleaseListView  # noqa: E402

urlpatterns += [
    path("wage-releases/", WageReleaseListView.as_view(), name="wage-release-list"),
    path("wage-releases/<int:pk>/cells/", WageCellListView.as_view(), name="wage-release-cells"),
    path("major-warnings/", MajorWarningListView.as_view(), name="major-warning-list"),
]

# The job-vacancy survey: rounds with their design, estimates with SEs and suppressed cells (issue 8, part 3).
from .survey import SurveyEstimateListView, SurveyRoundListView  # noqa: E402

urlpatterns += [
    path("vacancy-survey/rounds/", SurveyRoundListView.as_view(), name="vacancy-survey-rounds"),
    path(
        "vacancy-survey/rounds/<int:pk>/estimates/",
        SurveyEstimateListView.as_view(),
        name="vacancy-survey-estimates",
    ),
]

# Casual labour and gig work: open day jobs, a worker's portable work history (issue 9, part 4).
from .gig import GigHistoryView, GigJobListView  # noqa: E402

urlpatterns += [
    path("gig/jobs/", GigJobListView.as_view(), name="gig-jobs"),
    path("gig/history/", GigHistoryView.as_view(), name="gig-history"),
]
