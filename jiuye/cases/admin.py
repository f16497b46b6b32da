from django.contrib import admin

from .models import ActionPlanItem, Assessment, Case, Contact, DataConflict, Placement, PublicWelfarePosition


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    raw_id_fields = ["by"]


class ActionInline(admin.TabularInline):
    model = ActionPlanItem
    extra = 0
    raw_id_fields = ["person", "job_application", "policy_application", "placement", "created_by"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["id", "division", "status", "source", "first_contact_due", "escalated_at", "risk_score"]
    list_filter = ["status", "source", "closed_reason"]
    raw_id_fields = ["person", "household", "division", "assigned_to", "worklist_entry"]
    inlines = [ContactInline, ActionInline]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["id", "case", "assessed_on", "able_to_work", "willing_to_work"]
    raw_id_fields = ["case", "by", "desired_occupation"]


@admin.register(PublicWelfarePosition)
class PublicWelfarePositionAdmin(admin.ModelAdmin):
    list_display = ["unit", "title", "division", "slots", "term_limit_months", "is_active"]
    raw_id_fields = ["division", "employer"]


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["id", "position", "start_date", "term_end", "ended_on", "exit_reason"]
    raw_id_fields = ["position", "person", "case", "placed_by"]


@admin.register(DataConflict)
class DataConflictAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "division", "status", "detected_on", "last_seen_on"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["person", "household", "division", "case", "resolved_by"]
