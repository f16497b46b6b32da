"""Admin building blocks: the same `visible_to(user)` scoping as pages and API, and read-only reference data.

The admin is one more view on the data, so it follows the one scoping rule (ADR 0002):
- the changelist, change page, history and delete pages only find rows `visible_to(request.user)`,
  and an object outside the scope is a 404 (not Django's "perhaps it was deleted" redirect);
- foreign-key choices are scoped too, so nobody can move a record into a division outside their scope
  or attach it to a person or employer they cannot see;
- every change made through the admin is an audit event (field names only, never values), and
  opening the full record of a model marked `audit_reads` is one as well.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from .audit import record_event
from .models import EventKind

DIVISION_LABEL = "geography.division"


def scoped_choices(db_field, request, kwargs: dict) -> dict:
    """Restrict the choices of a foreign key to what the user may see."""
    user = request.user
    if getattr(user, "sees_everything", False) or "queryset" in kwargs:
        return kwargs
    related = db_field.related_model
    if related._meta.label_lower == DIVISION_LABEL:
        scope = getattr(user, "scope_path", "")
        qs = related._default_manager.all()
        kwargs["queryset"] = qs.filter(Q(path=scope) | Q(path__startswith=scope + "/")) if scope else qs.none()
    elif hasattr(related._default_manager.get_queryset(), "visible_to"):
        kwargs["queryset"] = related._default_manager.get_queryset().visible_to(user)
    return kwargs


class ScopedInlineMixin:
    """For inlines of a scoped model: the parent already scopes the rows; scope the choices too."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(db_field, request, **scoped_choices(db_field, request, kwargs))


class ScopedAdminMixin(ScopedInlineMixin):
    audit_reads = False  # True where the change page is a person's full record

    def audit_division_path(self, obj) -> str:
        """Where audit events about `obj` are filed; empty means `obj.division`."""
        return ""

    def _record(self, request, obj, kind, **data):
        record_event(
            obj, actor=request.user, kind=kind, request=request,
            division_path=self.audit_division_path(obj), data={"via": "admin", **data},
        )

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if self.audit_reads and request.method == "GET" and response.status_code == 200:
            obj = self.get_object(request, object_id)
            self._record(request, obj, EventKind.RECORD_VIEWED)
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        kind = EventKind.RECORD_UPDATED if change else EventKind.RECORD_CREATED
        self._record(request, obj, kind, fields=sorted(form.changed_data))

    def delete_model(self, request, obj):
        self._record(request, obj, EventKind.RECORD_DELETED)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._record(request, obj, EventKind.RECORD_DELETED)
        super().delete_queryset(request, queryset)


class ReferenceAdminMixin:
    """Reference data (divisions, classifications): loaded by commands, read by any admin user."""

    def has_view_permission(self, request, obj=None):
        return bool(request.user.is_active and request.user.is_staff)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
