import pyotp
import pytest
from django.urls import reverse

from jiuye.accounts import services
from jiuye.accounts.middleware import SESSION_KEY
from jiuye.core.models import AuditEvent, EventKind

from ..factories import PASSWORD

LOGIN = "/accounts/login/"
SECOND = "/accounts/second-factor/"


def test_url_contract():
    assert reverse("accounts:login") == LOGIN
    assert reverse("accounts:second_factor") == SECOND
    assert reverse("accounts:logout") == "/accounts/logout/"
    assert reverse("accounts:profile") == "/accounts/profile/"


def test_login_page_renders(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="username"' in body and 'name="password"' in body


@pytest.mark.parametrize("role", ["citizen", "employer"])
def test_citizen_and_employer_sign_in_with_password_alone(client, users, role):
    user = users[role]
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:workspace")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuditEvent.objects.filter(kind=EventKind.LOGIN, actor=user, data__method="password").exists()


def test_next_is_honoured_and_foreign_next_ignored(client, users):
    user = users["citizen"]
    response = client.post(LOGIN + "?next=/accounts/profile/", {"username": user.username, "password": PASSWORD})
    assert response["Location"] == "/accounts/profile/"
    client.logout()
    response = client.post(
        LOGIN, {"username": user.username, "password": PASSWORD, "next": "https://evil.example/steal"}
    )
    assert response["Location"] == reverse("web:workspace")


def test_bad_password_gives_generic_error_and_is_audited(client, users):
    user = users["citizen"]
    response = client.post(LOGIN, {"username": user.username, "password": "wrong-password"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    unknown = client.post(LOGIN, {"username": "nobody-here", "password": "wrong-password"})
    # Same message whether the username exists or not.
    assert response.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert "not correct" in str(response.context["form"].non_field_errors())
    event = AuditEvent.objects.filter(kind=EventKind.LOGIN_FAILED).order_by("id").first()
    assert event.object_id == str(user.pk) and event.data == {"username": user.username, "reason": "bad_credentials"}


def test_empty_fields_get_plain_field_errors(client, db):
    response = client.post(LOGIN, {"username": "", "password": ""})
    form = response.context["form"]
    assert form.errors["username"] == ["Enter your username."]
    assert form.errors["password"] == ["Enter your password."]


def test_staff_password_alone_does_not_open_pages(client, staff_with_totp):
    user, _secret = staff_with_totp
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD, "next": "/workspace/"})
    assert response.status_code == 302
    assert response["Location"] == SECOND + "?next=%2Fworkspace%2F"
    assert not client.session.get(SESSION_KEY)
    # Any protected page sends them back to the second factor, keeping where they were going.
    page = client.get("/workspace/")
    assert page.status_code == 302 and page["Location"].startswith(SECOND)
    assert client.get("/admin/")["Location"].startswith(SECOND)
    assert client.get("/accounts/profile/")["Location"].startswith(SECOND)
    assert not AuditEvent.objects.filter(kind=EventKind.LOGIN).exists()


def test_staff_with_code_gets_in_and_session_rotates(client, staff_with_totp):
    user, secret = staff_with_totp
    client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    key_before = client.session.session_key
    response = client.post(SECOND, {"code": pyotp.TOTP(secret).now(), "next": "/workspace/"})
    assert response.status_code == 302 and response["Location"] == "/workspace/"
    assert client.session[SESSION_KEY] is True
    assert client.session.session_key != key_before
    assert AuditEvent.objects.filter(kind=EventKind.LOGIN, actor=user, data__method="password+totp").exists()
    # Past the second factor, protected pages are no longer redirected to it.
    page = client.get("/workspace/")
    assert not (page.status_code == 302 and page["Location"].startswith(SECOND))


def test_wrong_code_refused(client, staff_with_totp):
    user, secret = staff_with_totp
    client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    good = pyotp.TOTP(secret).now()
    wrong = f"{(int(good) + 500000) % 1000000:06d}"
    response = client.post(SECOND, {"code": wrong})
    assert response.status_code == 200
    assert not client.session.get(SESSION_KEY)
    assert "not correct" in str(response.context["form"].errors["code"])
    assert AuditEvent.objects.filter(kind=EventKind.SECOND_FACTOR_FAILED, object_id=str(user.pk)).count() == 1
    malformed = client.post(SECOND, {"code": "12ab"})
    assert malformed.context["form"].errors["code"] == ["The code is six digits, for example 123456."]


def test_second_factor_page_requires_password_first(client, db):
    response = client.get(SECOND)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_citizen_never_sees_second_factor(client, users):
    client.post(LOGIN, {"username": users["citizen"].username, "password": PASSWORD})
    assert client.get("/accounts/profile/").status_code == 200
    assert client.get(SECOND)["Location"] == reverse("web:workspace")


def test_api_refuses_half_signed_in_staff_session(client, staff_with_totp):
    user, _secret = staff_with_totp
    client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    from django.test import RequestFactory

    from jiuye.accounts.middleware import StaffSecondFactorMiddleware

    seen = {}

    def view(request):
        seen["user"] = request.user
        return None

    request = RequestFactory().get("/api/v1/anything/")
    request.user = user
    request.session = client.session
    StaffSecondFactorMiddleware(view)(request)
    assert not seen["user"].is_authenticated


def test_preferred_language_cookie_set_at_sign_in(client, users, settings):
    user = users["citizen"]
    services.set_language(user, "en")
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_messages_default_to_simplified_chinese(client, users):
    client.defaults.pop("HTTP_ACCEPT_LANGUAGE", None)
    response = client.post(reverse("accounts:login"), {"username": "cw_yuhu", "password": "wrong-password"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in str(response.context["form"].non_field_errors())
