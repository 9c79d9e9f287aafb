"""Writes to penalty notices: designating powers, the numbers a phone holds (a ticket book),
issuing, payments, hearings, cancelling, and the daily move of unpaid notices to "register as
fine" or "refer to court".

Every refusal is a ValidationError keyed by the form field it concerns, so the form shows why;
acting outside one's scope is a PermissionDenied (the views answer 404).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pcso import audit, permissions, reminders
from pcso.models import Officer

from .. import inbox
from ..models import (
    Designation,
    FixedPenaltyNotice,
    IfUnpaid,
    NoticeCounter,
    NoticeNumber,
    OffenceType,
    Patrol,
    Payment,
)
from ..models.notice import deadlines, pence

Status = FixedPenaltyNotice.Status
OVERDUE_REMINDER = "notice-overdue"
# Reminders of an unpaid notice go out the morning after its last day to pay.
REMINDER_TIME = time(8, 0)
# A phone's clock may run a little ahead of the server's.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class Recipient:
    """The person a notice is handed to."""

    name: str
    date_of_birth: date
    address: str
    identity_check: str


def age_on(born: date, day: date) -> int:
    """Whole years of age on a day. Someone born on 29 February comes of age on 1 March in a
    year without one."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def money(value: Decimal) -> str:
    return f"£{value:,.2f}"


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def is_designated(officer: Officer, offence: OffenceType) -> bool:
    return Designation.objects.filter(officer=officer, offence=offence, team_id=officer.team_id).exists()


def designated_offences(officer: Officer, day: date):
    """The offences this officer may issue a notice for on a day: designated to them in their
    present team, and in force that day."""
    return (
        OffenceType.objects.filter(
            designations__officer=officer, designations__team_id=officer.team_id, active_from__lte=day
        )
        .exclude(active_to__lt=day)
        .order_by("kind", "wording")
    )


# Designated powers


@audit.service
def designate(*, user: Officer, officer: Officer, offence: OffenceType) -> Designation:
    designation = Designation(officer=officer, offence=offence, team_id=officer.team_id, granted_by=user)
    if officer.team_id is None:
        raise ValidationError({"officer": _("Only an officer of a team can be designated.")})
    permissions.require(user, "add", designation)
    if Designation.objects.filter(officer=officer, offence=offence).exists():
        raise ValidationError(
            {"offence": _("%(name)s is already designated for this offence.") % {"name": officer.full_name}}
        )
    designation.full_clean()
    try:
        with transaction.atomic():
            designation.save()
    except IntegrityError:  # the same designation made a moment ago by another tap
        raise ValidationError({"offence": _("This designation already exists.")}) from None
    audit.record(user, "patrols.designation.granted", designation, {"offence": offence.code})
    return designation


@audit.service
def revoke_designation(*, user: Officer, designation: Designation) -> None:
    permissions.require(user, "delete", designation)
    audit.record(
        user, "patrols.designation.revoked", designation, {"officer": designation.officer.collar_number}
    )
    designation.delete()


# Issuing


