"""`/workspace/`: one entry point, one page per role, each showing that role's own data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from jiuye.accounts.enums import Role

from . import analyst, caseworker, citizen, employer


@never_cache
@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_superuser or user.role == Role.ADMIN:
        context = analyst.workspace_context(request, national_heading=True)
        template = "web/workspace/analyst.html"
    elif user.role in (Role.ANALYST, Role.LEADER):
        context = analyst.workspace_context(request)
        template = "web/workspace/analyst.html"
    elif user.role in (Role.CASEWORKER, Role.INSPECTOR):
        context = caseworker.workspace_context(request)
        template = "web/workspace/caseworker.html"
    elif user.role == Role.EMPLOYER:
        context = employer.workspace_context(request)
        template = "web/workspace/employer.html"
    else:
        context = citizen.workspace_context(request)
        template = "web/workspace/citizen.html"
    return render(request, template, context)
