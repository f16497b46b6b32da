from django.contrib import admin

from jiuye.core.admin_mixins import ReferenceAdminMixin, ScopedAdminMixin

from .models import Division, ServiceOffice


@admin.register(Division)
class DivisionAdmin(ReferenceAdminMixin, admin.ModelAdmin):
    """The NBS code tree, loaded by `refdata_load`. Searchable so other admins can autocomplete it."""

    list_display = ("code", "name_zh", "name_en", "level", "path")
    list_filter = ("level",)
    search_fields = ("^code", "name_zh", "name_en")
    raw_id_fields = ("parent",)
    show_full_result_count = False  # the tree has ~45 000 rows; skip the extra count(*)


@admin.register(ServiceOffice)
class ServiceOfficeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "division", "address")
    list_filter = ("kind",)
    list_select_related = ("division",)
    search_fields = ("name", "address")
    autocomplete_fields = ("division",)
