from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "kind", "object_type", "object_id", "division_path")
    list_filter = ("kind", "object_type")
    search_fields = ("actor_label", "object_id")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        user = request.user
        if getattr(user, "sees_everything", False):
            return qs
        scope = getattr(user, "scope_path", "")
        return qs.filter(division_path__startswith=scope) if scope else qs.none()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
