"""State changes for accounts: sign-in failures and locks, the TOTP second factor, language preference.

Nothing here ever writes a password, a TOTP code or a TOTP secret into an audit event.
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

import pyotp
from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from jiuye.core.audit import client_ip, record_event
from jiuye.core.models import EventKind

from .models import LoginFailure, User

TOTP_ISSUER = "jiuye"
TOTP_DIGITS = 6
TOTP_INTERVAL = 30
# Accept the previous and the next 30-second step too: phones' clocks drift.
TOTP_DRIFT_STEPS = 1


# ---------------------------------------------------------------------------------------------
# Failed sign-ins and locks
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LockState:
    locked: bool
    # Seconds until the lock lifts (0 when not locked). Rounded up to whole seconds.
    retry_after: int = 0
    # "username", "ip" or "" — kept for the audit trail, never shown to the person signing in.
    reason: str = ""

    @property
    def retry_after_minutes(self) -> int:
        return max(1, -(-self.retry_after // 60))


def _window() -> dt.timedelta:
    return dt.timedelta(seconds=settings.JIUYE_LOGIN_WINDOW_SECONDS)


def _max_failures() -> int:
    return settings.JIUYE_LOGIN_MAX_FAILURES


def _normalise(username: str) -> str:
    return (username or "").strip()[:150]


def _lock_for(failures: models.QuerySet, now: dt.datetime) -> int:
    """Seconds left on the lock given the failures inside the window (0 if below the limit).

    The window slides: the lock lifts when enough of the oldest failures have aged out of it.
    """
    limit = _max_failures()
    times = list(failures.order_by("at").values_list("at", flat=True))
    if len(times) < limit:
        return 0
    frees_at = times[len(times) - limit] + _window()
    return max(1, int((frees_at - now).total_seconds() + 0.999))


def lock_state(username: str, ip: str | None, *, now: dt.datetime | None = None) -> LockState:
    """Whether sign-in is locked for this username or this client address right now."""
    now = now or timezone.now()
    recent = LoginFailure.objects.filter(at__gt=now - _window())
    user_wait = _lock_for(recent.filter(username__iexact=_normalise(username)), now) if username else 0
    ip_wait = _lock_for(recent.filter(client_ip=ip), now) if ip else 0
    if not user_wait and not ip_wait:
        return LockState(False)
    reason = "username" if user_wait >= ip_wait else "ip"
    return LockState(True, max(user_wait, ip_wait), reason)


def _user_named(username: str) -> User | None:
    return User.objects.filter(username=_normalise(username)).select_related("division").first()


def record_failure(
    username: str,
    *,
    request: HttpRequest | None,
    kind: str = EventKind.LOGIN_FAILED,
    reason: str = "bad_credentials",
) -> LockState:
    """Count one failed sign-in (password or second factor) and audit it; returns the lock state after it.

    Usernames that do not exist are counted the same way, so the lock says nothing about existence.
    """
    username = _normalise(username)
    ip = client_ip(request)
    LoginFailure.objects.create(username=username, client_ip=ip)
    user = _user_named(username)
    record_event(user, actor=username, kind=kind, request=request, data={"username": username, "reason": reason})
    state = lock_state(username, ip)
    if state.locked:
        record_event(
            user, actor=username, kind=EventKind.LOGIN_LOCKED, request=request,
            data={"username": username, "scope": state.reason, "seconds": state.retry_after},
        )
    return state


def record_locked_attempt(username: str, state: LockState, *, request: HttpRequest | None) -> None:
    """An attempt refused because of a lock. Audited, but not counted as a failure, so the lock
    cannot be prolonged indefinitely by hammering it."""
    username = _normalise(username)
    record_event(
        _user_named(username), actor=username, kind=EventKind.LOGIN_LOCKED, request=request,
        data={"username": username, "scope": state.reason, "refused": True},
    )


def clear_failures(username: str) -> int:
    """Forget this username's failures (after a complete, successful sign-in)."""
    deleted, _ = LoginFailure.objects.filter(username__iexact=_normalise(username)).delete()
    return deleted


def record_login(user: User, *, request: HttpRequest | None, method: str) -> None:
    record_event(user, actor=user, kind=EventKind.LOGIN, request=request, data={"method": method})


def record_logout(user: User, *, request: HttpRequest | None) -> None:
    record_event(user, actor=user, kind=EventKind.LOGOUT, request=request)


# ---------------------------------------------------------------------------------------------
# TOTP second factor
# ---------------------------------------------------------------------------------------------


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_INTERVAL)


