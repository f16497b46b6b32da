"""Classifications are reference data: loaded by `refdata_load`, read-only here."""

from django.contrib import admin

from jiuye.core.admin_mixins import ReferenceAdminMixin

from .models import EducationLevel, Industry, IscoGroup, KeyGroup, Occupation


@admin.register(Occupation)
class OccupationAdmin(ReferenceAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "level", "gbm_code")
    list_filter = ("level",)
    search_fields = ("^code", "name_zh", "name_en")
    raw_id_fields = ("parent",)


@admin.register(IscoGroup)
class IscoGroupAdmin(ReferenceAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "level")
    list_filter = ("level",)
    search_fields = ("^code", "name_zh", "name_en")
    raw_id_fields = ("parent",)


@admin.register(EducationLevel)
class EducationLevelAdmin(ReferenceAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "rank")
    search_fields = ("code", "name_zh", "name_en")


@admin.register(Industry)
class IndustryAdmin(ReferenceAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en")
    search_fields = ("code", "name_zh", "name_en")


@admin.register(KeyGroup)
class KeyGroupAdmin(ReferenceAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "is_employment_difficulty")
    list_filter = ("is_employment_difficulty",)
    search_fields = ("code", "name_zh", "name_en")
