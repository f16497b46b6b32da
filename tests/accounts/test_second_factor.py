import datetime as dt
import json

import pyotp
from django.utils import timezone

from jiuye.accounts import services
from jiuye.accounts.middleware import SESSION_KEY
from jiuye.core.models import AuditEvent, EventKind

from ..factories import PASSWORD

LOGIN = "/accounts/login/"
SECOND = "/accounts/second-factor/"


def test_enrolment_flow(client, users):
    user = users["inspector"]
    assert not user.totp_confirmed and not user.totp_secret_encrypted
    client.post(LOGIN, {"username": user.username, "password": PASSWORD})

    page = client.get(SECOND)
    assert page.status_code == 200 and page.context["enrolling"]
    secret = page.context["secret"]
    body = page.content.decode()
    assert page.context["secret_grouped"] in body
    assert "otpauth://totp/" in body and f"secret={secret}" in body
    user.refresh_from_db()
    assert user.totp_secret_encrypted and secret not in user.totp_secret_encrypted  # stored encrypted
    assert user.get_totp_secret() == secret
    # Reloading keeps the same secret, so what the user already scanned stays valid.
    assert client.get(SECOND).context["secret"] == secret

    wrong = client.post(SECOND, {"code": "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"})
    assert wrong.context["enrolling"] and not client.session.get(SESSION_KEY)
    user.refresh_from_db()
    assert not user.totp_confirmed

    response = client.post(SECOND, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] is True
    user.refresh_from_db()
    assert user.totp_confirmed
    assert AuditEvent.objects.filter(kind=EventKind.RECORD_UPDATED, data__change="second_factor_enrolled").exists()

    # Next sign-in: code only, no enrolment, no secret shown.
    client.post("/accounts/logout/")
    client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    page = client.get(SECOND)
    assert not page.context["enrolling"] and secret not in page.content.decode()


def test_drift_of_one_step_accepted_two_refused(staff_with_totp):
    user, secret = staff_with_totp
    now = timezone.now()
    totp = pyotp.TOTP(secret)
    assert services.verify_totp(user, totp.at(now - dt.timedelta(seconds=30)), now=now)
    assert services.verify_totp(user, totp.at(now + dt.timedelta(seconds=30)), now=now)
    user.totp_last_step = None
    user.save()
    assert not services.verify_totp(user, totp.at(now - dt.timedelta(seconds=90)), now=now)
    assert not services.verify_totp(user, totp.at(now + dt.timedelta(seconds=90)), now=now)


def test_code_cannot_be_replayed(staff_with_totp):
    user, secret = staff_with_totp
    now = timezone.now()
    code = pyotp.TOTP(secret).at(now)
    assert services.verify_totp(user, code, now=now)
    assert not services.verify_totp(user, code, now=now)
    # An older step's code is refused too once a newer one was used.
    assert not services.verify_totp(user, pyotp.TOTP(secret).at(now - dt.timedelta(seconds=30)), now=now)
    later = now + dt.timedelta(seconds=30)
    assert services.verify_totp(user, pyotp.TOTP(secret).at(later), now=later)


def test_replayed_code_refused_in_browser_flow(client, staff_with_totp):
    user, secret = staff_with_totp
    code = pyotp.TOTP(secret).now()
    client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert client.post(SECOND, {"code": code}).status_code == 302
    client.post("/accounts/logout/")
    client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    response = client.post(SECOND, {"code": code})
    assert response.status_code == 200 and not client.session.get(SESSION_KEY)


def test_audit_never_holds_passwords_codes_or_secrets(client, staff_with_totp, users):
    user, secret = staff_with_totp
    client.post(LOGIN, {"username": user.username, "password": "a-wrong-password-xyz"})
    client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    client.post(SECOND, {"code": "123450"})
    code = pyotp.TOTP(secret).now()
    client.post(SECOND, {"code": code})
    client.post("/accounts/logout/")
    other = users["analyst_city"]
    client.post(LOGIN, {"username": other.username, "password": PASSWORD})
    enrol_secret = client.get(SECOND).context["secret"]
    client.post(SECOND, {"code": pyotp.TOTP(enrol_secret).now()})

    events = list(AuditEvent.objects.all())
    kinds = {e.kind for e in events}
    assert {EventKind.LOGIN_FAILED, EventKind.SECOND_FACTOR_FAILED, EventKind.LOGIN, EventKind.LOGOUT} <= kinds
    dump = json.dumps([e.data for e in events]) + " ".join(e.actor_label for e in events)
    for needle in ("a-wrong-password-xyz", PASSWORD, "123450", code, secret, enrol_secret):
        assert needle not in dump