def _issue_errors(notice: FixedPenaltyNotice, offence: OffenceType, now: datetime) -> dict[str, str]:
    errors: dict[str, str] = {}
    issued_on = timezone.localdate(notice.issued_at)
    if notice.issued_at > now + CLOCK_SKEW:
        errors["issued_at"] = _("The time of issue cannot be in the future.")
    elif notice.issued_at < now - timedelta(days=7):
        errors["issued_at"] = _("A notice is recorded within 7 days of issue.")
    elif not offence.is_active_on(issued_on):
        errors["offence"] = _("This offence is not in force on %(day)s.") % {"day": _day(issued_on)}
    born = notice.recipient_date_of_birth
    if born > issued_on:
        errors["recipient_date_of_birth"] = _("The date of birth cannot be after the day of issue.")
    elif born.year < 1900:
        errors["recipient_date_of_birth"] = _("Check the year of birth.")
    elif age_on(born, issued_on) < offence.minimum_age:
        errors["recipient_date_of_birth"] = _(
            "The recipient is %(age)s: this notice may only be given to someone aged %(minimum)s or over."
        ) % {"age": age_on(born, issued_on), "minimum": offence.minimum_age}
    if (notice.latitude is None) != (notice.longitude is None):
        errors["place"] = _("The map point is incomplete: tap the map again or clear it.")
    elif notice.latitude is not None and not (
        -90 <= notice.latitude <= 90 and -180 <= notice.longitude <= 180
    ):
        errors["place"] = _("The map point is not a place on Earth.")
    patrol = notice.patrol
    if patrol is not None:
        on_it = notice.officer_id in (patrol.officer_id, patrol.partner_id)
        during = patrol.started_at <= notice.issued_at and (
            patrol.ended_at is None or notice.issued_at <= patrol.ended_at
        )
        if not on_it or not during:
            errors["patrol"] = _("The notice can only be linked to your patrol at the time of issue.")
    return errors


def _counter() -> NoticeCounter:
    """The counter's row, locked until the transaction ends: issues and reservations take their
    numbers one at a time, and a rolled-back one gives its numbers back."""
    counter, _created = NoticeCounter.objects.select_for_update().get_or_create(name="notice")
    return counter


def _next_number() -> int:
    """The next notice number (a second issue waits for the first's transaction)."""
    counter = _counter()
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _held(officer: Officer, number: int | None) -> NoticeNumber | None:
    """The reserved number, locked, if this officer holds it."""
    if number is None:
        return None
    return (
        NoticeNumber.objects.select_for_update()
        .filter(number=number, officer=officer, state=NoticeNumber.State.HELD)
        .first()
    )


def _overdue_at(pay_by: date) -> datetime:
    return datetime.combine(pay_by + timedelta(days=1), REMINDER_TIME, tzinfo=timezone.get_current_timezone())


@audit.service
def issue_notice(
    *,
    officer: Officer,
    offence: OffenceType,
    recipient: Recipient,
    place: str,
    issued_at: datetime,
    circumstances: str,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    patrol: Patrol | None = None,
    reserved_number: int | None = None,
    now: datetime | None = None,
) -> FixedPenaltyNotice:
    """Issue a notice, numbered from the counter, or with a number the officer holds (written on
    the phone without signal, like a page of the ticket book)."""
    now = now or timezone.now()
    notice = FixedPenaltyNotice(
        officer=officer,
        team_id=officer.team_id,
        offence=offence,
        patrol=patrol,
        recipient_name=recipient.name.strip(),
        recipient_date_of_birth=recipient.date_of_birth,
        recipient_address=recipient.address.strip(),
        identity_check=recipient.identity_check,
        place=place.strip(),
        latitude=latitude,
        longitude=longitude,
        issued_at=issued_at,
        circumstances=circumstances.strip(),
    )
    if not is_designated(officer, offence):
        raise ValidationError({"offence": _("You are not designated to issue notices for this offence.")})
    permissions.require(officer, "add", notice)
    errors = _issue_errors(notice, offence, now)
    held = _held(officer, reserved_number)
    if reserved_number is not None and held is None:
        errors["reserved_number"] = _(
            "Notice number %(number)s is not held by you: it was used, handed back or spoilt, or "
            "reserved for another officer. Check the number on your numbers page."
        ) % {"number": f"{reserved_number:07d}"}
    if errors:
        raise ValidationError(errors)
    early_pay_by, pay_by = deadlines(offence, timezone.localdate(issued_at))
    notice.amount = offence.amount
    notice.early_amount = offence.early_amount
    notice.early_pay_by = early_pay_by
    notice.pay_by = pay_by
    notice.if_unpaid = offence.if_unpaid
    notice.fine_multiplier = offence.fine_multiplier
    notice.status_changed_at = now
    notice.number = 0  # validated below, numbered last: the counter stays locked the least time
    notice.full_clean(exclude=["number"])
    notice.number = held.number if held is not None else _next_number()
    notice.save()
    if held is not None:
        held.state = NoticeNumber.State.ISSUED
        held.notice = notice
        held.closed_at = now
        held.save()
        audit.record(
            officer, "patrols.notice_number.issued", held, {"number": held.number, "notice": notice.pk}
        )
    deadline = datetime.combine(pay_by + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone())
    for person in {officer, *permissions.supervisors_of(notice.team_id)}:
        reminders.schedule(
            notice,
            kind=OVERDUE_REMINDER,
            recipient=person,
            due=_overdue_at(pay_by),
            message=inbox.NOTICE_UNPAID,
            values={"number": notice.reference, "day": pay_by.isoformat()},
            deadline=deadline,
        )
    audit.record(
        officer,
        "patrols.notice.issued",
        notice,
        {"number": notice.number, "offence": offence.code, "amount": notice.amount},
    )
    return notice


