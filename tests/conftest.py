import os

import pytest

from jiuye.accounts.enums import Role
from jiuye.accounts.middleware import SESSION_KEY

from . import factories as f


def pytest_collection_modifyitems(config, items) -> None:
    # Spark tests run pure engines that never touch the database, and each starts a JVM (about a minute):
    # the SQLite pass runs them, the PostgreSQL pass (DATABASE_URL set) does not repeat them.
    if not os.environ.get("DATABASE_URL"):
        return
    skip = pytest.mark.skip(reason="pure Spark engine, database-independent: run in the SQLite pass")
    for item in items:
        if item.get_closest_marker("spark"):
            item.add_marker(skip)


@pytest.fixture
def tree(db):
    """Divisions by code: 43 湖南, 4303 湘潭 (430302 雨湖, 430304 岳塘), 4301 长沙 (430102 芙蓉)."""
    return f.build_tree()


@pytest.fixture
def yuhu_person(tree):
    return f.make_person(tree["430302001"], name="王小明")


@pytest.fixture
def yuetang_person(tree):
    return f.make_person(tree["430304001"], name="李大红")


@pytest.fixture
def users(tree):
    """One user per role and level. Keys: caseworker (雨湖), caseworker_other (岳塘), inspector (雨湖),
    analyst_city (湘潭), leader_province (湖南), admin_national, citizen, employer."""
    return {
        "caseworker": f.make_user(Role.CASEWORKER, tree["430302"], username="cw_yuhu"),
        "caseworker_other": f.make_user(Role.CASEWORKER, tree["430304"], username="cw_yuetang"),
        "inspector": f.make_user(Role.INSPECTOR, tree["430302"], username="insp_yuhu"),
        "analyst_city": f.make_user(Role.ANALYST, tree["4303"], username="an_xiangtan"),
        "leader_province": f.make_user(Role.LEADER, tree["43"], username="ld_hunan"),
        "admin_national": f.make_user(Role.ADMIN, None, username="admin_cn"),
        "citizen": f.make_user(Role.CITIZEN, None, username="citizen1"),
        "employer": f.make_user(Role.EMPLOYER, None, username="employer1"),
    }


@pytest.fixture
def login(client):
    """login(user) → a test client signed in, with the staff second factor already passed."""

    def _login(user):
        client.force_login(user)
        if user.needs_second_factor:
            session = client.session
            session[SESSION_KEY] = True
            session.save()
        return client

    return _login


@pytest.fixture
def english(client):
    """Run with English active — in the test and in the test client's requests — for tests that read
    messages; the default language is Chinese."""
    from django.utils import translation

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield
