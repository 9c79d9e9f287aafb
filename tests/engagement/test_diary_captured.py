"""Issue 21, item 4: a diary entry written on the phone without signal and sent later keeps the
time it was written (its concerns' too); the received time is its created_at; a phone clock more
than 5 minutes out is shown on the entry."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from engagement.models import DiaryEntry

from .test_diary_views import _entry_post

pytestmark = pytest.mark.django_db


def _ago(minutes: float):
    return (timezone.now() - timedelta(minutes=minutes)).replace(microsecond=0)


def _post(client, group, captured, header):
    body = _entry_post(group, form_key=str(uuid.uuid4()), captured_at=captured.isoformat())
    return client.post(reverse("engagement:entry-create"), body, HTTP_X_OUTBOX=header)


def test_an_entry_sent_later_keeps_its_captured_time(client_for, officer, group):
    captured = _ago(90)
    before = timezone.now()
    response = _post(client_for(officer), group, captured, "replay")
    after = timezone.now()
    entry = DiaryEntry.objects.get()
    assert response.status_code == 302
    assert entry.occurred_at == captured
    assert before <= entry.created_at <= after
    assert list(entry.concerns.values_list("raised_at", flat=True)) == [captured, captured]
    assert entry.clock_skew_seconds is None
    group.refresh_from_db()
    assert group.last_contact_at == captured


def test_an_entry_from_a_phone_7_minutes_behind_says_so(client_for, officer, group):
    client = client_for(officer)
    _post(client, group, _ago(7), "send")
    entry = DiaryEntry.objects.get()
    html = client.get(entry.get_absolute_url()).content.decode()
    assert "Phone clock 7 minutes behind the server. Its time is as the phone recorded it." in html


def test_an_entry_from_a_phone_3_minutes_behind_says_nothing(client_for, officer, group):
    client = client_for(officer)
    _post(client, group, _ago(3), "send")
    entry = DiaryEntry.objects.get()
    assert "Phone clock" not in client.get(entry.get_absolute_url()).content.decode()