# The numbers a phone holds (a ticket book)


def held_numbers(officer: Officer):
    return NoticeNumber.objects.filter(officer=officer, state=NoticeNumber.State.HELD).order_by("number")


def keeps_a_book(officer: Officer) -> bool:
    """Whether numbers are kept for the officer: designated powers in their own team."""
    return (
        officer.team_id is not None
        and Designation.objects.filter(officer=officer, team_id=officer.team_id).exists()
    )


@audit.service
def reserve_numbers(*, officer: Officer, now: datetime | None = None) -> list[NoticeNumber]:
    """Top the officer's book up to NOTICE_BLOCK_SIZE held numbers, taken from the counter that
    numbers every notice; returns the numbers added (none when the book is full). Reservations
    and issues take the counter's lock one at a time, so no two ever share a number."""
    now = now or timezone.now()
    if not keeps_a_book(officer):
        raise ValidationError(
            _("You hold no designated powers to issue notices, so no numbers are kept for you.")
        )
    permissions.require(
        officer, "add", NoticeNumber(officer=officer, team_id=officer.team_id, held_since=now)
    )
    counter = _counter()
    # Counted under the lock: a second reservation at the same moment sees the first one's numbers.
    wanted = settings.NOTICE_BLOCK_SIZE - held_numbers(officer).count()
    if wanted <= 0:
        return []
    first = counter.last_number + 1
    counter.last_number += wanted
    counter.save(update_fields=["last_number"])
    numbers = NoticeNumber.objects.bulk_create(
        NoticeNumber(number=number, officer=officer, team_id=officer.team_id, held_since=now)
        for number in range(first, first + wanted)
    )
    for held in numbers:
        audit.record(
            officer,
            "patrols.notice_number.held",
            held,
            {"number": held.number, "officer": officer.collar_number},
        )
    return numbers


def _lock_held(user: Officer, number: NoticeNumber, doing: str) -> NoticeNumber:
    permissions.require(user, "change", number)
    number = NoticeNumber.objects.select_for_update().get(pk=number.pk)
    if number.state != NoticeNumber.State.HELD:
        raise ValidationError(
            _("Number %(number)s is %(state)s: only a number you hold can be %(doing)s.")
            % {"number": number.reference, "state": number.get_state_display().lower(), "doing": doing}
        )
    return number


@audit.service
def return_number(*, user: Officer, number: NoticeNumber, now: datetime | None = None) -> NoticeNumber:
    """An unused number handed back: it is never used again, and the register says so."""
    number = _lock_held(user, number, _("handed back"))
    number.state = NoticeNumber.State.RETURNED
    number.closed_at = now or timezone.now()
    number.save()
    audit.record(user, "patrols.notice_number.returned", number, {"number": number.number})
    return number


