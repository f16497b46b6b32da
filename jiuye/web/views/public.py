"""Pages anyone can read."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jiuye.geography.models import Division, ServiceOffice
from jiuye.registry.models import Employer


def home(request: HttpRequest) -> HttpResponse:
    # Headline counts are public-register figures only (divisions, offices, employers), never about people.
    stats = {
        "divisions": Division.objects.count(),
        "offices": ServiceOffice.objects.count(),
        "employers": Employer.objects.active().count(),
    }
    return render(request, "web/home.html", {"stats": stats})
