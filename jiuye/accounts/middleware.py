"""Staff must pass the second factor before any page but sign-in, sign-out and the TOTP steps."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse

SESSION_KEY = "jiuye_second_factor_ok"
# Pages under /accounts/ that show account data check the flag themselves (views.second_factor_required).
_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/")
_API_PREFIX = "/api/"


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "needs_second_factor", False)
            and not request.session.get(SESSION_KEY)
        ):
            if request.path.startswith(_API_PREFIX):
                # A half-signed-in session must not reach the API through session authentication;
                # token authentication (partner departments) is unaffected.
                request.user = AnonymousUser()
            elif not request.path.startswith(_EXEMPT_PREFIXES):
                url = reverse("accounts:second_factor")
                if request.method == "GET":
                    url = f"{url}?{urlencode({'next': request.get_full_path()})}"
                return redirect(url)
        return self.get_response(request)
