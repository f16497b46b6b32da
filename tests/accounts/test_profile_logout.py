from jiuye.accounts.middleware import SESSION_KEY
from jiuye.core.models import AuditEvent, EventKind

PROFILE = "/accounts/profile/"
LOGOUT = "/accounts/logout/"


def test_logout_is_post_only(login, users):
    client = login(users["caseworker"])
    assert client.get(LOGOUT).status_code == 405
    assert client.session.get("_auth_user_id")
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session and SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(kind=EventKind.LOGOUT, actor=users["caseworker"]).exists()


def test_profile_requires_sign_in(client, db):
    response = client.get(PROFILE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_profile_shows_role_and_division_scope(login, users):
    response = login(users["caseworker"]).get(PROFILE, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert response.context["scope_label"] == "湖南省 湘潭市 雨湖区"
    assert response.context["role_label"] == users["caseworker"].get_role_display()
    english = login(users["caseworker"]).get(PROFILE, HTTP_ACCEPT_LANGUAGE="en")
    assert english.context["scope_label"] == "Yuhu District, Xiangtan City, Hunan Province"


def test_profile_national_scope(login, users):
    response = login(users["admin_national"]).get(PROFILE, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["scope_label"] == "National"


def test_saving_language_sets_preference_and_cookie(login, users, settings):
    client = login(users["citizen"])
    response = client.post(PROFILE, {"language": "en"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    users["citizen"].refresh_from_db()
    assert users["citizen"].preferred_language == "en"
    bad = client.post(PROFILE, {"language": "xx"})
    assert bad.status_code == 200 and bad.context["form"].errors["language"]
