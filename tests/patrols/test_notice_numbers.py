"""Notice numbers held on the phone, like a ticket book (issue 21, item 5): reserved while online
from the counter that numbers every notice, issued with (also from the outbox), handed back or
spoilt, and every number accounted for in the register and the audit trail."""

import csv
import io
import threading
import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from patrols.models import FixedPenaltyNotice, NoticeCounter, NoticeNumber, OffenceType
from patrols.services import notices as services
from pcso.models import AuditEntry, Role
from tests.factories import OfficerFactory, designate

pytestmark = pytest.mark.django_db
State = NoticeNumber.State


@pytest.fixture(autouse=True)
def _block_of_five(settings):
    settings.NOTICE_BLOCK_SIZE = 5


def issue(officer, reserved_number=None, **kw):
    return services.issue_notice(
        officer=officer,
        offence=OffenceType.objects.get(code="litter"),
        recipient=services.Recipient(
            name="John Smith",
            date_of_birth=date(1990, 5, 17),
            address="1 Fleet St",
            identity_check="photo_id",
        ),
        place="Fleet Street",
        issued_at=timezone.now() - timedelta(minutes=10),
        circumstances="Dropped a can.",
        reserved_number=reserved_number,
        **kw,
    )


def states() -> dict[int, str]:
    return dict(NoticeNumber.objects.values_list("number", "state"))


# Reserving


def test_reserving_takes_a_block_from_the_counter_and_tops_it_up(officer):
    designate(officer, "litter")
    online = issue(officer)
    numbers = services.reserve_numbers(officer=officer)
    assert [n.number for n in numbers] == [2, 3, 4, 5, 6]
    assert services.reserve_numbers(officer=officer) == []
    assert issue(officer, reserved_number=3).number == 3
    assert [n.number for n in services.reserve_numbers(officer=officer)] == [7]
    assert issue(officer).number == 8  # online, without a number from the book
    assert online.number == 1
    assert NoticeCounter.objects.get().last_number == 8
    assert states() == {2: "held", 3: "issued", 4: "held", 5: "held", 6: "held", 7: "held"}
    held = NoticeNumber.objects.get(number=2)
    assert (held.officer, held.team, held.closed_at) == (officer, officer.team, None)


