"""Admin views of seeker profiles and candidate invitations: scoped like every page, and read-only, because they
change only through `jiuye.matching.recommendations` (coding, consent stamps, audit events)."""

from django.contrib import admin

from jiuye.core.admin_mixins import ScopedAdminMixin

from .models import CandidateInvitation, SeekerProfile


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SeekerProfile)
class SeekerProfileAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "person",
        "desired_title",
        "desired_occupation",
        "desired_occupation_confidence",
        "coded_by",
        "open_to_offers",
        "updated_at",
    )
    list_filter = ("coded_by", "open_to_offers")
    list_select_related = ("person", "desired_occupation")
    search_fields = ("desired_title",)


@admin.register(CandidateInvitation)
class CandidateInvitationAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("posting", "at", "invited_by")
    list_select_related = ("posting", "invited_by")
