"""Admin views of postings and applications: scoped like every page, and read-only, because postings
and applications change only through `jiuye.jobs.services` (checks, state machine, audit events)."""

from django.contrib import admin

from jiuye.core.admin_mixins import ScopedAdminMixin

from .models import JobApplication, JobApplicationEvent, JobPosting


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JobPosting)
class JobPostingAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "employer", "division", "status", "pay_min", "pay_max", "valid_until", "reconfirmed_at")
    list_filter = ("status", "contract_type")
    list_select_related = ("employer", "division")
    search_fields = ("title", "employer__name", "=employer__credit_code")


class JobApplicationEventInline(ReadOnlyMixin, admin.TabularInline):
    model = JobApplicationEvent
    extra = 0
    fields = ("at", "from_status", "to_status", "actor", "reason")


@admin.register(JobApplication)
class JobApplicationAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("posting", "status", "submitted_at", "last_employer_action_at")
    list_filter = ("status",)
    list_select_related = ("posting",)
    inlines = [JobApplicationEventInline]

    def audit_division_path(self, obj) -> str:
        return obj.posting.division.path
