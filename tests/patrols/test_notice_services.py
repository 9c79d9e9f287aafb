"""Penalty notices: designations, issuing, money and deadlines (with fixed dates), the lifecycle."""

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from patrols.models import Designation, FixedPenaltyNotice, NoticeCounter, OffenceType, Payment
from patrols.services import notices as services
from pcso.models import AuditEntry, Reminder
from tests.factories import PatrolFactory, designate

from .conftest import at

pytestmark = pytest.mark.django_db
Status = FixedPenaltyNotice.Status


def offence(code):
    return OffenceType.objects.get(code=code)


def recipient(born=date(1990, 5, 17)):
    return services.Recipient(
        name="John Smith", date_of_birth=born, address="1 Fleet St", identity_check="photo_id"
    )


def issue(officer, code="pnd-upper-tier", when="2026-03-02 14:00", born=date(1990, 5, 17), **kw):
    return services.issue_notice(
        officer=officer,
        offence=offence(code),
        recipient=recipient(born),
        place="Fleet Street",
        issued_at=at(when),
        circumstances="Abusive to passers-by.",
        now=at(when) + timedelta(minutes=5),
        **kw,
    )


# The catalogue


def test_catalogue_is_seeded_from_the_domain_table():
    rows = {
        o.code: (
            o.kind,
            o.amount,
            o.early_amount,
            o.early_days,
            o.days_to_pay,
            o.if_unpaid,
            o.fine_multiplier,
        )
        for o in OffenceType.objects.all()
    }
    assert rows == {
        "pnd-lower-tier": ("PND", Decimal("60.00"), None, None, 21, "fine", Decimal("1.50")),
        "pnd-upper-tier": ("PND", Decimal("90.00"), None, None, 21, "fine", Decimal("1.50")),
        "cycling-on-footway": ("FPN", Decimal("50.00"), None, None, 28, "fine", Decimal("1.50")),
        "litter": ("FPN", Decimal("150.00"), Decimal("100.00"), 10, 14, "court", None),
        "graffiti-fly-posting": ("FPN", Decimal("150.00"), None, None, 14, "court", None),
        "dog-control-pspo": ("FPN", Decimal("100.00"), Decimal("65.00"), 7, 14, "court", None),
        "smoking-smoke-free-place": ("FPN", Decimal("50.00"), Decimal("30.00"), 15, 29, "court", None),
    }


