"""gig_demo on a small region: every engagement state, the arrears cases, start-ups; a second run adds nothing."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from jiuye.accounts.enums import Role
from jiuye.network.gig.models import Engagement, GigJob
from jiuye.network.startups.models import Startup
from jiuye.supervision.inspections.models import WageArrearsCase

from ... import factories as f

pytestmark = pytest.mark.django_db


def test_gig_demo_fills_every_state_and_is_idempotent(tree):
    for code, (lat, lon) in {"430302": (27.856, 112.907), "430304": (27.872, 112.969)}.items():
        tree[code].latitude, tree[code].longitude = lat, lon
        tree[code].save()
    for code in ("430302001", "430304001"):
        for i in range(3):
            f.make_employer(tree[code], registered_on=dt.date(2023, 1 + i, 5))
        for i in range(13):
            f.make_person(tree[code], name=f"工人{code[-3:]}{i}")
    f.make_user(Role.ADMIN, None, username="admin_demo")
    call_command("gig_demo", stdout=StringIO())  # dry run writes nothing
    assert GigJob.objects.count() == 0
    out = StringIO()
    call_command("gig_demo", "--wet-run", stdout=out)
    states = set(Engagement.objects.values_list("status", flat=True))
    assert states == {
        "requested",
        "offered",
        "scheduled",
        "checked_in",
        "completed",
        "pay_confirmed",
        "paid",
        "declined",
        "cancelled",
        "no_show",
    }
    assert WageArrearsCase.objects.count() == 4  # one late and one disputed per station
    assert Startup.objects.count() == 6
    counts = (
        GigJob.objects.count(),
        Engagement.objects.count(),
        WageArrearsCase.objects.count(),
        Startup.objects.count(),
    )
    call_command("gig_demo", "--wet-run", stdout=StringIO())
    assert counts == (
        GigJob.objects.count(),
        Engagement.objects.count(),
        WageArrearsCase.objects.count(),
        Startup.objects.count(),
    )
