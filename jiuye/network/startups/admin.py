from django.contrib import admin

from jiuye.core.admin_mixins import ScopedAdminMixin

from .models import Incubator, Mentor, Startup


class _Scoped(ScopedAdminMixin, admin.ModelAdmin):
    pass


@admin.register(Incubator)
class IncubatorAdmin(_Scoped):
    list_display = ("name", "kind", "division", "capacity", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    raw_id_fields = ("division",)


@admin.register(Mentor)
class MentorAdmin(_Scoped):
    list_display = ("name", "expertise", "division", "incubator", "listed_publicly", "is_active")
    list_filter = ("listed_publicly", "is_active")
    search_fields = ("name", "expertise")
    raw_id_fields = ("division", "incubator")


@admin.register(Startup)
class StartupAdmin(_Scoped):
    list_display = ("name", "stage", "credit_code", "registered_on", "division", "employer")
    list_filter = ("stage",)
    search_fields = ("name", "credit_code")
    raw_id_fields = ("division", "founder", "employer", "incubator", "mentor", "created_by")
