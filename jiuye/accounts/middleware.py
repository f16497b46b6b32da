"""Staff must pass the second factor before any page but sign-in, sign-out and the TOTP steps."""

from __future__ import annotations

from django.shortcuts import redirect

SESSION_KEY = "jiuye_second_factor_ok"
_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/api/")


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
            and not request.path.startswith(_EXEMPT_PREFIXES)
        ):
            return redirect("accounts:second_factor")
        return self.get_response(request)
