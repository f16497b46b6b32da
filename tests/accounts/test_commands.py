import pyotp
import pytest
from django.core.management import CommandError, call_command

from jiuye.accounts import services
from jiuye.accounts.models import User


def test_totp_command_refuses_without_debug(staff_with_totp, settings):
    settings.DEBUG = False
    user, _secret = staff_with_totp
    with pytest.raises(CommandError, match="defeats the second factor"):
        call_command("accounts_totp_code", user.username)


def test_totp_command_prints_code_in_demo_mode(staff_with_totp, capsys):
    user, secret = staff_with_totp
    call_command("accounts_totp_code", user.username, "--i-know-this-is-a-demo")
    printed = capsys.readouterr().out.strip()
    assert pyotp.TOTP(secret).verify(printed, valid_window=1)


def test_totp_command_set_up_for_unenrolled_user(users, settings, capsys):
    settings.DEBUG = True
    user = users["analyst_city"]
    with pytest.raises(CommandError, match="not set up"):
        call_command("accounts_totp_code", user.username)
    call_command("accounts_totp_code", user.username, "--set-up")
    user.refresh_from_db()
    assert user.totp_confirmed
    assert services.verify_totp(user, capsys.readouterr().out.strip())


def test_totp_command_refuses_citizens(users, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="password only"):
        call_command("accounts_totp_code", users["citizen"].username)


def test_create_staff_dry_then_wet(tree):
    call_command("accounts_create_staff", "cw_new", "--role", "caseworker", "--division", "430302")
    assert not User.objects.filter(username="cw_new").exists()
    call_command(
        "accounts_create_staff", "cw_new", "--role", "caseworker", "--division", "430302",
        "--password", "a-long-enough-passphrase", "--wet-run",
    )
    user = User.objects.get(username="cw_new")
    assert user.division == tree["430302"] and user.check_password("a-long-enough-passphrase")
    with pytest.raises(CommandError, match="No division"):
        call_command("accounts_create_staff", "cw_x", "--role", "caseworker", "--division", "999999")


def test_prune_login_failures(db, settings):
    import datetime as dt

    from django.utils import timezone

    from jiuye.accounts.models import LoginFailure

    old = LoginFailure.objects.create(username="a", client_ip="10.0.0.1")
    LoginFailure.objects.filter(pk=old.pk).update(
        at=timezone.now() - dt.timedelta(seconds=settings.JIUYE_LOGIN_WINDOW_SECONDS + 5)
    )
    LoginFailure.objects.create(username="b", client_ip="10.0.0.1")
    call_command("accounts_prune_login_failures")
    assert LoginFailure.objects.count() == 2
    call_command("accounts_prune_login_failures", "--wet-run")
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["b"]
