import pytest

from jiuye.accounts import services


@pytest.fixture
def staff_with_totp(users):
    """The Yuhu caseworker with a confirmed second factor; returns (user, secret)."""
    user = users["caseworker"]
    secret = services.enrol_totp_directly(user)
    return user, secret


@pytest.fixture(autouse=True)
def english_client(client):
    """Assertions here read the English messages; the default-language (Chinese) path is tested
    separately in test_login.py::test_messages_default_to_simplified_chinese."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