def test_offence_clean_refuses_inconsistent_terms():
    bad = OffenceType(
        code="x", kind="FPN", wording="X", legislation="Y", amount=Decimal("50"), early_amount=Decimal("60"),
        early_days=30, days_to_pay=14, if_unpaid="court", fine_multiplier=Decimal("1.5"), minimum_age=18,
        how_to_pay="Pay", active_from=date(2026, 1, 1), active_to=date(2025, 1, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert set(error.value.message_dict) == {"early_amount", "early_days", "fine_multiplier", "active_to"}


def test_a_new_regime_is_rows_only(officer):
    """A new regime (a community caution, say) is a catalogue row from a date; the old tariff ends."""
    old = offence("pnd-upper-tier")
    old.active_to = date(2026, 3, 31)
    old.save()
    new = OffenceType.objects.create(
        code="community-caution", kind="PND", wording="Behaviour likely to cause harassment (caution)",
        legislation="Police, Crime, Sentencing and Courts Act 2022, s.98", amount=Decimal("45.25"),
        days_to_pay=28, if_unpaid="court", minimum_age=18, how_to_pay="Pay the court.",
        active_from=date(2026, 4, 1),
    )  # fmt: skip
    designate(officer)
    assert list(services.designated_offences(officer, date(2026, 3, 31)).filter(kind="PND")) == [
        old,
        offence("pnd-lower-tier"),
    ]
    assert new in services.designated_offences(officer, date(2026, 4, 1))
    assert old not in services.designated_offences(officer, date(2026, 4, 1))
    notice = issue(officer, "community-caution", when="2026-04-01 10:00")
    assert (notice.amount, notice.pay_by) == (Decimal("45.25"), date(2026, 4, 29))
    with pytest.raises(ValidationError) as error:
        issue(officer, "pnd-upper-tier", when="2026-04-01 10:00")
    assert error.value.message_dict == {"offence": ["This offence is not in force on 1 April 2026."]}


# Designations


def test_sergeant_designates_own_team_officer_only(sergeant, officer, other_team_officer):
    d = services.designate(user=sergeant, officer=officer, offence=offence("litter"))
    assert (d.officer, d.team, d.granted_by) == (officer, officer.team, sergeant)
    with pytest.raises(PermissionDenied):
        services.designate(user=sergeant, officer=other_team_officer, offence=offence("litter"))
    with pytest.raises(ValidationError) as error:
        services.designate(user=sergeant, officer=officer, offence=offence("litter"))
    assert error.value.message_dict == {"offence": ["Aisha Khan is already designated for this offence."]}
    assert AuditEntry.objects.filter(action="patrols.designation.granted").count() == 1


def test_pcso_cannot_designate_or_revoke(officer, colleague, sergeant):
    with pytest.raises(PermissionDenied):
        services.designate(user=officer, officer=officer, offence=offence("litter"))
    d = services.designate(user=sergeant, officer=colleague, offence=offence("litter"))
    with pytest.raises(PermissionDenied):
        services.revoke_designation(user=officer, designation=d)
    services.revoke_designation(user=sergeant, designation=d)
    assert Designation.objects.count() == 0
    assert AuditEntry.objects.filter(action="patrols.designation.revoked").count() == 1


# Issuing


def test_issue_notice_refuses_undesignated_offence(officer):
    designate(officer, "litter")
    with pytest.raises(ValidationError) as error:
        issue(officer, "pnd-upper-tier")
    assert error.value.message_dict == {
        "offence": ["You are not designated to issue notices for this offence."]
    }
    assert FixedPenaltyNotice.objects.count() == 0
    assert NoticeCounter.objects.get().last_number == 0


def test_designation_in_a_former_team_does_not_count(officer, other_team):
    designate(officer, "litter")
    officer.team = other_team
    officer.save()
    with pytest.raises(ValidationError):
        issue(officer, "litter")


def test_issue_notice_refuses_under_age_recipient_on_the_day_before_the_birthday(officer):
    designate(officer, "pnd-upper-tier", "cycling-on-footway")
    with pytest.raises(ValidationError) as error:
        issue(officer, "pnd-upper-tier", when="2026-03-02 14:00", born=date(2008, 3, 3))
    assert error.value.message_dict == {
        "recipient_date_of_birth": [
            "The recipient is 17: this notice may only be given to someone aged 18 or over."
        ]
    }
    assert issue(officer, "pnd-upper-tier", when="2026-03-02 14:00", born=date(2008, 3, 2)).number == 1
    # Cycling on a footway: 16 and over.
    assert issue(officer, "cycling-on-footway", when="2026-03-02 15:00", born=date(2010, 3, 2)).number == 2


def test_age_of_someone_born_on_29_february():
    assert services.age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert services.age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_issue_refuses_future_time_and_half_a_map_point(officer):
    designate(officer, "litter")
    with pytest.raises(ValidationError) as error:
        services.issue_notice(
            officer=officer, offence=offence("litter"), recipient=recipient(), place="Fleet St",
            issued_at=timezone.now() + timedelta(hours=1), circumstances="Dropped a can.",
            latitude=Decimal("51.5"),
        )  # fmt: skip
    assert error.value.message_dict == {
        "issued_at": ["The time of issue cannot be in the future."],
        "place": ["The map point is incomplete: tap the map again or clear it."],
    }


def test_issue_copies_terms_sets_deadlines_reminders_and_audit(officer, sergeant, inspector):
    designate(officer)
    notice = issue(officer, "dog-control-pspo", when="2026-03-02 23:30")  # a Monday, late evening
    assert notice.number == 1 and notice.reference == "0000001"
    assert (notice.amount, notice.early_amount) == (Decimal("100.00"), Decimal("65.00"))
    # Day of issue is day 0: 7 days' early window ends Monday 9th, 14 days to pay Monday 16th.
    assert (notice.early_pay_by, notice.pay_by) == (date(2026, 3, 9), date(2026, 3, 16))
    assert (notice.status, notice.team) == (Status.ISSUED, officer.team)
    due = at("2026-03-17 08:00")
    assert sorted(
        (r.recipient.collar_number, r.due_at, r.kind) for r in Reminder.objects.select_related("recipient")
    ) == sorted((p.collar_number, due, "notice-overdue") for p in (officer, sergeant, inspector))
    assert AuditEntry.objects.filter(action="patrols.notice.issued").get().changes == {
        "number": 1,
        "offence": "dog-control-pspo",
        "amount": "100.00",
    }
    # A later change to the catalogue does not change the notice.
    dog = offence("dog-control-pspo")
    dog.amount = Decimal("120.00")
    dog.save()
    notice.refresh_from_db()
    assert notice.amount == Decimal("100.00")


def test_issue_links_the_running_patrol_only(officer, colleague):
    designate(officer)
    now = timezone.now()
    running = PatrolFactory(
        officer=officer, started_at=now - timedelta(hours=1), ended_at=None, status="in_progress"
    )
    notice = services.issue_notice(
        officer=officer, offence=offence("litter"), recipient=recipient(), place="Fleet St",
        issued_at=now - timedelta(minutes=10), circumstances="Dropped a can.", patrol=running,
    )  # fmt: skip
    assert notice.patrol == running
    theirs = PatrolFactory(officer=colleague)
    with pytest.raises(ValidationError) as error:
        services.issue_notice(
            officer=officer, offence=offence("litter"), recipient=recipient(), place="Fleet St",
            issued_at=now - timedelta(minutes=10), circumstances="Dropped a can.", patrol=theirs,
        )  # fmt: skip
    assert list(error.value.message_dict) == ["patrol"]


def test_refused_issue_gives_no_number_and_the_next_is_unbroken(officer):
    designate(officer)
    assert issue(officer, "litter").number == 1
    with pytest.raises(ValidationError):
        issue(officer, "pnd-upper-tier", born=date(2015, 1, 1))
    assert issue(officer, "litter", when="2026-03-02 15:00").number == 2


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_issues_get_fifty_consecutive_numbers(officer):
    """Fifty threads, each with its own database connection, issue at the same moment."""
    designate(officer)
    litter = offence("litter")
    barrier = threading.Barrier(50)
    numbers, errors = [], []

    def issue_one(i):
        try:
            barrier.wait(timeout=30)
            notice = services.issue_notice(
                officer=officer, offence=litter, recipient=recipient(), place=f"Bench {i}",
                issued_at=timezone.now() - timedelta(minutes=1), circumstances="Dropped a can.",
            )  # fmt: skip
            numbers.append(notice.number)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue_one, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, 51))
    assert sorted(FixedPenaltyNotice.objects.values_list("number", flat=True)) == list(range(1, 51))
    assert NoticeCounter.objects.get().last_number == 50
    assert connection.vendor == "postgresql"