@audit.service
def spoil_number(
    *, user: Officer, number: NoticeNumber, reason: str, now: datetime | None = None
) -> NoticeNumber:
    """A number spoilt (a notice begun and not given, a mistake): kept in the register with why."""
    number = _lock_held(user, number, _("spoilt"))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the number is spoilt.")})
    number.state = NoticeNumber.State.SPOILT
    number.spoilt_reason = reason.strip()
    number.closed_at = now or timezone.now()
    number.save()
    # The reason is free text: the trail says it changed, the number keeps it.
    audit.record(user, "patrols.notice_number.spoilt", number, {"number": number.number})
    return number


# Money


def paid_total(notice: FixedPenaltyNotice) -> Decimal:
    return notice.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def amount_due_on(notice: FixedPenaltyNotice, day: date) -> Decimal:
    """What settles the notice when paid on this day: the early amount up to and including the
    last day of its window, the full amount after."""
    if notice.early_amount is not None and notice.early_pay_by is not None and day <= notice.early_pay_by:
        return notice.early_amount
    return notice.amount


def balance_on(notice: FixedPenaltyNotice, day: date, paid: Decimal | None = None) -> Decimal:
    paid = paid_total(notice) if paid is None else paid
    return max(Decimal("0.00"), amount_due_on(notice, day) - paid)


def is_settled(notice: FixedPenaltyNotice) -> bool:
    """Paid in full: the full amount, or the early amount by the last day of its window."""
    payments = list(notice.payments.values_list("amount", "paid_on"))
    total = sum((amount for amount, _on in payments), Decimal("0.00"))
    if total >= notice.amount:
        return True
    if notice.early_amount is None:
        return False
    early = sum((amount for amount, on in payments if on <= notice.early_pay_by), Decimal("0.00"))
    return early >= notice.early_amount


def _lock(notice: FixedPenaltyNotice) -> FixedPenaltyNotice:
    """The notice's row, locked and read again, so a second tap sees what the first one did."""
    return (
        FixedPenaltyNotice.objects.select_for_update(of=("self",))
        .select_related("offence", "team")
        .get(pk=notice.pk)
    )


def _moved(notice: FixedPenaltyNotice, status: str, now: datetime) -> None:
    notice.status = status
    notice.status_changed_at = now
    notice.save()


@audit.service
def record_payment(
    *,
    user: Officer,
    notice: FixedPenaltyNotice,
    amount: Decimal,
    paid_on: date,
    reference: str,
    now: datetime | None = None,
) -> Payment:
    now = now or timezone.now()
    permissions.require(user, "change", notice)
    notice = _lock(notice)
    late_record = (
        notice.status in (Status.REGISTER_AS_FINE, Status.REFER_TO_COURT) and paid_on <= notice.pay_by
    )
    if not notice.is_open and not late_record:
        raise ValidationError(
            _("This notice is %(status)s: no payment can be recorded against it.")
            % {"status": notice.get_status_display().lower()}
        )
    errors = {}
    if amount != pence(amount) or amount <= 0:
        errors["amount"] = _("Give an amount in pounds and pence, more than £0.00.")
    if paid_on < timezone.localdate(notice.issued_at):
        errors["paid_on"] = _("The payment cannot be before the notice was issued.")
    elif paid_on > timezone.localdate(now):
        errors["paid_on"] = _("The payment cannot be in the future.")
    elif paid_on > notice.pay_by:
        errors["paid_on"] = _(
            "The time to pay ended on %(day)s: a later payment is not taken against the notice."
        ) % {"day": _day(notice.pay_by)}
    if not reference.strip():
        errors["reference"] = _("Give the payment reference.")
    if errors:
        raise ValidationError(errors)
    balance = balance_on(notice, paid_on)
    if amount > balance:
        raise ValidationError(
            {
                "amount": _("Only %(balance)s was owed on %(day)s.")
                % {"balance": money(balance), "day": _day(paid_on)}
            }
        )
    payment = Payment.objects.create(
        notice=notice,
        amount=amount,
        paid_on=paid_on,
        reference=reference.strip(),
        recorded_by=user,
        recorded_at=now,
    )
    settled = is_settled(notice)
    if settled:
        notice.fine_amount = None
        _moved(notice, Status.PAID, now)
        reminders.cancel(notice, kind=OVERDUE_REMINDER)
    elif notice.status == Status.ISSUED:
        _moved(notice, Status.PART_PAID, now)
    audit.record(
        user,
        "patrols.notice.paid" if settled else "patrols.notice.part_paid",
        notice,
        # No free text about a sensitive record (the payment's own entry keeps its reference).
        {"amount": amount, "paid_on": paid_on},
    )
    return payment


