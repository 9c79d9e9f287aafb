"""Penalty notices hold the recipient's name, address and date of birth: declared sensitive on the
model, so their pages and the register keep no copy (Cache-Control: no-store), each read is in
the audit trail (DPA 2018 s.62), the register's CSV is marked OFFICIAL-SENSITIVE, and the trail
names a notice by kind and number, never with the recipient's details (issue 20, item 4)."""

import csv
import io

import pytest
from django.urls import reverse

from patrols.models import FixedPenaltyNotice, OffenceType
from pcso.models import AuditEntry
from tests.factories import make_notice

pytestmark = pytest.mark.django_db

NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"
PERSON = ("Jane Recipientname", "7 Carter Lane", "1990", "Shouting abuse")


@pytest.fixture
def notice(officer):
    return make_notice(officer, "litter", name="Jane Recipientname", address="7 Carter Lane, London")


def test_the_model_is_declared_sensitive():
    assert FixedPenaltyNotice.sensitive is True


def test_notice_pages_the_register_and_its_export_keep_no_copy(client_for, sergeant, notice):
    client = client_for(sergeant)
    urls = [
        reverse("patrols:notice-detail", args=[notice.pk]),
        reverse("patrols:notice-cancel", args=[notice.pk]),
        reverse("patrols:notice-list"),
        reverse("patrols:notice-export"),
    ]
    answers = {url: (r.status_code, r.get("Cache-Control")) for url in urls for r in [client.get(url)]}
    assert answers == {
        **dict.fromkeys(urls[:3], (200, NO_STORE)),
        # The exporter's own no-store, with the audited read's added to it.
        urls[3]: (200, "no-store, max-age=0, no-cache, must-revalidate, private"),
    }


def test_reading_a_notice_writes_one_read_to_the_audit_trail(client_for, colleague, notice):
    before = AuditEntry.objects.count()
    response = client_for(colleague).get(reverse("patrols:notice-detail", args=[notice.pk]))
    assert response.status_code == 200
    entries = list(AuditEntry.objects.order_by("pk")[before:])
    assert [(e.actor, e.action, e.object_id, e.object_repr, e.changes) for e in entries] == [
        (colleague, "patrols.fixedpenaltynotice.read", str(notice.pk), f"Penalty notice #{notice.pk}", {})
    ]


def test_the_register_writes_the_notices_it_listed(client_for, colleague, notice, officer):
    second = make_notice(officer, "litter")
    before = AuditEntry.objects.count()
    client = client_for(colleague)
    for _ in range(2):  # the second time from the kept page: the same read again
        assert client.get(reverse("patrols:notice-list")).status_code == 200
    entries = list(AuditEntry.objects.order_by("pk")[before:])
    assert [(e.actor, e.action, e.changes) for e in entries] == [
        (colleague, "patrols.fixedpenaltynotice.listed", {"ids": [second.pk, notice.pk]})
    ] * 2


def test_the_register_csv_is_marked_and_lists_its_notices_in_the_trail(client_for, sergeant, notice):
    response = client_for(sergeant).get(reverse("patrols:notice-export"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert (rows[0], rows[1][:2], len(rows)) == (["OFFICIAL-SENSITIVE"], ["Number", "Kind"], 3)
    entry = AuditEntry.objects.get(action="patrols.fixedpenaltynotice.exported")
    assert entry.changes == {"rows": 1, "ids": [notice.pk]}


def test_the_trail_of_a_notices_life_holds_none_of_the_recipients_details(sergeant, notice):
    from decimal import Decimal

    from django.utils import timezone

    from patrols.services import notices as notice_services

    notice_services.record_payment(
        user=sergeant,
        notice=notice,
        amount=Decimal("10.00"),
        paid_on=timezone.localdate(),
        reference="REF-77",
    )
    notice_services.cancel_notice(user=sergeant, notice=notice, reason="Jane Recipientname was a child")
    entries = AuditEntry.objects.filter(object_id=str(notice.pk), action__startswith="patrols.notice")
    assert {(e.action, e.object_repr): e.changes for e in entries} == {
        ("patrols.notice.issued", f"Penalty notice #{notice.pk}"): {
            "number": notice.number,
            "offence": "litter",
            "amount": "150.00",
        },
        ("patrols.notice.part_paid", f"Penalty notice #{notice.pk}"): {
            "amount": "10.00",
            "paid_on": timezone.localdate().isoformat(),
            "fields": {"status": "changed", "status_changed_at": "changed"},
        },
        ("patrols.notice.cancelled", f"Penalty notice #{notice.pk}"): {
            "from": "part_paid",
            "fields": {
                "status": "changed",
                "status_changed_at": "changed",
                "cancelled_by_id": "changed",
                "cancel_reason": "changed",
            },
        },
    }
    everything = str(list(AuditEntry.objects.values_list("object_repr", "changes")))
    assert [word for word in ("Jane", "Carter Lane", "child") if word in everything] == []


def test_the_administrator_reads_the_trail_of_notices_without_the_recipient(
    client_for, administrator, notice
):
    client = client_for(administrator)
    listing = client.get(reverse("admin:pcso_auditentry_changelist"), {"q": "Penalty notice"})
    entry = AuditEntry.objects.get(action="patrols.notice.issued")
    detail = client.get(reverse("admin:pcso_auditentry_change", args=[entry.pk]))
    pages = listing.content.decode() + detail.content.decode()
    assert (listing.status_code, detail.status_code) == (200, 200)
    assert f"Penalty notice #{notice.pk}" in listing.content.decode()
    assert [word for word in PERSON if word in pages] == []


def test_offence_catalogue_rows_are_not_people():
    assert OffenceType.sensitive is False