# Money and deadlines, with fixed dates


@pytest.fixture
def dog_notice(officer):
    """£100, or £65 by Monday 9 March 2026; last day to pay Monday 16 March."""
    designate(officer)
    return issue(officer, "dog-control-pspo", when="2026-03-02 10:00")


def pay(notice, user, amount, day, ref="REF1"):
    return services.record_payment(
        user=user,
        notice=notice,
        amount=Decimal(amount),
        paid_on=day,
        reference=ref,
        now=at("2026-03-30 12:00"),
    )


def test_early_amount_honoured_on_the_last_day_of_its_window(dog_notice, officer):
    assert services.amount_due_on(dog_notice, date(2026, 3, 9)) == Decimal("65.00")
    assert services.amount_due_on(dog_notice, date(2026, 3, 10)) == Decimal("100.00")
    pay(dog_notice, officer, "65.00", date(2026, 3, 9))
    dog_notice.refresh_from_db()
    assert dog_notice.status == Status.PAID
    assert Reminder.objects.filter(state="pending").count() == 0
    changes = AuditEntry.objects.filter(action="patrols.notice.paid").get().changes
    # A sensitive record's event: no free text, and its fields by name only.
    assert (changes["amount"], changes["paid_on"], "reference" in changes) == ("65.00", "2026-03-09", False)
    assert changes["fields"]["status"] == "changed"


