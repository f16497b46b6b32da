"""How partner departments and signed-in staff authenticate to /api/v1.

Partner systems send `Authorization: Token <key>` (keys issued with `manage.py api_issue_token`).
Browsers reuse the session, but a staff session only counts once the second factor has been passed:
the second-factor middleware lets /api/ through (it cannot redirect a JSON client), so the check is
made here instead, and a half-signed-in staff session is treated as anonymous.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import SessionAuthentication, TokenAuthentication

from jiuye.accounts.middleware import SESSION_KEY


class SecondFactorSessionAuthentication(SessionAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user, auth = result
        if getattr(user, "needs_second_factor", False) and not request._request.session.get(SESSION_KEY):
            return None
        return user, auth


API_AUTHENTICATION = [TokenAuthentication, SecondFactorSessionAuthentication]


class SecondFactorSessionScheme(OpenApiAuthenticationExtension):
    target_class = "jiuye.api.authentication.SecondFactorSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        from django.conf import settings

        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}
