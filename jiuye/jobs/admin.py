"""Admin views of postings and applications: scoped like every page, and read-only, because postings
and applications change only through `jiuye.jobs.services` (checks, state machine, audit events)."""

from django.contrib import admin

from jiuye.core.admin_mixins import ScopedAdminMixin

from .models import JobApplication, JobApplicationEvent, JobPosting, OccupationTitleReview, PostingUpload


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JobPosting)
class JobPostingAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "title",
        "employer",
        "division",
        "status",
        "occupation",
        "occupation_coded_by",
        "pay_min",
        "pay_max",
        "valid_until",
        "reconfirmed_at",
    )
    list_filter = ("status", "contract_type", "occupation_coded_by")
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


@admin.register(OccupationTitleReview)
class OccupationTitleReviewAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Staff only (the queryset's `visible_to`); confirmations are made on the coding queue page, which teaches
    the coder and re-codes postings."""

    list_display = (
        "title",
        "seen",
        "sources",
        "status",
        "suggested",
        "suggested_confidence",
        "occupation",
        "confirmed_by",
        "confirmed_at",
    )
    list_filter = ("status",)
    list_select_related = ("suggested", "occupation", "confirmed_by")
    search_fields = ("title", "key")


@admin.register(PostingUpload)
class PostingUploadAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "filename",
        "created_at",
        "uploaded_by",
        "employer",
        "rows_total",
        "rows_created",
        "rows_updated",
        "rows_unchanged",
        "rows_rejected",
    )
    list_select_related = ("uploaded_by", "employer")
    exclude = ("rejected", "saved")

    def audit_division_path(self, obj) -> str:
        return obj.employer.division.path if obj.employer_id else ""
