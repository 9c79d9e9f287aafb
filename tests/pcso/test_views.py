import pytest
from django.urls import reverse
from django.utils import timezone

from pcso import reminders
from pcso.models import Notification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "marker", "nav"),
    [
        ("officer", b'data-home="pcso"', b"My day"),
        ("sergeant", b'data-home="sergeant"', b">Team<"),
        ("inspector", b'data-home="inspector"', b"Neighbourhoods"),
        ("administrator", b'data-home="administrator"', b"Admin site"),
    ],
)
def test_each_role_has_its_home_and_navigation(request, client_for, who, marker, nav):
    user = request.getfixturevalue(who)
    response = client_for(user).get(reverse("home"))
    assert response.status_code == 200
    assert marker in response.content
    assert nav in response.content


def test_inspector_home_lists_neighbourhoods_in_command_only(
    client_for, inspector, team, other_team, outside_team
):
    content = client_for(inspector).get(reverse("home")).content.decode()
    assert "Farringdon" in content
    assert "Aldgate" in content
    assert "Islington" not in content


def test_not_found_page_is_friendly(client_for, officer):
    response = client_for(officer).get("/teams/999999/")
    assert response.status_code == 404
    assert b"There is nothing here, or it is not yours to see." in response.content


def test_inbox_shows_unread_count_and_marks_read(client_for, officer, team):
    reminders.schedule(team, kind="x", recipient=officer, due=timezone.now(), title="Visit due")
    reminders.deliver_due()
    client = client_for(officer)
    page = client.get(reverse("inbox")).content.decode()
    assert 'data-unread>1<span class="visually-hidden"> unread</span></span>' in page
    assert "Visit due" in page
    notification = Notification.objects.get()
    response = client.get(notification.get_absolute_url())
    assert response.headers["Location"] == team.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "data-unread" not in client.get(reverse("inbox")).content.decode()


def test_inbox_shows_only_own_notifications(client_for, officer, colleague, team):
    reminders.schedule(team, kind="x", recipient=colleague, due=timezone.now(), title="Not yours")
    reminders.deliver_due()
    client = client_for(officer)
    assert "Not yours" not in client.get(reverse("inbox")).content.decode()
    assert client.get(Notification.objects.get().get_absolute_url()).status_code == 404


def test_inbox_query_count_does_not_grow(client_for, officer, team, django_assert_max_num_queries):
    from datetime import timedelta

    client = client_for(officer)
    now = timezone.now()
    for i in range(5):
        reminders.schedule(
            team, kind=f"k{i}", recipient=officer, due=now - timedelta(minutes=i), title=f"R{i}"
        )
    reminders.deliver_due()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pcso import fresh

    fresh.flush()  # as the commit of the test's changes would: the pages read no pending mark
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("inbox"))
    for i in range(5, 50):
        reminders.schedule(
            team, kind=f"k{i}", recipient=officer, due=now - timedelta(minutes=i), title=f"R{i}"
        )
    reminders.deliver_due()
    fresh.flush()
    with CaptureQueriesContext(connection) as fifty:
        client.get(reverse("inbox"))
    assert len(fifty) == len(five)


def test_healthz_answers_without_login(client):
    response = client.get("/healthz")
    assert response.json() == {"status": "ok"}


def test_notification_never_redirects_off_site(client_for, officer):
    from pcso.models import Notification

    notification = Notification.objects.create(recipient=officer, title="Odd", url="https://evil.example/")
    response = client_for(officer).get(notification.get_absolute_url())
    assert response.headers["Location"] == reverse("inbox")
