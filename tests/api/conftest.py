import pytest
from rest_framework.test import APIClient

from .. import factories as f


@pytest.fixture
def api():
    """api(user) → an APIClient authenticated as `user` (None: anonymous)."""

    def _api(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return _api


@pytest.fixture
def records(tree, yuhu_person, yuetang_person):
    return f.make_district_records(tree, yuhu_person, yuetang_person)
