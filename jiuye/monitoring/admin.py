"""Admin views of the indicator system: read-only, because definitions come from the catalogue
(`services.ensure_indicators`) and values from `services.compute_indicators`; values are scoped like every page."""

from django.contrib import admin

from jiuye.core.admin_mixins import ScopedAdminMixin

from .models import Indicator, IndicatorValue


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "unit", "frequency", "group_by", "is_active")
    list_filter = ("unit", "frequency", "is_active")
    search_fields = ("code", "name_zh", "name_en")


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "indicator",
        "division",
        "month",
        "group",
        "value",
        "numerator",
        "denominator",
        "suppressed",
        "engine",
        "computed_at",
    )
    list_filter = ("indicator", "suppressed", "engine", "month")
    list_select_related = ("indicator", "division")
    search_fields = ("=division__code", "group")
