"""Penalty notice pages: own team, other team (404) and inspector for every view; the issuing
form's refusals; the printable notice; the register's filters, export and query count."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from patrols.models import Designation, FixedPenaltyNotice, OffenceType, Payment
from patrols.services import notices as notice_services
from pcso.models import AuditEntry
from tests.factories import OfficerFactory, PatrolFactory, designate, make_notice

pytestmark = pytest.mark.django_db
Status = FixedPenaltyNotice.Status


@pytest.fixture
def notice(officer):
    return make_notice(officer, "dog-control-pspo")


@pytest.fixture
def other_notice(other_team_officer):
    return make_notice(other_team_officer, "litter")


def issue_data(offence, **overrides):
    return {
        "offence": offence.pk,
        "recipient_name": "John Smith",
        "recipient_date_of_birth": "1990-05-17",
        "recipient_address": "1 Fleet Street",
        "identity_check": "photo_id",
        "place": "Fleet Street by the church",
        "latitude": "",
        "longitude": "",
        "issued_at": "",
        "circumstances": "Dropped a coffee cup and walked on.",
        **overrides,
    }


def offence(code):
    return OffenceType.objects.get(code=code)


# Issuing


def test_issue_form_offers_only_designated_offences(client_for, officer):
    designate(officer, "litter", "cycling-on-footway")
    content = client_for(officer).get(reverse("patrols:notice-issue")).content.decode()
    assert "Leaving litter" in content
    assert "Cycling on a footway" in content
    assert "Graffiti" not in content
    assert "Behaviour likely to cause" not in content


def test_issue_form_without_designations_says_so(client_for, officer):
    response = client_for(officer).get(reverse("patrols:notice-issue"))
    assert response.status_code == 200
    assert "You hold no designated powers" in response.content.decode()


def test_hand_made_post_for_undesignated_offence_is_refused(client_for, officer):
    designate(officer, "litter")
    response = client_for(officer).post(
        reverse("patrols:notice-issue"), issue_data(offence("pnd-upper-tier"))
    )
    assert response.status_code == 400
    assert "Choose one of the offences you are designated for." in response.content.decode()
    assert FixedPenaltyNotice.objects.count() == 0


def test_under_age_recipient_is_refused_and_what_was_typed_is_kept(client_for, officer):
    designate(officer, "litter")
    born = timezone.localdate().replace(year=timezone.localdate().year - 17)
    data = issue_data(offence("litter"), recipient_date_of_birth=born.isoformat())
    response = client_for(officer).post(reverse("patrols:notice-issue"), data)
    content = response.content.decode()
    assert response.status_code == 400
    assert "The recipient is 17: this notice may only be given to someone aged 18 or over." in content
    assert "Dropped a coffee cup and walked on." in content
    assert 'value="Fleet Street by the church"' in content
    assert FixedPenaltyNotice.objects.count() == 0


def test_issue_links_running_patrol_and_opens_the_printable_notice(client_for, officer, sergeant):
    designate(officer, "litter")
    running = PatrolFactory(
        officer=officer, started_at=timezone.now() - timedelta(hours=1), ended_at=None, status="in_progress"
    )
    data = issue_data(offence("litter"), latitude="51.513000", longitude="-0.099000")
    response = client_for(officer).post(reverse("patrols:notice-issue"), data, follow=True)
    notice = FixedPenaltyNotice.objects.get()
    assert (notice.number, notice.patrol, notice.officer, notice.latitude) == (
        1,
        running,
        officer,
        Decimal("51.513000"),
    )
    content = response.content.decode()
    assert "Notice 0000001 issued." in content
    assert "Notice number 0000001" in content
    assert f"£100.00 if paid by {notice.early_pay_by:%-d %B %Y}" in content
    assert f"otherwise £150.00, to be paid by {notice.pay_by:%-d %B %Y}" in content
    assert "Pay the local council" in content
    assert "css/notice-print.css" in content and 'media="print"' in content


def test_running_patrol_and_my_day_link_to_issuing(client_for, officer):
    client = client_for(officer)
    assert reverse("patrols:notice-issue") in client.get(reverse("home")).content.decode()
    client.post(reverse("patrols:patrol-start"), {"mode": "foot"})
    patrol = officer.patrols.get()
    assert reverse("patrols:notice-issue") in client.get(patrol.get_absolute_url()).content.decode()


# The notice page


def test_notice_detail_actions_by_role(client_for, notice, officer, colleague, sergeant, inspector):
    page = client_for(officer).get(notice.get_absolute_url()).content.decode()
    assert ("Record payment" in page, "asks for a hearing" in page, "Cancel notice" in page) == (
        True,
        True,
        False,
    )
    page = client_for(colleague).get(notice.get_absolute_url()).content.decode()
    assert ("Record payment" in page, "Cancel notice" in page) == (False, False)
    page = client_for(sergeant).get(notice.get_absolute_url()).content.decode()
    assert ("Record payment" in page, "Cancel notice" in page) == (True, True)
    page = client_for(inspector).get(notice.get_absolute_url()).content.decode()
    assert ("Record payment" in page, "Cancel notice" in page) == (False, True)


# Payments and hearings


def test_payment_by_issuing_officer(client_for, notice, officer):
    today = timezone.localdate()
    response = client_for(officer).post(
        reverse("patrols:notice-payment", args=[notice.pk]),
        {"amount": "65.00", "paid_on": today.isoformat(), "reference": "CTO-1"},
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == Status.PAID
    assert list(Payment.objects.values_list("amount", "reference")) == [(Decimal("65.00"), "CTO-1")]


def test_payment_over_the_balance_is_refused_on_the_form(client_for, notice, officer):
    response = client_for(officer).post(
        reverse("patrols:notice-payment", args=[notice.pk]),
        {"amount": "70.00", "paid_on": timezone.localdate().isoformat(), "reference": "CTO-1"},
    )
    assert response.status_code == 400
    assert f"Only £65.00 was owed on {timezone.localdate():%-d %B %Y}." in response.content.decode()
    assert Payment.objects.count() == 0


@pytest.mark.parametrize("who", ["colleague", "other_team_officer", "other_sergeant", "inspector"])
def test_payment_and_hearing_by_others_are_404(client_for, request, notice, who):
    client = client_for(request.getfixturevalue(who))
    data = {"amount": "65.00", "paid_on": timezone.localdate().isoformat(), "reference": "X"}
    assert client.post(reverse("patrols:notice-payment", args=[notice.pk]), data).status_code == 404
    assert client.post(reverse("patrols:notice-hearing", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.status == Status.ISSUED


def test_hearing_request_by_sergeant(client_for, notice, sergeant):
    response = client_for(sergeant).post(reverse("patrols:notice-hearing", args=[notice.pk]))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == Status.CHALLENGED


# Cancelling: sergeant or above only


@pytest.mark.parametrize(
    "who", ["officer", "colleague", "other_sergeant", "other_inspector", "other_team_officer"]
)
def test_cancel_page_is_404_for_all_but_supervisors(client_for, request, notice, who):
    client = client_for(request.getfixturevalue(who))
    url = reverse("patrols:notice-cancel", args=[notice.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Mistake"}).status_code == 404
    notice.refresh_from_db()
    assert notice.status == Status.ISSUED


@pytest.mark.parametrize("who", ["sergeant", "inspector"])
def test_supervisor_cancels_with_a_reason(client_for, request, notice, who):
    user = request.getfixturevalue(who)
    client = client_for(user)
    url = reverse("patrols:notice-cancel", args=[notice.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    response = client.post(url, {"reason": "Recipient's details were wrong"}, follow=True)
    notice.refresh_from_db()
    assert (notice.status, notice.cancelled_by, notice.cancel_reason) == (
        Status.CANCELLED,
        user,
        "Recipient's details were wrong",
    )
    assert "Recipient&#x27;s details were wrong" in response.content.decode()


# The register


def test_register_scope(client_for, notice, other_notice, officer, sergeant, inspector, other_inspector):
    def rows(user):
        return [n.pk for n in client_for(user).get(reverse("patrols:notice-list")).context["notices"]]

    assert rows(officer) == [notice.pk]
    assert rows(sergeant) == [notice.pk]
    assert sorted(rows(inspector)) == sorted([notice.pk, other_notice.pk])
    assert rows(other_inspector) == []


def test_register_filters(client_for, officer, colleague, sergeant):
    first = make_notice(officer, "litter", issued_at=timezone.now() - timedelta(days=3))
    # Issued now, not the factory's half an hour ago: that is yesterday just after midnight.
    second = make_notice(colleague, "dog-control-pspo", issued_at=timezone.now())
    notice_services.cancel_notice(user=sergeant, notice=second, reason="Wrong person")
    client = client_for(sergeant)

    def rows(**query):
        return [n.pk for n in client.get(reverse("patrols:notice-list"), query).context["notices"]]

    assert rows() == [second.pk, first.pk]
    assert rows(status="cancelled") == [second.pk]
    assert rows(offence=offence("litter").pk) == [first.pk]
    assert rows(officer=colleague.pk) == [second.pk]
    assert rows(start=timezone.localdate().isoformat()) == [second.pk]
    assert rows(end=(timezone.localdate() - timedelta(days=1)).isoformat()) == [first.pk]
    response = client.get(reverse("patrols:notice-list"), {"start": "2026-05-02", "end": "2026-05-01"})
    assert "The end must not be before the start." in response.content.decode()


def test_register_query_count_is_the_same_with_5_and_50_notices(client_for, officer, sergeant):
    designate(officer)
    litter = offence("litter")
    client = client_for(sergeant)
    client.get(reverse("home"))

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("patrols:notice-list"))
        assert response.status_code == 200
        return len(queries), len(response.context["notices"])

    def issue(n):
        for i in range(n):
            notice_services.issue_notice(
                officer=officer,
                offence=litter,
                recipient=notice_services.Recipient("A Person", date(1980, 1, 1), "1 Street", "photo_id"),
                place=f"Bench {i}",
                issued_at=timezone.now() - timedelta(minutes=5),
                circumstances="Litter.",
            )

    issue(5)
    five = count()
    issue(45)
    fifty = count()
    assert (five[1], fifty[1]) == (5, 25)  # a page holds 25 (pcso.pagination.PAGE_SIZE)
    assert five[0] == fifty[0]


def test_export_has_the_filtered_rows_guards_formulas_and_is_audited(
    client_for, officer, sergeant, other_notice
):
    first = make_notice(officer, "litter", place="=HYPERLINK(1)")
    make_notice(officer, "dog-control-pspo")
    response = client_for(sergeant).get(reverse("patrols:notice-export"), {"offence": offence("litter").pk})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert (rows[0], rows[1][:3]) == (["OFFICIAL-SENSITIVE"], ["Number", "Kind", "Offence"])
    assert [(r[0], r[2], r[7], r[9], r[13]) for r in rows[2:]] == [
        (first.reference, "Leaving litter", "'=HYPERLINK(1)", "150.00", "Awaiting payment")
    ]
    # A sensitive export: the trail lists the notices it held.
    entry = AuditEntry.objects.get(action="patrols.fixedpenaltynotice.exported")
    assert entry.changes == {"rows": 1, "ids": [first.pk]}


def test_export_scope(client_for, notice, other_notice, other_team_officer, other_inspector, inspector):
    def numbers(user):
        content = b"".join(client_for(user).get(reverse("patrols:notice-export")).streaming_content).decode()
        return [row[0] for row in list(csv.reader(io.StringIO(content)))[2:]]  # past marking and header

    assert numbers(other_team_officer) == [other_notice.reference]
    assert numbers(other_inspector) == []
    assert numbers(inspector) == sorted([notice.reference, other_notice.reference])


# Designations


def test_sergeant_designates_own_team_officer(client_for, sergeant, officer, other_team_officer):
    client = client_for(sergeant)
    url = reverse("patrols:designation-list")
    response = client.post(url, {"officer": officer.pk, "offence": offence("litter").pk})
    assert response.status_code == 302
    assert list(Designation.objects.values_list("officer", "team", "granted_by")) == [
        (officer.pk, officer.team_id, sergeant.pk)
    ]
    response = client.post(url, {"officer": other_team_officer.pk, "offence": offence("litter").pk})
    assert response.status_code == 400
    assert Designation.objects.count() == 1


def test_designation_page_by_role(
    client_for, officer, colleague, sergeant, inspector, other_team_officer, other_sergeant
):
    designate(officer, "litter")
    designate(other_team_officer, "litter")
    url = reverse("patrols:designation-list")

    def shown(user):
        response = client_for(user).get(url)
        return (
            response.status_code,
            sorted(d.officer_id for d in response.context["designations"]),
            bool(response.context["form"]),
        )

    assert shown(colleague) == (200, [officer.pk], False)
    assert shown(sergeant) == (200, [officer.pk], True)
    assert shown(other_sergeant) == (200, [other_team_officer.pk], True)
    assert shown(inspector) == (200, sorted([officer.pk, other_team_officer.pk]), False)
    assert (
        client_for(colleague)
        .post(url, {"officer": colleague.pk, "offence": offence("litter").pk})
        .status_code
        == 404
    )
    assert Designation.objects.count() == 2


@pytest.mark.parametrize(
    ("who", "status"), [("officer", 404), ("other_sergeant", 404), ("inspector", 404), ("sergeant", 302)]
)
def test_revoke_designation(client_for, request, officer, who, status):
    designation = designate(officer, "litter")[0]
    response = client_for(request.getfixturevalue(who)).post(
        reverse("patrols:designation-revoke", args=[designation.pk])
    )
    assert response.status_code == status
    assert Designation.objects.filter(pk=designation.pk).exists() == (status == 404)


# The sergeant's team page


def test_sergeant_home_counts_notices_per_officer(
    client_for, officer, colleague, sergeant, other_team_officer
):
    make_notice(officer, "litter")
    paid = make_notice(officer, "dog-control-pspo")
    notice_services.record_payment(
        user=officer, notice=paid, amount=Decimal("65.00"), paid_on=timezone.localdate(), reference="R"
    )
    make_notice(colleague, "litter")
    make_notice(other_team_officer, "litter")
    rows = client_for(sergeant).get(reverse("home")).context["notice_counts"]
    assert [(r["name"], r["total"], r["open"], r["paid"]) for r in rows] == [
        ("Aisha Khan", 2, 1, 1),
        ("Tom Reilly", 1, 1, 0),
    ]


def test_sergeant_home_query_count_does_not_grow_with_officers(client_for, team, sergeant):
    client = client_for(sergeant)
    client.get(reverse("home"))  # the first request of a session reads what later ones have cached

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("home"))
        return len(queries)

    first = OfficerFactory(team=team)
    make_notice(first, "litter")
    before = count()
    for _ in range(3):
        make_notice(OfficerFactory(team=team), "litter")
    assert count() == before


# The catalogue in the admin site


def test_administrator_adds_an_offence_row_in_the_admin_and_it_can_be_designated(
    client_for, administrator, sergeant, officer
):
    client = client_for(administrator)
    assert client.get(reverse("admin:patrols_offencetype_changelist")).status_code == 200
    response = client.post(
        reverse("admin:patrols_offencetype_add"),
        {
            "code": "diversionary-caution",
            "kind": "PND",
            "wording": "Diversionary caution (conditions)",
            "wording_cy": "Rhybudd dargyfeiriol (amodau)",
            "legislation": "Police, Crime, Sentencing and Courts Act 2022, s.98",
            "minimum_age": "18",
            "amount": "50.00",
            "early_amount": "",
            "early_days": "",
            "days_to_pay": "28",
            "if_unpaid": "court",
            "fine_multiplier": "",
            "how_to_pay": "Pay the court.",
            "active_from": "2026-01-01",
            "active_to": "",
        },
    )
    assert response.status_code == 302
    added = OffenceType.objects.get(code="diversionary-caution")
    notice_services.designate(user=sergeant, officer=officer, offence=added)
    assert added in notice_services.designated_offences(officer, timezone.localdate())
    bad = client.post(
        reverse("admin:patrols_offencetype_add"),
        {"code": "bad", "kind": "FPN", "wording": "W", "legislation": "L", "minimum_age": "18",
         "amount": "50", "early_amount": "60", "early_days": "7", "days_to_pay": "14",
         "if_unpaid": "fine", "fine_multiplier": "", "how_to_pay": "P", "active_from": "2026-01-01"},
    )  # fmt: skip
    assert bad.status_code == 200
    assert "The early-payment amount must be less than the full amount." in bad.content.decode()
    assert client_for(sergeant).get(reverse("admin:patrols_offencetype_changelist")).status_code == 302
