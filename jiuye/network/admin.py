"""Stations and siting scenarios in the admin: read-only and scoped. Stations are created and changed on the
staff pages, through `network.services`, which check the coordinates and hours and write the audit trail."""

from django.contrib import admin

from jiuye.core.admin_mixins import ScopedAdminMixin

from .models import SitingScenario, Station


class ReadOnlyScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Station)
class StationAdmin(ReadOnlyScopedAdmin):
    list_display = ("name", "kind", "division", "staff_count", "is_active")
    list_filter = ("kind", "is_active")
    list_select_related = ("division",)
    search_fields = ("name", "address")


@admin.register(SitingScenario)
class SitingScenarioAdmin(ReadOnlyScopedAdmin):
    list_display = ("name", "method", "mode", "minutes", "budget", "division", "created_at")
    list_filter = ("method", "mode")
    list_select_related = ("division",)
    search_fields = ("name",)
