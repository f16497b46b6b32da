from django.contrib import admin

from .models import ChecklistItem, Warning, WarningEvent, WarningRule


@admin.register(WarningRule)
class WarningRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "family", "name_zh", "name_en", "is_active"]
    list_filter = ["family", "is_active"]
    # The thresholds are dated versions in parameters/warning_rules.yaml; here only the switch.
    readonly_fields = ["code", "family", "name_zh", "name_en"]


class ChecklistInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    can_delete = False
    readonly_fields = ["code", "level", "text_zh", "text_en", "done_at", "done_by", "note"]


class EventInline(admin.TabularInline):
    model = WarningEvent
    extra = 0
    can_delete = False
    fields = [
        "at",
        "kind",
        "month",
        "from_level",
        "to_level",
        "to_status",
        "value",
        "threshold",
        "notified_at",
    ]
    readonly_fields = fields


@admin.register(Warning)
class WarningAdmin(admin.ModelAdmin):
    list_display = ["rule", "division", "industry", "level", "status", "first_month", "last_month"]
    list_filter = ["rule", "level", "status"]
    readonly_fields = [f.name for f in Warning._meta.fields]
    inlines = [ChecklistInline, EventInline]

    def get_queryset(self, request):
        return Warning.objects.visible_to(request.user).select_related("rule", "division", "industry")

    def has_add_permission(self, request):
        return False
