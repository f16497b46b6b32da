"""Admin views of consents, pushes, applications and payment orders: scoped like every page, and
read-only, because these rows change only through `jiuye.policies.services` (state machine, audit)."""

from django.contrib import admin

from jiuye.core.admin_mixins import ScopedAdminMixin

from .models import PaymentOrder, PolicyApplication, PolicyApplicationEvent, PolicyConsent, PolicyPush


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PolicyConsent)
class PolicyConsentAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("changed_at", "division", "person", "employer", "channel", "opted_out", "changed_by")
    list_filter = ("channel", "opted_out")
    list_select_related = ("division", "person", "employer", "changed_by")


@admin.register(PolicyPush)
class PolicyPushAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "on",
        "policy",
        "division",
        "person",
        "employer",
        "channel",
        "notification_sent",
        "rule_version",
    )
    list_filter = ("policy", "channel", "notification_sent")
    list_select_related = ("division", "person", "employer")
    date_hierarchy = "on"


class EventInline(admin.TabularInline):
    model = PolicyApplicationEvent
    extra = 0
    can_delete = False
    fields = ("at", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PolicyApplication)
class PolicyApplicationAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "created_at",
        "policy",
        "division",
        "person",
        "employer",
        "status",
        "review_due",
        "is_overdue",
    )
    list_filter = ("policy", "status", "is_overdue")
    list_select_related = ("division", "person", "employer")
    inlines = [EventInline]


@admin.register(PaymentOrder)
class PaymentOrderAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "application", "division", "amount", "months", "status")
    list_filter = ("status",)
    list_select_related = ("division", "application")
