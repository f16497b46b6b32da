"""Notifications page: every signed-in user's own messages, newest first and paged, mark one/all read, follow the
link, and the unread count in the top navigation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiuye.jobs.models import Notification
from jiuye.web.display import PAGE_SIZE

pytestmark = pytest.mark.usefixtures("english")


def notify(user, text, link=""):
    return Notification.objects.create(recipient=user, text=text, link=link)


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(reverse("web:notifications"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("role", ["citizen", "employer", "caseworker", "analyst_city", "admin_national"])
def test_every_signed_in_user_sees_only_their_own(users, login, role):
    mine = notify(users[role], "Your application moved", "/jobs/applications/")
    notify(users["caseworker_other" if role != "caseworker_other" else "citizen"], "Someone else's message")
    page = login(users[role]).get(reverse("web:notifications")).content.decode()
    assert mine.text in page
    assert "Someone else&#x27;s message" not in page and "Someone else's message" not in page


def test_newest_first_and_paged(users, login):
    for i in range(PAGE_SIZE + 3):
        notify(users["citizen"], f"message number {i:02d}")
    client = login(users["citizen"])
    first = client.get(reverse("web:notifications")).content.decode()
    last = f"message number {PAGE_SIZE + 2:02d}"
    assert last in first and "message number 00" not in first
    assert first.index(last) < first.index(f"message number {PAGE_SIZE + 1:02d}")
    second = client.get(reverse("web:notifications") + "?page=2").content.decode()
    assert "message number 00" in second and last not in second


def test_unread_count_in_navigation_and_mark_all_read(users, login):
    for i in range(3):
        notify(users["employer"], f"New application {i}")
    client = login(users["employer"])
    home = client.get(reverse("web:workspace")).content.decode()
    assert "Notifications, 3 unread" in home
    response = client.post(reverse("web:notifications_read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=users["employer"]).unread().exists()
    home = client.get(reverse("web:workspace")).content.decode()
    assert "unread" not in home.split("</header>")[0]


def test_mark_one_read_and_follow_its_link(users, login):
    first = notify(users["citizen"], "Interview invitation", "/jobs/applications/")
    second = notify(users["citizen"], "Other news")
    client = login(users["citizen"])
    response = client.post(reverse("web:notification_open", args=[first.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/jobs/applications/"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    response = client.post(reverse("web:notification_open", args=[second.pk]), {"read": "1", "page": "1"})
    assert response["Location"] == reverse("web:notifications") + "?page=1"
    second.refresh_from_db()
    assert second.read_at is not None


def test_a_link_to_another_site_is_not_followed(users, login):
    note = notify(users["citizen"], "Odd link", "https://evil.example/")
    response = login(users["citizen"]).post(reverse("web:notification_open", args=[note.pk]), {"open": "1"})
    assert response["Location"] == reverse("web:notifications")


def test_someone_elses_notification_is_a_404(users, login):
    note = notify(users["citizen"], "Private")
    response = login(users["employer"]).post(reverse("web:notification_open", args=[note.pk]), {"open": "1"})
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_marking_needs_post(users, login):
    note = notify(users["citizen"], "x")
    assert login(users["citizen"]).get(reverse("web:notification_open", args=[note.pk])).status_code == 405
