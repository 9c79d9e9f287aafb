"""One-time form keys (pcso/once.py): every form that makes a record or moves one on, sent twice
with its key, one after the other or two at once on two connections, makes one record and gets
the first answer twice.

The table CREATES lists every such form: the URL, who sends it, and a valid body, in the world of
the URL sweep (tests/test_url_sweep.py). A form with errors spends no key; a key sent again with
other contents is refused; every POST form of every template carries a key.
"""

from __future__ import annotations

import re
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import connections
from django.test import Client
from django.urls import reverse

from pcso import once
from pcso.models import AuditEntry, FormKey
from tests.test_url_sweep import build_world

ROOT = Path(__file__).resolve().parents[2]
# Tables that change on every request or whose rows are not records.
NOT_RECORDS = {"pcso.auditentry", "pcso.auditseal", "pcso.formkey", "pcso.generation"}


def records() -> dict[str, int]:
    """How many rows each project model holds."""
    counts = {}
    for label in ("pcso", "engagement", "patrols", "intelligence"):
        for model in apps.get_app_config(label).get_models():
            if model._meta.label_lower not in NOT_RECORDS:
                counts[model._meta.label_lower] = model._default_manager.count()
    return counts


@dataclass(frozen=True)
class Create:
    """A form that makes a record or moves one on: its URL name, who sends it, what it sends."""

    name: str
    who: str  # a key of the sweep world's people
    data: Any  # fn(world) -> the valid body
    kwargs: Any = None  # fn(world) -> the URL's keyword arguments
    made: str = ""  # the model a sending adds a row to ("" when it moves a record on)

    def url(self, world) -> str:
        return reverse(self.name, kwargs=self.kwargs(world) if self.kwargs else None)


def _notice(world):
    from patrols.models import OffenceType

    return {
        "offence": OffenceType.objects.get(code="litter").pk,
        "recipient_name": "John Smith",
        "recipient_date_of_birth": "1990-05-17",
        "recipient_address": "1 Fleet Street",
        "identity_check": "photo_id",
        "place": "Fleet Street by the church",
        "circumstances": "Dropped a coffee cup and walked on.",
    }


def _entry(world):
    return {
        "groups": [world.record("group", "own").pk],
        "kind": "meeting",
        "place": "Market hall",
        "notes": "Twelve residents came.",
        "concerns-TOTAL_FORMS": "1",
        "concerns-INITIAL_FORMS": "0",
        "concerns-MIN_NUM_FORMS": "0",
        "concerns-MAX_NUM_FORMS": "1000",
        "concerns-0-category": "parking",
        "concerns-0-description": "Vans on the pavement",
    }


CREATES = [
    Create("patrols:notice-issue", "pcso", _notice, made="patrols.fixedpenaltynotice"),
    Create("engagement:entry-create", "pcso", _entry, made="engagement.diaryentry"),
    Create(
        "intelligence:report-submit",
        "pcso",
        lambda world: {},
        kwargs=lambda world: {"pk": world.record("draft", "own").pk},
    ),
]


def _client(officer) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    return client


def _answer(response) -> tuple:
    return response.status_code, response.get("Location"), response.content


@pytest.mark.django_db
@pytest.mark.parametrize("form", CREATES, ids=lambda form: form.name)
def test_a_form_sent_twice_in_a_row_makes_one_record_and_gets_the_first_answer(form):
    world = build_world()
    client = _client(world.people[form.who])
    body = {**form.data(world), once.FIELD: str(uuid.uuid4())}
    before = records()
    first = client.post(form.url(world), body)
    after_first, trail = records(), AuditEntry.objects.count()
    again = client.post(form.url(world), body)
    assert first.status_code in (200, 302), first.content.decode()[:2000]
    assert after_first != before  # the first sending made or moved something
    if form.made:
        assert after_first[form.made] == before[form.made] + 1
    assert _answer(again) == _answer(first)
    assert records() == after_first
    assert AuditEntry.objects.count() == trail  # the second ran nothing, not even a read
    assert FormKey.objects.filter(officer=world.people[form.who]).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("form", CREATES, ids=lambda form: form.name)