def test_early_amount_paid_a_day_late_is_a_part_payment(dog_notice, officer):
    pay(dog_notice, officer, "65.00", date(2026, 3, 10))
    dog_notice.refresh_from_db()
    assert dog_notice.status == Status.PART_PAID
    assert services.balance_on(dog_notice, date(2026, 3, 10)) == Decimal("35.00")
    with pytest.raises(ValidationError) as error:
        pay(dog_notice, officer, "35.01", date(2026, 3, 16), "REF2")
    assert error.value.message_dict == {"amount": ["Only £35.00 was owed on 16 March 2026."]}
    pay(dog_notice, officer, "35.00", date(2026, 3, 16), "REF2")
    dog_notice.refresh_from_db()
    assert dog_notice.status == Status.PAID
    assert list(Payment.objects.values_list("amount", flat=True)) == [Decimal("65.00"), Decimal("35.00")]


def test_part_payments_inside_the_window_settle_at_the_early_amount(dog_notice, sergeant):
    pay(dog_notice, sergeant, "40.00", date(2026, 3, 3))
    pay(dog_notice, sergeant, "25.00", date(2026, 3, 9), "REF2")
    dog_notice.refresh_from_db()
    assert dog_notice.status == Status.PAID


def test_payment_refusals(dog_notice, officer, other_team_officer, colleague):
    with pytest.raises(ValidationError) as error:
        pay(dog_notice, officer, "10.001", date(2026, 3, 1))
    assert error.value.message_dict == {
        "amount": ["Give an amount in pounds and pence, more than £0.00."],
        "paid_on": ["The payment cannot be before the notice was issued."],
    }
    with pytest.raises(ValidationError) as error:
        pay(dog_notice, officer, "100.00", date(2026, 3, 17))
    assert error.value.message_dict == {
        "paid_on": [
            "The time to pay ended on 16 March 2026: a later payment is not taken against the notice."
        ]
    }
    for stranger in (other_team_officer, colleague):
        with pytest.raises(PermissionDenied):
            pay(dog_notice, stranger, "100.00", date(2026, 3, 5))


def test_unpaid_past_the_last_day_moves_as_its_offence_says(officer):
    designate(officer)
    fine = issue(officer, "pnd-upper-tier", when="2026-03-02 10:00")  # last day 23 March
    court = issue(officer, "litter", when="2026-03-02 10:05")  # last day 16 March
    part = issue(officer, "pnd-lower-tier", when="2026-03-02 10:10")  # last day 23 March
    pay(part, officer, "20.00", date(2026, 3, 5))
    assert services.expire_unpaid(now=at("2026-03-23 23:59")) == 1  # the litter notice only
    court.refresh_from_db()
    assert court.status == Status.REFER_TO_COURT
    assert services.expire_unpaid(now=at("2026-03-24 00:01")) == 2
    fine.refresh_from_db()
    part.refresh_from_db()
    assert (fine.status, fine.fine_amount) == (Status.REGISTER_AS_FINE, Decimal("135.00"))
    assert (part.status, part.fine_amount) == (Status.REGISTER_AS_FINE, Decimal("90.00"))
    assert services.expire_unpaid(now=at("2026-03-25 00:01")) == 0
    entry = AuditEntry.objects.get(action="patrols.notice.register_as_fine", object_id=str(fine.pk))
    assert (entry.actor, entry.actor_label, entry.changes["fine"], entry.changes["pay_by"]) == (
        None,
        "system",
        "135.00",
        "2026-03-23",
    )
    assert entry.changes["fields"]["status"] == "changed"  # a sensitive record: names only


def test_fine_multiplier_rounds_to_the_penny(officer):
    odd = offence("pnd-lower-tier")
    odd.amount = Decimal("45.25")
    odd.save()
    designate(officer)
    notice = issue(officer, "pnd-lower-tier", when="2026-03-02 10:00")
    services.expire_unpaid(now=at("2026-03-24 09:00"))
    notice.refresh_from_db()
    assert notice.fine_amount == Decimal("67.88")  # 67.875 rounded half up