def test_reserving_needs_designated_powers(officer, sergeant, inspector):
    for who in (officer, inspector):
        with pytest.raises(ValidationError) as refused:
            services.reserve_numbers(officer=who)
        assert refused.value.messages == [
            "You hold no designated powers to issue notices, so no numbers are kept for you."
        ]
    designate(sergeant, "litter")
    assert len(services.reserve_numbers(officer=sergeant)) == 5
    assert NoticeNumber.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_twenty_officers_reserving_at_once_never_share_a_number(team):
    """Twenty threads, each with its own connection to PostgreSQL, reserve a block at the same
    moment while five notices are issued online."""
    officers = [OfficerFactory(role=Role.PCSO, team=team) for _ in range(20)]
    issuer = OfficerFactory(role=Role.PCSO, team=team)
    for officer in [*officers, issuer]:
        designate(officer, "litter")
    barrier = threading.Barrier(25)
    reserved, issued, errors = {}, [], []

    def reserve(officer):
        try:
            barrier.wait(timeout=30)
            reserved[officer.pk] = [n.number for n in services.reserve_numbers(officer=officer)]
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    def issue_one():
        try:
            barrier.wait(timeout=30)
            issued.append(issue(issuer).number)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reserve, args=(o,)) for o in officers]
    threads += [threading.Thread(target=issue_one) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert connection.vendor == "postgresql"
    every = [number for block in reserved.values() for number in block] + issued
    assert len(reserved) == 20 and all(len(block) == 5 for block in reserved.values())
    assert sorted(every) == list(range(1, 106))  # no number twice, none skipped
    for block in reserved.values():  # each block is one run of the counter
        assert block == list(range(block[0], block[0] + 5))
    assert NoticeCounter.objects.get().last_number == 105
    assert NoticeNumber.objects.count() == 100
    assert {o: list(NoticeNumber.objects.filter(officer_id=o).values_list("number", flat=True).order_by("number"))
            for o in reserved} == reserved  # fmt: skip


# Issuing with a held number


def test_a_notice_issued_with_a_held_number_keeps_it(officer):
    designate(officer, "litter")
    services.reserve_numbers(officer=officer)
    notice = issue(officer, reserved_number=4)
    assert notice.number == 4
    assert notice.reference == "0000004"
    held = NoticeNumber.objects.get(number=4)
    assert (held.state, held.notice, held.closed_at is not None) == ("issued", notice, True)
    assert NoticeCounter.objects.get().last_number == 5


def test_a_number_not_held_by_the_officer_is_refused(officer, colleague):
    designate(officer, "litter")
    designate(colleague, "litter")
    services.reserve_numbers(officer=colleague)  # 1-5
    services.reserve_numbers(officer=officer)  # 6-10
    issue(officer, reserved_number=6)
    services.return_number(user=officer, number=NoticeNumber.objects.get(number=7))
    services.spoil_number(user=officer, number=NoticeNumber.objects.get(number=8), reason="Torn")
    for number in (2, 6, 7, 8, 11, 999):  # a colleague's, issued, returned, spoilt, never reserved
        with pytest.raises(ValidationError) as refused:
            issue(officer, reserved_number=number)
        assert refused.value.message_dict == {
            "reserved_number": [
                f"Notice number {number:07d} is not held by you: it was used, handed back or spoilt, or "
                "reserved for another officer. Check the number on your numbers page."
            ]
        }
    assert FixedPenaltyNotice.objects.count() == 1
    assert states()[2] == "held"
    assert NoticeCounter.objects.get().last_number == 10


# Handing back and spoiling


def test_a_held_number_is_handed_back_or_spoilt_by_its_holder_only(officer, colleague, sergeant):
    designate(officer, "litter")
    services.reserve_numbers(officer=officer)
    one, two = NoticeNumber.objects.get(number=1), NoticeNumber.objects.get(number=2)
    for who in (colleague, sergeant):
        with pytest.raises(PermissionDenied):
            services.return_number(user=who, number=one)
        with pytest.raises(PermissionDenied):
            services.spoil_number(user=who, number=one, reason="Torn")
    with pytest.raises(ValidationError) as refused:
        services.spoil_number(user=officer, number=one, reason="  ")
    assert refused.value.message_dict == {"reason": ["Say why the number is spoilt."]}
    services.return_number(user=officer, number=one)
    services.spoil_number(user=officer, number=two, reason="Rain soaked the notice; not handed over.")
    with pytest.raises(ValidationError) as refused:
        services.spoil_number(user=officer, number=one, reason="Torn")
    assert refused.value.messages == [
        "Number 0000001 is returned unused: only a number you hold can be spoilt."
    ]
    two.refresh_from_db()
    assert (two.state, two.spoilt_reason) == ("spoilt", "Rain soaked the notice; not handed over.")
    # A returned number is never given out again.
    assert [n.number for n in services.reserve_numbers(officer=officer)] == [6, 7]


def test_the_audit_trail_shows_each_state_without_the_reason(officer):
    designate(officer, "litter")
    start = AuditEntry.objects.order_by("-pk").first().pk
    services.reserve_numbers(officer=officer)
    notice = issue(officer, reserved_number=1)
    services.return_number(user=officer, number=NoticeNumber.objects.get(number=2))
    services.spoil_number(
        user=officer, number=NoticeNumber.objects.get(number=3), reason="Mr Jones's name misspelt"
    )
    ids = dict(NoticeNumber.objects.values_list("number", "pk"))
    entries = [
        (e.action, e.object_id, e.changes, e.actor_id)
        for e in AuditEntry.objects.filter(
            pk__gt=start, action__startswith="patrols.notice_number."
        ).order_by("pk")
    ]
    collar = officer.collar_number
    assert entries == [
        *[
            ("patrols.notice_number.held", str(ids[n]), {"number": n, "officer": collar}, officer.pk)
            for n in range(1, 6)
        ],
        (
            "patrols.notice_number.issued",
            str(ids[1]),
            {"number": 1, "notice": notice.pk, "fields": {"state": "changed", "notice_id": "changed", "closed_at": "changed"}},
            officer.pk,
        ),
        (
            "patrols.notice_number.returned",
            str(ids[2]),
            {"number": 2, "fields": {"state": "changed", "closed_at": "changed"}},
            officer.pk,
        ),
        (
            "patrols.notice_number.spoilt",
            str(ids[3]),
            {"number": 3, "fields": {"state": "changed", "spoilt_reason": "changed", "closed_at": "changed"}},
            officer.pk,
        ),
    ]  # fmt: skip
    assert not AuditEntry.objects.filter(pk__gt=start, changes__icontains="Jones").exists()
    assert AuditEntry.objects.filter(pk__gt=start, object_repr__icontains="Jones").count() == 0


# Pages


def _key() -> str:
    return str(uuid.uuid4())


def _notice_form(**extra) -> dict:
    litter = OffenceType.objects.get(code="litter")
    return {
        "offence": litter.pk,
        "recipient_name": "John Smith",
        "recipient_date_of_birth": "1990-05-17",
        "recipient_address": "1 Fleet St",
        "identity_check": "photo_id",
        "place": "Fleet Street",
        "circumstances": "Dropped a can.",
        "form_key": _key(),
        **extra,
    }


def test_the_issue_form_sent_from_the_outbox_keeps_its_reserved_number(client_for, officer):
    designate(officer, "litter")
    client = client_for(officer)
    answer = client.post(
        reverse("patrols:notice-numbers-reserve"), {"form_key": _key()}, HTTP_ACCEPT="application/json"
    )
    assert answer.status_code == 200
    assert answer.json() == {
        "officer": officer.pk,
        "block_size": 5,
        "held": [1, 2, 3, 4, 5],
        "added": [1, 2, 3, 4, 5],
    }
    issue(officer)  # online meanwhile: 6
    captured = (timezone.localtime() - timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M")
    body = _notice_form(reserved_number="2", issued_at=captured, captured_at=timezone.now().isoformat())
    first = client.post(reverse("patrols:notice-issue"), body)
    again = client.post(reverse("patrols:notice-issue"), body)  # the outbox's retry, same key
    notice = FixedPenaltyNotice.objects.get(number=2)
    assert (first.status_code, first["Location"]) == (302, notice.get_absolute_url())
    assert (again.status_code, again["Location"]) == (302, notice.get_absolute_url())
    assert sorted(FixedPenaltyNotice.objects.values_list("number", flat=True)) == [2, 6]
    assert states() == {1: "held", 2: "issued", 3: "held", 4: "held", 5: "held"}
    held = client.get(reverse("patrols:notice-numbers-held"))
    assert held.json() == {"officer": officer.pk, "block_size": 5, "held": [1, 3, 4, 5]}
    assert "no-store" in held["Cache-Control"]


def test_the_issue_form_refuses_another_officers_number_clearly(client_for, officer, colleague):
    designate(officer, "litter")
    designate(colleague, "litter")
    services.reserve_numbers(officer=colleague)
    response = client_for(officer).post(reverse("patrols:notice-issue"), _notice_form(reserved_number="3"))
    assert response.status_code == 400
    assert FixedPenaltyNotice.objects.count() == 0
    page = response.content.decode()
    assert "Notice number 0000003 is not held by you" in page
    assert "data-reserved-number-error" in page


def test_the_issue_page_carries_the_book_for_the_script(client_for, officer):
    designate(officer, "litter")
    page = client_for(officer).get(reverse("patrols:notice-issue")).content.decode()
    assert 'data-held-url="/patrols/notices/numbers/held.json"' in page
    assert 'data-reserve-url="/patrols/notices/numbers/reserve/"' in page
    assert 'data-block-size="5"' in page
    assert 'name="reserved_number"' in page and "data-reserved-number" in page
    assert "js/notice-book.js" in page


def test_reserve_return_and_spoil_from_the_numbers_page(client_for, officer):
    designate(officer, "litter")
    client = client_for(officer)
    response = client.post(reverse("patrols:notice-numbers-reserve"), {"form_key": _key()})
    assert (response.status_code, response["Location"]) == (302, reverse("patrols:notice-numbers"))
    one, two = NoticeNumber.objects.get(number=1), NoticeNumber.objects.get(number=2)
    response = client.post(reverse("patrols:notice-number-return", args=[one.pk]), {"form_key": _key()})
    assert response.status_code == 302
    spoil = reverse("patrols:notice-number-spoil", args=[two.pk])
    assert client.get(spoil).status_code == 200
    assert client.post(spoil, {"reason": "", "form_key": _key()}).status_code == 400
    assert client.post(spoil, {"reason": "Written in error", "form_key": _key()}).status_code == 302
    assert states() == {1: "returned", 2: "spoilt", 3: "held", 4: "held", 5: "held"}
    page = client.get(reverse("patrols:notice-numbers"))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert html.count('data-state="held"') == 3
    assert "Written in error" in html
    assert (
        html.count(reverse("patrols:notice-number-spoil", args=[NoticeNumber.objects.get(number=3).pk])) == 1
    )
    # The page's read is in the trail (it shows a spoilt reason).
    entry = AuditEntry.objects.filter(action="patrols.noticenumber.listed").latest("pk")
    assert sorted(entry.changes["ids"]) == sorted(NoticeNumber.objects.values_list("pk", flat=True))


def test_who_sees_which_numbers(client_for, officer, colleague, sergeant, inspector, other_team_officer):
    for who in (officer, colleague, other_team_officer):
        designate(who, "litter")
        services.reserve_numbers(officer=who)
    url = reverse("patrols:notice-numbers")

    def shown(who):
        html = client_for(who).get(url).content.decode()
        rows = sorted(int(n) for n in __import__("re").findall(r'data-number-row="(\d+)"', html))
        return rows, html.count("data-return-number")

    assert shown(officer) == ([1, 2, 3, 4, 5], 5)
    assert shown(colleague) == ([6, 7, 8, 9, 10], 5)
    assert shown(sergeant) == (list(range(1, 11)), 0)  # the team's, read only
    assert shown(inspector) == (list(range(1, 16)), 0)  # every team of the command, read only
    other = NoticeNumber.objects.get(number=1)
    for who in (colleague, sergeant, inspector):
        assert (
            client_for(who)
            .post(reverse("patrols:notice-number-return", args=[other.pk]), {"form_key": _key()})
            .status_code
            == 404
        )
        assert client_for(who).get(reverse("patrols:notice-number-spoil", args=[other.pk])).status_code == 404
    assert states()[1] == "held"


def test_the_register_accounts_for_every_number(client_for, officer, sergeant):
    designate(officer, "litter")
    issue(officer)  # 1, online
    services.reserve_numbers(officer=officer)  # 2-6
    issue(officer, reserved_number=2)
    services.return_number(user=officer, number=NoticeNumber.objects.get(number=3))
    services.spoil_number(user=officer, number=NoticeNumber.objects.get(number=4), reason="Torn")
    client = client_for(sergeant)
    notices = list(csv.reader(io.StringIO(client.get(reverse("patrols:notice-export")).getvalue().decode())))
    numbers = list(
        csv.reader(io.StringIO(client.get(reverse("patrols:notice-numbers-export")).getvalue().decode()))
    )
    assert [row[0] for row in notices[2:]] == ["0000001", "0000002"]
    assert numbers[0] == ["OFFICIAL-SENSITIVE"]
    assert numbers[1] == [
        "Number", "State", "Officer", "Collar number", "Team", "Held since",
        "Issued, spoilt or returned", "Notice", "Why spoilt",
    ]  # fmt: skip
    name = officer.full_name
    assert [(r[0], r[1], r[2], r[7], r[8]) for r in numbers[2:]] == [
        ("0000002", "Issued", name, "0000002", ""),
        ("0000003", "Returned unused", name, "", ""),
        ("0000004", "Spoilt", name, "", "Torn"),
        ("0000005", "Held", name, "", ""),
        ("0000006", "Held", name, "", ""),
    ]
    accounted = {int(r[0]) for r in notices[2:]} | {int(r[0]) for r in numbers[2:]}
    assert accounted == set(range(1, NoticeCounter.objects.get().last_number + 1))


def test_the_numbers_page_reads_the_same_queries_for_3_or_30_rows(client_for, officer, sergeant, team):
    def queries():
        client = client_for(sergeant)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("patrols:notice-numbers")).status_code == 200
        return len(captured)

    designate(officer, "litter")
    services.reserve_numbers(officer=officer)
    few = queries()
    for _ in range(5):
        other = OfficerFactory(role=Role.PCSO, team=team)
        designate(other, "litter")
        services.reserve_numbers(officer=other)
    assert NoticeNumber.objects.count() == 30
    assert queries() == few
