import pytest

from jiuye.accounts import services


@pytest.fixture
def staff_with_totp(users):
    """The Yuhu caseworker with a confirmed second factor; returns (user, secret)."""
    user = users["caseworker"]
    secret = services.enrol_totp_directly(user)
    return user, secret
