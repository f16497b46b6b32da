"""Sign-in (password, then TOTP for staff), sign-out and the profile page."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from jiuye.core.audit import client_ip
from jiuye.core.models import EventKind
from jiuye.geography.models import Division

from . import services
from .enums import Role
from .forms import CodeForm, LanguageForm, LoginForm
from .middleware import SESSION_KEY

BAD_CREDENTIALS = _("The username or password is not correct. Check them and try again.")
BAD_CODE = _("That code is not correct, or it has already been used. Wait for the next code in your app and try again.")


def _locked_message(state: services.LockState) -> str:
    # Says neither whether the username exists nor whether the account or the address is locked.
    return _(
        "Too many failed sign-in attempts. For your security, sign-in is paused: try again in %(minutes)d minutes."
    ) % {"minutes": state.retry_after_minutes}


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _finish(request: HttpRequest, user, next_url: str) -> HttpResponseRedirect:
    response = redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    if user.preferred_language:
        _set_language_cookie(response, user.preferred_language)
    return response


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language,
        max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def _render_login(request, form, next_url, *, status=200, notice=""):
    context = {"form": form, "next": next_url, "notice": notice}
    return render(request, "accounts/login.html", context, status=status)


def second_factor_required(view):
    """Signed in and, for staff, past the second factor. The middleware leaves /accounts/ alone,
    so pages under it that show account data check for themselves."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(_with_next(resolve_url(settings.LOGIN_URL), request.get_full_path()))
        if request.user.needs_second_factor and not request.session.get(SESSION_KEY):
            return redirect(_with_next(reverse("accounts:second_factor"), request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if request.method != "POST":
        return _render_login(request, LoginForm(), next_url)

    form = LoginForm(request.POST)
    if not form.is_valid():
        return _render_login(request, form, next_url)

    username = form.cleaned_data["username"]
    state = services.lock_state(username, client_ip(request))
    if state.locked:
        # Refused before the password is even checked: a correct password must not open a lock.
        services.record_locked_attempt(username, state, request=request)
        form.add_error(None, _locked_message(state))
        return _render_login(request, form, next_url, status=429)

    user = auth.authenticate(request, username=username, password=form.cleaned_data["password"])
    if user is None:
        state = services.record_failure(username, request=request)
        form.add_error(None, _locked_message(state) if state.locked else BAD_CREDENTIALS)
        return _render_login(request, form, next_url, status=429 if state.locked else 200)

    auth.login(request, user)  # rotates the session key
    if user.needs_second_factor:
        # Signed in but not yet through: the middleware keeps every other page closed until the code.
        return redirect(_with_next(reverse("accounts:second_factor"), next_url))
    services.clear_failures(user.username)
    services.record_login(user, request=request, method="password")
    return _finish(request, user, next_url)


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = _next_url(request)
    if not user.is_authenticated:
        return redirect(_with_next(resolve_url(settings.LOGIN_URL), next_url))
    if not user.needs_second_factor or request.session.get(SESSION_KEY):
        return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))

    enrolling = not user.totp_confirmed
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        state = services.lock_state(user.username, client_ip(request))
        if state.locked:
            return _lock_out(request, user, state, next_url, count=False)
        if form.is_valid():
            code = form.cleaned_data["code"]
            ok = (
                services.confirm_totp_enrolment(user, code, request=request)
                if enrolling
                else services.verify_totp(user, code)
            )
            if ok:
                request.session[SESSION_KEY] = True
                request.session.cycle_key()
                services.clear_failures(user.username)
                services.record_login(user, request=request, method="password+totp")
                return _finish(request, user, next_url)
        # A malformed code counts as a failed attempt too: guessing is guessing.
        state = services.record_failure(
            user.username, request=request, kind=EventKind.SECOND_FACTOR_FAILED, reason="bad_code"
        )
        if state.locked:
            return _lock_out(request, user, state, next_url, count=True)
        if form.is_valid():
            form.add_error("code", BAD_CODE)

    context = {"form": form, "next": next_url, "enrolling": enrolling}
    if enrolling:
        secret = services.begin_totp_enrolment(user)
        context.update(
            secret=secret,
            secret_grouped=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            otpauth_uri=services.provisioning_uri(user, secret),
        )
    return render(request, "accounts/second_factor.html", context)


def _lock_out(request, user, state, next_url, *, count: bool):
    """Too many wrong codes: end the half-open session and show the sign-in page with the lock."""
    if not count:
        services.record_locked_attempt(user.username, state, request=request)
    auth.logout(request)
    form = LoginForm(initial={"username": user.username})
    return _render_login(request, form, next_url, status=429, notice=_locked_message(state))


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.record_logout(request.user, request=request)
    auth.logout(request)  # flushes the session, second-factor flag included
    return redirect(resolve_url(settings.LOGOUT_REDIRECT_URL))


def _division_full_name(division: Division) -> str:
    """湖南省 湘潭市 雨湖区 in Chinese; "Yuhu District, Xiangtan City, Hunan Province" in English."""
    chain = list(Division.objects.filter(code__in=division.ancestor_codes).order_by("path"))
    if (translation.get_language() or "").startswith("en"):
        return ", ".join(d.name for d in reversed(chain))
    return " ".join(d.name for d in chain)


def _scope_label(user) -> str:
    if user.sees_everything:
        return str(_("National"))
    if user.is_staff_role:
        return _division_full_name(user.division) if user.division_id else str(_("No area assigned yet"))
    if user.role == Role.EMPLOYER:
        return str(_("Your employer's own records"))
    return str(_("Your own records"))


@never_cache
@second_factor_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    current = user.preferred_language or translation.get_language() or settings.LANGUAGE_CODE
    if request.method == "POST":
        form = LanguageForm(request.POST)
        if form.is_valid():
            language = form.cleaned_data["language"]
            services.set_language(user, language, request=request)
            response = redirect("accounts:profile")
            _set_language_cookie(response, language)
            return response
    else:
        form = LanguageForm(initial={"language": current})
    context = {
        "form": form,
        "account": user,
        "role_label": user.get_role_display(),
        "scope_label": _scope_label(user),
        "second_factor_on": user.totp_confirmed,
    }
    return render(request, "accounts/profile.html", context)
