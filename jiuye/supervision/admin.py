"""Admin views of moderation records: scoped like every page, and read-only, because these rows change only
through `jiuye.supervision.services` (audited; flags and appeals follow the moderation workflow)."""

from django.contrib import admin

from jiuye.core.admin_mixins import ScopedAdminMixin

from .models import AbnormalAccount, Appeal, PostingFlag, PostingScreening, QualificationCheck


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PostingScreening)
class PostingScreeningAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("at", "posting", "blocking", "flag_count", "rules_version", "model_version")
    list_filter = ("blocking",)
    list_select_related = ("posting",)


@admin.register(PostingFlag)
class PostingFlagAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "created_at",
        "posting",
        "category",
        "code",
        "severity",
        "field",
        "matched_text",
        "status",
    )
    list_filter = ("category", "severity", "status", "source")
    list_select_related = ("posting",)


@admin.register(Appeal)
class AppealAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("submitted_at", "posting", "status", "submitted_by", "inspector", "decided_at")
    list_filter = ("status",)
    list_select_related = ("posting", "submitted_by", "inspector")


@admin.register(AbnormalAccount)
class AbnormalAccountAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("employer", "since", "reason_codes", "cleared_at", "cleared_by")
    list_select_related = ("employer", "cleared_by")


@admin.register(QualificationCheck)
class QualificationCheckAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("employer", "due", "checked_at", "result", "credit_code_valid", "registration_active")
    list_filter = ("result",)
    list_select_related = ("employer",)
