from django.contrib import admin

from .models import MajorOutcome, MajorWarning, WageCell, WageRelease


class ScopedAdmin(admin.ModelAdmin):
    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MajorOutcome)
class MajorOutcomeAdmin(ScopedAdmin):
    list_display = ("major_name", "institution", "division", "cohort", "graduates", "employed_at_graduation")
    list_filter = ("cohort",)
    search_fields = ("major_name", "institution")


@admin.register(MajorWarning)
class MajorWarningAdmin(ScopedAdmin):
    list_display = ("rule_code", "outcome", "status", "level")
    list_filter = ("rule_code", "status", "level")


@admin.register(WageRelease)
class WageReleaseAdmin(ScopedAdmin):
    list_display = ("division", "year", "status", "computed_at", "published_at")
    list_filter = ("status", "year")


@admin.register(WageCell)
class WageCellAdmin(ScopedAdmin):
    list_display = ("release", "table", "source", "occupation_code", "division", "n", "p50", "suppressed")
    list_filter = ("table", "source", "suppressed")
