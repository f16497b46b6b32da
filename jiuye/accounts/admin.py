"""User admin, scoped by division like everything else; the TOTP secret is never shown."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from jiuye.geography.models import Division, ServiceOffice

from . import services
from .models import LoginFailure, User
from .permissions import can_change_user, can_reset_second_factor, can_view_user


def _admin_login(request, extra_context=None):
    # One sign-in page for everyone, so throttling and the second factor cannot be bypassed via /admin/login/.
    url = reverse("accounts:login")
    next_url = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{url}?{urlencode({'next': next_url})}")


admin.site.login = _admin_login


@admin.action(description=_("Reset second factor (the user sets it up again at next sign-in)"))
def reset_second_factor(modeladmin, request, queryset):
    done = 0
    for user in queryset:
        if can_reset_second_factor(request.user, user):
            services.reset_totp(user, by=request.user, request=request)
            done += 1
    modeladmin.message_user(request, _("Second factor reset for %(n)d account(s).") % {"n": done}, messages.SUCCESS)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "get_full_name", "role", "division", "is_active", "totp_confirmed", "last_login")
    list_filter = ("role", "is_active", "totp_confirmed", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email")
    raw_id_fields = ("division", "office", "person", "employer")
    actions = [reset_second_factor]
    readonly_fields = ("last_login", "date_joined", "totp_confirmed")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "preferred_language")}),
        (_("Role and scope"), {"fields": ("role", "division", "office", "person", "employer")}),
        (_("Second factor"), {"fields": ("totp_confirmed",)}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (_("Role and scope"), {"fields": ("role", "division", "office")}),
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("division")
        viewer = request.user
        if viewer.sees_everything:
            return qs
        scope = viewer.scope_path
        if not scope:
            return qs.filter(pk=viewer.pk)
        return qs.filter(Q(division__path=scope) | Q(division__path__startswith=scope + "/") | Q(pk=viewer.pk))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Only superusers hand out superuser or raw permissions.
            fields += ["is_superuser", "groups", "user_permissions"]
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        viewer = request.user
        if not viewer.sees_everything:
            scope = viewer.scope_path
            if db_field.name == "division":
                kwargs["queryset"] = (
                    Division.objects.filter(Q(path=scope) | Q(path__startswith=scope + "/"))
                    if scope else Division.objects.none()
                )
            elif db_field.name == "office":
                kwargs["queryset"] = ServiceOffice.objects.visible_to(viewer)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or can_view_user(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_change_user(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_change_user(request.user, obj))


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """Recent failed sign-ins. Not tied to a division, so national administrators only."""

    list_display = ("at", "username", "client_ip")
    search_fields = ("username", "client_ip")
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return request.user.is_active and request.user.sees_everything

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting failures is how an administrator lifts a lock early.
        return self.has_module_permission(request)