# Hearings, cancelling, and the time to pay running out


@audit.service
def request_hearing(
    *, user: Officer, notice: FixedPenaltyNotice, now: datetime | None = None
) -> FixedPenaltyNotice:
    """The recipient asks for a court hearing instead of paying: the notice is challenged."""
    now = now or timezone.now()
    permissions.require(user, "change", notice)
    notice = _lock(notice)
    if not notice.is_open:
        raise ValidationError(
            _("This notice is %(status)s: a hearing can only be asked for while payment is awaited.")
            % {"status": notice.get_status_display().lower()}
        )
    _moved(notice, Status.CHALLENGED, now)
    reminders.cancel(notice, kind=OVERDUE_REMINDER)
    audit.record(user, "patrols.notice.challenged", notice, {"number": notice.number})
    return notice


@audit.service
def cancel_notice(
    *, user: Officer, notice: FixedPenaltyNotice, reason: str, now: datetime | None = None
) -> FixedPenaltyNotice:
    """Only a supervisor of the notice's team (a sergeant or above) cancels, with a reason."""
    now = now or timezone.now()
    permissions.require(user, "cancel", notice)
    notice = _lock(notice)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the notice is cancelled.")})
    if notice.status in (Status.CANCELLED, Status.PAID):
        raise ValidationError(
            _("This notice is %(status)s and cannot be cancelled.")
            % {"status": notice.get_status_display().lower()}
        )
    was = notice.status
    notice.cancelled_by = user
    notice.cancel_reason = reason.strip()
    _moved(notice, Status.CANCELLED, now)
    reminders.cancel(notice, kind=OVERDUE_REMINDER)
    # The reason is free text: the trail says it changed, the notice keeps it.
    audit.record(user, "patrols.notice.cancelled", notice, {"from": was})
    return notice


def _expire_one(today: date, now: datetime) -> FixedPenaltyNotice | None:
    """Move one notice whose time to pay ran out unpaid, in its own transaction; SKIP LOCKED lets
    a payment being recorded finish first, and two workers share the work."""
    with audit.service():
        notice = (
            FixedPenaltyNotice.objects.select_for_update(skip_locked=True)
            .filter(status__in=FixedPenaltyNotice.OPEN, pay_by__lt=today)
            .order_by("pay_by", "pk")
            .first()
        )
        if notice is None:
            return None
        if notice.if_unpaid == IfUnpaid.FINE:
            notice.fine_amount = pence(notice.amount * notice.fine_multiplier)
            _moved(notice, Status.REGISTER_AS_FINE, now)
            audit.record(
                None,
                "patrols.notice.register_as_fine",
                notice,
                {"fine": notice.fine_amount, "pay_by": notice.pay_by},
            )
        else:
            _moved(notice, Status.REFER_TO_COURT, now)
            audit.record(None, "patrols.notice.refer_to_court", notice, {"pay_by": notice.pay_by})
    return notice


def expire_unpaid(*, now: datetime | None = None) -> int:
    """Every open notice past its last day to pay moves on as its offence says; returns how many."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    moved = 0
    with audit.acting_as(None):
        while _expire_one(today, now) is not None:
            moved += 1
    return moved
