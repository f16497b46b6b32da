"""Read-only admin: jobs, check-ins and engagements change only through the services (the pages), which keep
the state machine, the engagement trail and the arrears trigger."""

from django.contrib import admin

from jiuye.core.admin_mixins import ScopedAdminMixin

from .models import CheckIn, Engagement, EngagementEvent, GigJob


class _Scoped(ScopedAdminMixin, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GigJob)
class GigJobAdmin(_Scoped):
    list_display = (
        "title",
        "employer",
        "division",
        "start_date",
        "end_date",
        "pay_rate",
        "pay_unit",
        "status",
    )
    list_filter = ("status", "pay_unit", "insurance_provided")
    search_fields = ("title", "employer__name")
    raw_id_fields = ("employer", "division", "station", "created_by")


@admin.register(CheckIn)
class CheckInAdmin(_Scoped):
    list_display = ("day", "station", "mode", "withdrawn")
    list_filter = ("mode", "day")
    raw_id_fields = ("person", "division", "station", "recorded_by")


class EventInline(admin.TabularInline):
    model = EngagementEvent
    extra = 0
    readonly_fields = ("created_at", "from_status", "to_status", "actor_label", "reason", "data")
    exclude = ("actor",)
    can_delete = False


@admin.register(Engagement)
class EngagementAdmin(_Scoped):
    list_display = ("job", "status", "pay_due", "pay_confirmed", "insurance_status", "arrears_case")
    list_filter = ("status", "insurance_status")
    raw_id_fields = ("job", "worker", "checkin", "division", "arrears_case")
    inlines = [EventInline]
