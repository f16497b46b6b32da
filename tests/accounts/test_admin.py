from jiuye.accounts.models import User
from jiuye.accounts.permissions import can_change_user, can_view_user

from .. import factories as f


def test_admin_login_redirects_to_throttled_sign_in(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_user_admin_scoped_to_division(login, users, tree):
    district_admin = f.make_user("admin", tree["430302"], username="adm_yuhu", is_staff=True, is_superuser=False)
    from django.contrib.auth.models import Permission

    district_admin.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    district_admin = User.objects.get(pk=district_admin.pk)
    client = login(district_admin)
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 200
    shown = {u.username for u in response.context["cl"].result_list}
    assert "cw_yuhu" in shown and "insp_yuhu" in shown
    assert "cw_yuetang" not in shown and "an_xiangtan" not in shown and "admin_cn" not in shown
    assert client.get(f"/admin/accounts/user/{users['caseworker_other'].pk}/change/").status_code == 302
    page = client.get(f"/admin/accounts/user/{users['caseworker'].pk}/change/")
    assert page.status_code == 200
    assert "totp_secret" not in page.content.decode()


def test_pure_permissions(users):
    cw, other, city, nat = users["caseworker"], users["caseworker_other"], users["analyst_city"], users["admin_national"]
    assert can_view_user(city, cw) and can_view_user(nat, other)
    assert not can_view_user(cw, other)
    assert can_change_user(nat, cw) and not can_change_user(city, cw)
