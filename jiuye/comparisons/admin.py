from django.contrib import admin

from jiuye.core.admin_mixins import ScopedAdminMixin

from .models import WorklistEntry


@admin.register(WorklistEntry)
class WorklistEntryAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: entries are written by `recompute_worklists` only."""

    list_display = ("kind", "division", "first_seen", "last_seen", "resolved_at")
    list_filter = ("kind",)
    raw_id_fields = ("person", "household", "employer", "computed_by_run")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