def begin_totp_enrolment(user: User) -> str:
    """The secret the user is to add to their authenticator app.

    Created (and stored encrypted) on first call; later calls return the same secret until it is
    confirmed, so reloading the page does not invalidate what the user already scanned.
    """
    if user.totp_confirmed:
        raise ValueError("second factor already set up")
    if user.totp_secret_encrypted:
        return user.get_totp_secret()
    secret = pyotp.random_base32()
    user.set_totp_secret(secret)
    user.totp_last_step = None
    user.save(update_fields=["totp_secret_encrypted", "totp_last_step"])
    return secret


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// URI authenticator apps understand (also what a QR code would carry)."""
    return _totp(secret).provisioning_uri(name=user.username, issuer_name=TOTP_ISSUER)


def _matching_step(secret: str, code: str, now: dt.datetime) -> int | None:
    code = (code or "").strip().replace(" ", "")
    if len(code) != TOTP_DIGITS or not code.isdigit():
        return None
    totp = _totp(secret)
    current = totp.timecode(now)
    found = None
    # Check every candidate step (no early exit) so timing says nothing about which one matched.
    for step in range(current - TOTP_DRIFT_STEPS, current + TOTP_DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code) and found is None:
            found = step
    return found


def verify_totp(user: User, code: str, *, now: dt.datetime | None = None) -> bool:
    """Check a code against the user's secret; each time step is accepted at most once (no replay)."""
    if not user.totp_secret_encrypted:
        return False
    step = _matching_step(user.get_totp_secret(), code, now or timezone.now())
    if step is None:
        return False
    # A conditional UPDATE makes the replay check hold even for two requests racing with the same code.
    claimed = (
        User.objects.filter(pk=user.pk)
        .filter(models.Q(totp_last_step__isnull=True) | models.Q(totp_last_step__lt=step))
        .update(totp_last_step=step)
    )
    if claimed:
        user.totp_last_step = step
    return bool(claimed)


def confirm_totp_enrolment(
    user: User, code: str, *, request: HttpRequest | None = None, now: dt.datetime | None = None
) -> bool:
    """Finish enrolment with a first code from the user's app."""
    if user.totp_confirmed or not verify_totp(user, code, now=now):
        return False
    user.totp_confirmed = True
    user.save(update_fields=["totp_confirmed"])
    record_event(
        user, actor=user, kind=EventKind.RECORD_UPDATED, request=request, data={"change": "second_factor_enrolled"}
    )
    return True


def enrol_totp_directly(user: User, *, secret: str | None = None, by: User | None = None) -> str:
    """Set and confirm a secret without a first code: for demo data and the operator command only."""
    secret = secret or pyotp.random_base32()
    user.set_totp_secret(secret)
    user.totp_confirmed = True
    user.totp_last_step = None
    user.save(update_fields=["totp_secret_encrypted", "totp_confirmed", "totp_last_step"])
    record_event(
        user, actor=by or "system", kind=EventKind.RECORD_UPDATED, data={"change": "second_factor_set_by_operator"}
    )
    return secret


def reset_totp(user: User, *, by: User | str, request: HttpRequest | None = None) -> None:
    """Forget the second factor (lost phone); the user enrols again at the next sign-in."""
    user.totp_secret_encrypted = ""
    user.totp_confirmed = False
    user.totp_last_step = None
    user.save(update_fields=["totp_secret_encrypted", "totp_confirmed", "totp_last_step"])
    record_event(user, actor=by, kind=EventKind.RECORD_UPDATED, request=request, data={"change": "second_factor_reset"})


def current_totp_code(user: User, *, now: dt.datetime | None = None) -> str:
    """The code an authenticator app would show now. Demo tooling and tests only."""
    return _totp(user.get_totp_secret()).at(now or timezone.now())


# ---------------------------------------------------------------------------------------------
# Preferences
# ---------------------------------------------------------------------------------------------


def set_language(user: User, language: str, *, request: HttpRequest | None = None) -> User:
    codes = {code for code, _name in settings.LANGUAGES}
    if language not in codes:
        raise ValueError(f"unknown language {language!r}")
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        record_event(
            user, actor=user, kind=EventKind.RECORD_UPDATED, request=request,
            data={"change": "preferred_language", "language": language},
        )
    return user


def prune_failures(*, now: dt.datetime | None = None) -> int:
    """Delete failures older than the window: they no longer count towards any lock."""
    cutoff = (now or timezone.now()) - _window()
    deleted, _ = LoginFailure.objects.filter(at__lte=cutoff).delete()
    return deleted