def test_a_form_sent_twice_at_once_on_two_connections_makes_one_record(form):
    world = build_world()
    officer = world.people[form.who]
    body = {**form.data(world), once.FIELD: str(uuid.uuid4())}
    url = form.url(world)
    before = records()
    start = threading.Barrier(2)
    answers = [None, None]

    def send(slot):
        client = _client(officer)
        try:
            start.wait()
            answers[slot] = _answer(client.post(url, body))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert answers[0] == answers[1]
    assert answers[0][0] in (200, 302)
    after = records()
    changed = {label: (before[label], after[label]) for label in after if after[label] != before[label]}
    if form.made:
        assert changed[form.made] == (before[form.made], before[form.made] + 1)
    assert FormKey.objects.filter(officer=officer).count() == 1


@pytest.mark.django_db
def test_two_sendings_with_two_keys_make_two_records():
    world = build_world()
    form = CREATES[0]
    client = _client(world.people[form.who])
    before = records()[form.made]
    for _ in range(2):
        client.post(form.url(world), {**form.data(world), once.FIELD: str(uuid.uuid4())})
    assert records()[form.made] == before + 2


@pytest.mark.django_db
def test_a_form_with_errors_spends_no_key_and_the_corrected_form_is_saved_with_it():
    world = build_world()
    client = _client(world.people["pcso"])
    key = str(uuid.uuid4())
    body = {**_notice(world), once.FIELD: key}
    refused = client.post(reverse("patrols:notice-issue"), {**body, "recipient_name": ""})
    assert refused.status_code == 400
    assert FormKey.objects.count() == 0
    saved = client.post(reverse("patrols:notice-issue"), body)
    assert saved.status_code == 302
    assert list(FormKey.objects.values_list("key", "location")) == [(uuid.UUID(key), saved["Location"])]


@pytest.mark.django_db
def test_a_spent_key_sent_with_other_contents_is_refused_and_makes_nothing():
    world = build_world()
    client = _client(world.people["pcso"])
    body = {**_notice(world), once.FIELD: str(uuid.uuid4())}
    client.post(reverse("patrols:notice-issue"), body)
    before = records()
    other = client.post(reverse("patrols:notice-issue"), {**body, "recipient_name": "Jane Smith"})
    assert other.status_code == 422
    assert "This form was already sent" in other.content.decode()
    assert records() == before


@pytest.mark.django_db
def test_a_key_is_the_officers_own():
    """Another officer's sending with the same key is a sending of its own."""
    world = build_world()
    key = str(uuid.uuid4())
    for who in ("pcso", "colleague"):
        from tests.factories import designate

        designate(world.people[who], "litter")
        _client(world.people[who]).post(reverse("patrols:notice-issue"), {**_notice(world), once.FIELD: key})
    assert FormKey.objects.filter(key=key).count() == 2


@pytest.mark.django_db
def test_keys_older_than_form_key_days_are_forgotten(settings):
    from datetime import timedelta

    from django.utils import timezone

    world = build_world()
    now = timezone.now()
    for days in (settings.FORM_KEY_DAYS + 1, settings.FORM_KEY_DAYS - 1):
        FormKey.objects.create(
            officer=world.people["pcso"], key=uuid.uuid4(), made_at=now - timedelta(days=days)
        )
    assert once.forget(now) == 1
    assert FormKey.objects.count() == 1


def test_every_post_form_in_every_template_carries_a_key():
    """Every <form method="post"> holds {% form_key %} (the sign-in form aside: no officer yet)."""
    missing = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        text = template.read_text()
        for match in re.finditer(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", text, re.S | re.I):
            if "{% form_key %}" not in match.group(1) and template.name != "login.html":
                missing.append(f"{template.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}")
    assert missing == []


@pytest.mark.django_db
def test_a_shown_form_gets_a_new_key_each_time(client):
    world = build_world()
    client.force_login(world.people["pcso"])
    keys = [
        re.findall(
            r'name="form_key" value="([0-9a-f-]{36})"',
            client.get(reverse("patrols:notice-issue")).content.decode(),
        )
        for _ in range(2)
    ]
    # The page's forms: the notice, signing out, the language.
    assert len(keys[0]) == len(keys[1]) == 3
    assert len(set(keys[0] + keys[1])) == 6
