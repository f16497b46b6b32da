"""Admin views of the vacancy survey: scoped like every page and read-only (rows change through `services.py`)."""

from django.contrib import admin

from jiuye.core.admin_mixins import ScopedAdminMixin

from .models import FrameEntry, SurveyResponse, SurveyRound


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SurveyRound)
class SurveyRoundAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "division", "reference_date", "closes_on", "status", "estimated_at")
    list_filter = ("status",)
    list_select_related = ("division",)


@admin.register(FrameEntry)
class FrameEntryAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "round",
        "employer",
        "stratum",
        "headcount",
        "sampled",
        "inclusion_probability",
        "final_weight",
    )
    list_filter = ("sampled", "size_class")
    list_select_related = ("round", "employer")


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("round", "employer", "status", "submitted_at", "on_behalf", "submissions")
    list_filter = ("status", "on_behalf")
    list_select_related = ("round", "employer")
