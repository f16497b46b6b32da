"""Requests carrying a NUL character are refused before any view sees them.

PostgreSQL cannot store or compare text holding NUL (0x00); SQLite can. A parameter that reached a query
unchecked was a 500 on PostgreSQL only. Forms and serializers already refuse NUL in the fields they declare; this
covers the rest (query strings of search pages and API filters, and urlencoded form bodies) in one place, with a
400 that names the parameter, as any other bad parameter. File uploads are the importers' business: they check
their rows and quarantine bad ones.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

_API_PREFIX = "/api/"


def nul_parameter(request) -> str | None:
    """The first parameter (name or value) holding a NUL, in the query string or a urlencoded form body."""
    sources = [request.GET]
    if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
        sources.append(request.POST)
    for data in sources:
        for name, values in data.lists():
            if "\x00" in name:
                return name.replace("\x00", "\\0")
            if any("\x00" in value for value in values):
                return name
    return None


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        parameter = nul_parameter(request)
        if parameter is None:
            return self.get_response(request)
        message = _("The value holds a NUL character (0x00), which is never valid here.")
        if request.path.startswith(_API_PREFIX):
            return JsonResponse(
                {"errors": [{"parameter": parameter, "code": "nul_character", "message": message}]},
                status=400,
            )
        return render(
            request, "web/errors/bad_parameter.html", {"parameter": parameter, "message": message}, status=400
        )
