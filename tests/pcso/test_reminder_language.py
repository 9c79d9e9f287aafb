"""A reminder is stored as what it is about and its values, and worded when shown: the inbox in
the reader's language, the e-mail in the language the officer chose with the language switch.
A row written before (no message) keeps saying its stored text."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from patrols.services import patrols as patrol_services
from pcso import reminders, wording
from pcso.models import Notification, Officer, Reminder
from tests.factories import PASSWORD, PatrolFactory, make_case

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 2, 12, 12, 0, tzinfo=UTC)


def _approved_and_delivered(officer, sergeant):
    patrol = PatrolFactory(officer=officer, started_at=datetime(2026, 2, 10, 9, 0, tzinfo=UTC))
    patrol_services.approve_patrol(user=sergeant, patrol=patrol, comment="", now=NOW)
    assert reminders.deliver_due(now=NOW + timedelta(minutes=5)) == 1
    return patrol


def _choose(officer, language):
    officer.language = language
    officer.save(update_fields=["language"])


def _inbox(client, language):
    client.cookies["django_language"] = language
    return client.get(reverse("inbox")).content.decode()


def test_inbox_words_a_reminder_in_the_readers_language(client_for, officer, sergeant):
    _approved_and_delivered(officer, sergeant)
    client = client_for(officer)
    assert "Your patrol of 10/02/2026 was approved by Marcus Bell" in _inbox(client, "en-gb")
    welsh = _inbox(client, "cy")
    assert "Cymeradwywyd eich patrôl 10/02/2026 gan Marcus Bell" in welsh
    assert "was approved" not in welsh
    reminder = Reminder.objects.get(kind="patrol-approved")
    assert (reminder.message, reminder.values) == (
        "patrols.patrol-approved",
        {"day": "2026-02-10", "name": "Marcus Bell"},
    )


@pytest.fixture
def contact_message():
    """A message as an app registers one (engagement's is the same sentence)."""
    from django.utils.translation import gettext_lazy as _

    wording.message("test.contact", _("Contact with %(group)s"))
    yield
    wording.MESSAGES.pop("test.contact", None)


def test_deadline_words_follow_the_reader_too(client_for, officer, team, contact_message):
    deadline = datetime(2026, 2, 13, 17, 0, tzinfo=UTC)
    reminders.schedule(
        team,
        kind="contact",
        recipient=officer,
        due=NOW,
        deadline=deadline,
        message="test.contact",
        values={"group": "Smithfield Watch"},
    )
    reminders.deliver_due(now=NOW)
    client = client_for(officer)
    assert "Due tomorrow: Contact with Smithfield Watch" in _inbox(client, "en-gb")
    assert "Yn ddyledus yfory: Cyswllt â Smithfield Watch" in _inbox(client, "cy")


def test_language_switch_keeps_the_choice_on_the_officer(client_for, officer):
    client = client_for(officer)
    assert Officer.objects.get(pk=officer.pk).language == ""
    response = client.post(reverse("set_language"), {"language": "cy", "next": reverse("home")})
    assert (response.status_code, response.cookies["django_language"].value) == (302, "cy")
    assert Officer.objects.get(pk=officer.pk).language == "cy"
    client.post(reverse("set_language"), {"language": "en-gb", "next": reverse("home")})
    assert Officer.objects.get(pk=officer.pk).language == "en-gb"
    client.post(reverse("set_language"), {"language": "fr", "next": reverse("home")})
    assert Officer.objects.get(pk=officer.pk).language == "en-gb"


def test_language_switch_before_login_still_works(client):
    response = client.post(reverse("set_language"), {"language": "cy", "next": reverse("login")})
    assert (response.status_code, response.cookies["django_language"].value) == (302, "cy")


def test_logging_in_brings_back_the_officers_language(client, officer):
    _choose(officer, "cy")
    response = client.post(reverse("login"), {"username": officer.collar_number, "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "cy"


def test_choosing_a_language_on_the_login_page_is_kept_on_logging_in(client, officer):
    client.post(reverse("set_language"), {"language": "cy", "next": reverse("login")})
    client.post(reverse("login"), {"username": officer.collar_number, "password": PASSWORD})
    assert Officer.objects.get(pk=officer.pk).language == "cy"


def test_email_is_in_the_officers_chosen_language(officer, sergeant):
    _choose(officer, "cy")
    _approved_and_delivered(officer, sergeant)
    assert [m.subject for m in mail.outbox] == ["Cymeradwywyd eich patrôl 10/02/2026 gan Marcus Bell"]
    assert mail.outbox[0].body.startswith("Cymeradwywyd eich patrôl 10/02/2026 gan Marcus Bell\n\n")
    # The inbox row keeps the words as sent; a reader sees them in their own language.
    assert Notification.objects.get().title == "Cymeradwywyd eich patrôl 10/02/2026 gan Marcus Bell"


def test_notice_reminder_e_mails_each_officer_in_their_language(officer, sergeant, inspector):
    from tests.factories import make_notice

    _choose(sergeant, "cy")
    make_notice(
        officer,
        issued_at=datetime(2026, 3, 2, 14, 0, tzinfo=UTC),
        now=datetime(2026, 3, 2, 14, 5, tzinfo=UTC),
        address="1 Fleet St",
        place="Fleet Street",
        circumstances="Abusive to passers-by.",
    )
    reminders.deliver_due(now=datetime(2026, 3, 25, 9, 0, tzinfo=UTC))
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        officer.email: "Overdue by 1 day: Penalty notice 0000001 unpaid (payment was due by 23 March 2026)",
        inspector.email: "Overdue by 1 day: Penalty notice 0000001 unpaid (payment was due by 23 March 2026)",
        sergeant.email: (
            "Yn hwyr o 1 diwrnod: Hysbysiad cosb 0000001 heb ei dalu (roedd y taliad yn ddyledus erbyn "
            "23 Mawrth 2026)"
        ),
    }


def test_victim_reminder_values_hold_codes_only(officer):
    case = make_case(officer, reference="CAD-7", victim_name="Jane Doe", consents_to_referral=True)
    values = set(
        map(
            lambda r: (r.message, tuple(sorted(r.values.items()))),
            Reminder.objects.filter(object_id__in=case.follow_ups.values("pk")),
        )
    )
    assert values == {
        ("engagement.follow-up", (("case", "CAD-7"), ("kind", "referral"))),
        ("engagement.follow-up", (("case", "CAD-7"), ("kind", "initial-contact"))),
    }


def test_reminder_written_before_messages_keeps_its_stored_words(client_for, officer, team):
    reminders.schedule(team, kind="old", recipient=officer, due=NOW, title="Visit due for case AB12")
    Reminder.objects.update(message="", values={})  # as the migration leaves an older row
    reminders.deliver_due(now=NOW)
    assert "Visit due for case AB12" in _inbox(client_for(officer), "cy")


def test_admin_lists_reminders_by_kind_in_no_language(client_for, administrator, officer, sergeant):
    """Administrators see a reminder's kind and state, never its words (issue 20, item 7)."""
    _approved_and_delivered(officer, sergeant)
    kind = Reminder.objects.get().kind
    client = client_for(administrator)
    client.cookies["django_language"] = "cy"
    pages = {
        name: client.get(reverse(name)).content.decode()
        for name in ("admin:pcso_notification_changelist", "admin:pcso_reminder_changelist")
    }
    assert {
        name: (f">{kind}<" in page, "Cymeradwywyd" in page) for name, page in pages.items()
    } == dict.fromkeys(pages, (True, False))
