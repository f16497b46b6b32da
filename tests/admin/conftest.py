import pytest
from django.contrib.auth.models import Permission

from jiuye.accounts.models import User

from .. import factories as f

STAFF_KEYS = ("caseworker", "caseworker_other", "inspector", "analyst_city", "leader_province", "admin_national")


@pytest.fixture
def admin_users(users):
    """The fixture users, with admin access: is_staff plus view/add/change rights on the registry and offices."""
    perms = list(
        Permission.objects.filter(
            content_type__app_label__in=["registry", "geography"],
            codename__regex=r"^(view|add|change|delete)_",
        )
    )
    out = dict(users)
    for key in STAFF_KEYS:
        user = users[key]
        user.is_staff = True
        user.save()
        user.user_permissions.add(*perms)
        out[key] = User.objects.get(pk=user.pk)  # drop the permission cache
    return out


@pytest.fixture
def records(tree, yuhu_person, yuetang_person):
    return f.make_district_records(tree, yuhu_person, yuetang_person)