def test_payment_made_in_time_recorded_after_the_move_settles(dog_notice, officer):
    services.expire_unpaid(now=at("2026-03-17 09:00"))
    dog_notice.refresh_from_db()
    assert dog_notice.status == Status.REFER_TO_COURT
    pay(dog_notice, officer, "100.00", date(2026, 3, 16))
    dog_notice.refresh_from_db()
    assert dog_notice.status == Status.PAID


def test_hearing_request_challenges_and_stops_reminders(dog_notice, officer):
    services.request_hearing(user=officer, notice=dog_notice, now=at("2026-03-05 10:00"))
    dog_notice.refresh_from_db()
    assert dog_notice.status == Status.CHALLENGED
    assert Reminder.objects.filter(state="pending").count() == 0
    assert services.expire_unpaid(now=at("2026-04-01 10:00")) == 0
    with pytest.raises(ValidationError):
        services.request_hearing(user=officer, notice=dog_notice)
    assert AuditEntry.objects.filter(action="patrols.notice.challenged").count() == 1


def test_only_a_supervisor_cancels_and_with_a_reason(
    dog_notice, officer, sergeant, other_sergeant, inspector
):
    with pytest.raises(PermissionDenied):
        services.cancel_notice(user=officer, notice=dog_notice, reason="Mistake")
    with pytest.raises(PermissionDenied):
        services.cancel_notice(user=other_sergeant, notice=dog_notice, reason="Mistake")
    with pytest.raises(ValidationError) as error:
        services.cancel_notice(user=sergeant, notice=dog_notice, reason="  ")
    assert error.value.message_dict == {"reason": ["Say why the notice is cancelled."]}
    services.cancel_notice(user=inspector, notice=dog_notice, reason="Wrong person identified")
    dog_notice.refresh_from_db()
    assert (dog_notice.status, dog_notice.cancelled_by, dog_notice.cancel_reason) == (
        Status.CANCELLED,
        inspector,
        "Wrong person identified",
    )
    assert Reminder.objects.filter(state="pending").count() == 0
    changes = AuditEntry.objects.get(action="patrols.notice.cancelled").changes
    # The reason is free text about a sensitive record: the trail says only that it changed.
    assert (changes["from"], "reason" in changes) == ("issued", False)
    assert (changes["fields"]["status"], changes["fields"]["cancel_reason"]) == ("changed", "changed")
    # One entry per event: the cancel stands for the notice's update.
    assert AuditEntry.objects.filter(action="patrols.fixedpenaltynotice.updated").count() == 0
    with pytest.raises(ValidationError):
        services.cancel_notice(user=sergeant, notice=dog_notice, reason="Again")


def test_overdue_reminders_reach_officer_and_supervisors_when_due(sergeant, inspector, officer, dog_notice):
    from pcso import reminders

    assert reminders.deliver_due(now=at("2026-03-17 07:59")) == 0
    assert reminders.deliver_due(now=at("2026-03-17 08:00")) == 3
    titles = {n.recipient.collar_number: n.title for n in officer.notifications.model.objects.all()}
    assert titles == {
        p.collar_number: "Overdue: Penalty notice 0000001 unpaid (payment was due by 16 March 2026)"
        for p in (officer, sergeant, inspector)
    }


def test_demo_designates_every_pcso_and_has_notices_in_every_state():
    from patrols.demo import notices as notice_demo
    from pcso import demo

    officers = demo.load()
    notice_demo.load(officers)
    pcsos = [o for o in officers.values() if o.role == "pcso"]
    assert {d.officer_id for d in Designation.objects.all()} == {o.pk for o in pcsos}
    assert Designation.objects.count() == len(pcsos) * OffenceType.objects.count()
    states = set(FixedPenaltyNotice.objects.values_list("status", flat=True))
    assert states == set(Status.values)
    first = FixedPenaltyNotice.objects.count()
    notice_demo.load(demo.load())
    assert FixedPenaltyNotice.objects.count() == first == 14
    assert sorted(FixedPenaltyNotice.objects.values_list("number", flat=True)) == list(range(1, 15))
