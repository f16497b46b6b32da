import datetime as dt

import pyotp
import pytest
from django.utils import timezone

from jiuye.accounts import services
from jiuye.accounts.models import LoginFailure
from jiuye.core.models import AuditEvent, EventKind

from ..factories import PASSWORD

LOGIN = "/accounts/login/"
SECOND = "/accounts/second-factor/"


def _fail(client, username, times, ip="127.0.0.1"):
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "not-the-password"}, REMOTE_ADDR=ip)


def _login(client, username, ip="127.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": PASSWORD}, REMOTE_ADDR=ip)


def test_five_failures_lock_even_the_right_password(client, users, settings):
    assert settings.JIUYE_LOGIN_MAX_FAILURES == 5
    user = users["citizen"]
    _fail(client, user.username, 5)
    response = _login(client, user.username)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    message = str(response.context["form"].non_field_errors())
    assert "Too many failed sign-in attempts" in message
    assert AuditEvent.objects.filter(kind=EventKind.LOGIN_LOCKED, data__refused=True).exists()
    # Attempts refused while locked are not counted, so they do not prolong the lock.
    assert LoginFailure.objects.count() == 5


def test_lock_message_does_not_reveal_whether_username_exists(client, users):
    _fail(client, users["citizen"].username, 5, ip="10.0.0.1")
    _fail(client, "no-such-user", 5, ip="10.0.0.2")
    real = _login(client, users["citizen"].username, ip="10.0.0.1")
    fake = _login(client, "no-such-user", ip="10.0.0.2")
    assert real.status_code == fake.status_code == 429
    assert real.context["form"].non_field_errors() == fake.context["form"].non_field_errors()


def test_lock_on_one_username_leaves_others_alone(client, users):
    _fail(client, users["citizen"].username, 5, ip="10.0.0.1")
    response = _login(client, users["employer"].username, ip="10.0.0.9")
    assert response.status_code == 302


def test_lock_per_client_address(client, users):
    for i in range(5):
        _fail(client, f"guess{i}", 1, ip="10.0.0.66")
    locked = _login(client, users["citizen"].username, ip="10.0.0.66")
    assert locked.status_code == 429
    assert _login(client, users["citizen"].username, ip="10.0.0.7").status_code == 302


def test_window_expiry_frees_the_lock(client, users, settings):
    user = users["citizen"]
    _fail(client, user.username, 5)
    assert _login(client, user.username).status_code == 429
    LoginFailure.objects.update(at=timezone.now() - dt.timedelta(seconds=settings.JIUYE_LOGIN_WINDOW_SECONDS + 1))
    assert _login(client, user.username).status_code == 302


def test_lock_slides_with_oldest_failure(users, settings):
    user = users["citizen"]
    now = timezone.now()
    for minutes in (14, 3, 2, 1, 0):
        f = LoginFailure.objects.create(username=user.username, client_ip="10.0.0.1")
        LoginFailure.objects.filter(pk=f.pk).update(at=now - dt.timedelta(minutes=minutes))
    state = services.lock_state(user.username, None, now=now)
    assert state.locked and 50 <= state.retry_after <= 60  # the 14-minute-old failure leaves in ~1 minute
    assert not services.lock_state(user.username, None, now=now + dt.timedelta(seconds=61)).locked


def test_success_clears_that_usernames_failures(client, users):
    user = users["citizen"]
    _fail(client, user.username, 4)
    _fail(client, "someone-else", 2, ip="10.0.0.3")
    assert _login(client, user.username).status_code == 302
    assert not LoginFailure.objects.filter(username=user.username).exists()
    assert LoginFailure.objects.filter(username="someone-else").count() == 2


def test_username_count_is_case_insensitive(client, users):
    user = users["citizen"]
    for i, name in enumerate([user.username, user.username.upper(), user.username.title(), user.username, user.username]):
        _fail(client, name, 1, ip=f"10.0.1.{i}")
    assert services.lock_state(user.username.upper(), None).locked


@pytest.mark.parametrize("bad_codes", [5])
def test_failed_codes_count_and_lock_out(client, staff_with_totp, bad_codes):
    user, secret = staff_with_totp
    _login(client, user.username)
    good = pyotp.TOTP(secret).now()
    wrong = f"{(int(good) + 500000) % 1000000:06d}"
    responses = [client.post(SECOND, {"code": wrong}) for _ in range(bad_codes)]
    assert responses[-1].status_code == 429
    assert "Too many failed sign-in attempts" in responses[-1].context["notice"]
    assert "Too many failed sign-in attempts" in responses[-1].content.decode()
    assert "_auth_user_id" not in client.session  # the half-open session is ended
    assert AuditEvent.objects.filter(kind=EventKind.SECOND_FACTOR_FAILED).count() == bad_codes
    # And the right password is refused until the window passes.
    assert _login(client, user.username).status_code == 429
