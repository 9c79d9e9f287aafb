"""Fixed penalty notices: the offence catalogue (data), designated powers, the notices, money.

Money is Decimal, in pounds with two places, never float. A notice copies its offence's
amounts and terms when issued, so a later change to the catalogue never changes a notice.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcso.models import Bilingual, TrackedModel, require_welsh, welsh_field
from pcso.scope import Scope

PENNY = Decimal("0.01")


def pence(value: Decimal) -> Decimal:
    """A sum of money rounded to the penny, half up (a fine of 1.5 x £45.25 is £67.88)."""
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


class NoticeKind(models.TextChoices):
    FPN = "FPN", _("Fixed penalty notice")
    PND = "PND", _("Penalty notice for disorder")


class IfUnpaid(models.TextChoices):
    FINE = "fine", _("Registered as a fine (amount multiplied)")
    COURT = "court", _("Referred to court")


class OffenceType(TrackedModel):
    """One offence a notice may be issued for, with its tariff and terms: catalogue data an
    administrator edits (a new regime is new rows, never new code)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind of notice"), max_length=3, choices=NoticeKind.choices)
    wording = models.CharField(_("offence"), max_length=200, help_text=_("As printed on the notice."))
    wording_cy = welsh_field(_("offence in Welsh"), 200)
    legislation = models.CharField(_("legislation"), max_length=200)
    amount = models.DecimalField(
        _("amount (£)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    early_amount = models.DecimalField(
        _("early-payment amount (£)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Leave empty when there is no discount for paying early."),
    )
    early_days = models.PositiveSmallIntegerField(
        _("early-payment window (days)"),
        null=True,
        blank=True,
        help_text=_("The early amount is accepted up to and including this many days after issue."),
    )
    days_to_pay = models.PositiveSmallIntegerField(
        _("days to pay"), validators=[MinValueValidator(1)], help_text=_("Counted from the day of issue.")
    )
    if_unpaid = models.CharField(_("if unpaid"), max_length=5, choices=IfUnpaid.choices)
    fine_multiplier = models.DecimalField(
        _("fine multiplier"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1"))],
        help_text=_("When unpaid notices are registered as a fine: the fine is the amount times this."),
    )
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age of the recipient"), default=18, validators=[MinValueValidator(10)]
    )
    how_to_pay = models.TextField(
        _("how to pay"), help_text=_("Printed on the notice: who to pay, where, and how.")
    )
    active_from = models.DateField(_("in force from"))
    active_to = models.DateField(_("in force until"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "wording"]
        verbose_name = _("offence type")

    # The wording in the reader's language: what forms, pages and exports show.
    display_wording = Bilingual("wording")

    def __str__(self) -> str:
        return f"{self.kind}: {self.display_wording} (£{self.amount})"

    def get_absolute_url(self) -> str:
        return reverse("admin:patrols_offencetype_change", args=[self.pk])

    def is_active_on(self, day: date) -> bool:
        return self.active_from <= day and (self.active_to is None or day <= self.active_to)

    def clean(self):
        errors = {}
        if (self.early_amount is None) != (self.early_days is None):
            errors["early_days"] = _("Give both the early-payment amount and its window, or neither.")
        if self.early_amount is not None and self.amount is not None and self.early_amount >= self.amount:
            errors["early_amount"] = _("The early-payment amount must be less than the full amount.")
        if (
            self.early_days is not None
            and self.days_to_pay is not None
            and self.early_days >= self.days_to_pay
        ):
            errors["early_days"] = _("The early-payment window must end before the time to pay.")
        if self.if_unpaid == IfUnpaid.FINE and self.fine_multiplier is None:
            errors["fine_multiplier"] = _("Give the multiplier for registering the fine.")
        if self.if_unpaid == IfUnpaid.COURT and self.fine_multiplier is not None:
            errors["fine_multiplier"] = _("A notice referred to court has no fine multiplier.")
        if self.active_to and self.active_from and self.active_to < self.active_from:
            errors["active_to"] = _("The offence must stop being in force after it starts.")
        # In force (now or later), it is offered to Welsh readers: an ended one may stay without.
        in_force = self.active_to is None or self.active_to >= timezone.localdate()
        errors.update(require_welsh(self, "wording", in_use=in_force))
        if errors:
            raise ValidationError(errors)


class Designation(TrackedModel):
    """A power designated to an officer by the chief officer: they may issue notices for this
    offence. Kept for the team the officer is in; a move to another team needs a new one."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="designations"
    )
    offence = models.ForeignKey(OffenceType, on_delete=models.CASCADE, related_name="designations")
    team = models.ForeignKey("pcso.Team", on_delete=models.CASCADE, related_name="designations")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    scope = Scope(team="team")

    class Meta:
        ordering = ["officer", "offence"]
        constraints = [
            models.UniqueConstraint(fields=["officer", "offence"], name="one_designation_per_offence")
        ]
        indexes = [models.Index(fields=["team", "officer"])]

    def __str__(self) -> str:
        return f"{self.officer.full_name}: {self.offence.display_wording}"

    def get_absolute_url(self) -> str:
        return reverse("patrols:designation-list")

    def clean(self):
        if self.officer_id and self.team_id and self.officer.team_id != self.team_id:
            raise ValidationError({"officer": _("Choose an officer of the team.")})


class NoticeCounter(models.Model):
    """The last notice number issued. Its one row is locked by each issue, so numbers never
    repeat and never skip (a PostgreSQL sequence skips a number when a transaction rolls back)."""

    name = models.CharField(max_length=20, primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_number}"


class IdentityCheck(models.TextChoices):
    PHOTO_ID = "photo_id", _("Photo ID (driving licence, passport)")
    OTHER_DOCUMENT = "document", _("Other document")
    POLICE_CHECK = "police_check", _("Police systems check")
    KNOWN = "known", _("Known to the officer")
    NOT_CONFIRMED = "not_confirmed", _("Given verbally, not confirmed")


class FixedPenaltyNotice(TrackedModel):
    """A fixed penalty notice or penalty notice for disorder handed to a person, and its life:
    issued, paid, or unpaid and registered as a fine or referred to court; challenged; cancelled."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Awaiting payment")
        PART_PAID = "part_paid", _("Part paid")
        PAID = "paid", _("Paid")
        REGISTER_AS_FINE = "register_fine", _("Register as fine")
        REFER_TO_COURT = "refer_court", _("Refer to court")
        CHALLENGED = "challenged", _("Challenged: hearing requested")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN = (Status.ISSUED, Status.PART_PAID)

    number = models.PositiveIntegerField(_("notice number"), unique=True, editable=False)
    offence = models.ForeignKey(OffenceType, on_delete=models.PROTECT, related_name="notices")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notices")
    team = models.ForeignKey("pcso.Team", on_delete=models.PROTECT, related_name="notices")
    patrol = models.ForeignKey(
        "patrols.Patrol", on_delete=models.SET_NULL, null=True, blank=True, related_name="notices"
    )
    recipient_name = models.CharField(_("recipient's name"), max_length=120)
    recipient_date_of_birth = models.DateField(_("recipient's date of birth"))
    recipient_address = models.TextField(_("recipient's address"))
    identity_check = models.CharField(
        _("identity confirmed by"), max_length=20, choices=IdentityCheck.choices
    )
    place = models.CharField(_("place"), max_length=200, help_text=_("Street and landmark."))
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"))
    circumstances = models.TextField(_("circumstances"))
    # The terms of the offence on the day of issue.
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    early_amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    early_pay_by = models.DateField(null=True, blank=True)
    pay_by = models.DateField()
    if_unpaid = models.CharField(max_length=5, choices=IfUnpaid.choices)
    fine_multiplier = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.ISSUED)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    fine_amount = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.TextField(blank=True)

    # It names a member of the public: reads are audited, pages kept out of caches, exports marked.
    scope = Scope(team="team", sensitive=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("penalty notice")
        permissions = [("cancel_fixedpenaltynotice", "Cancel penalty notices, with a reason")]
        indexes = [
            models.Index(fields=["team", "-number"]),
            models.Index(fields=["officer", "-number"]),
            models.Index(fields=["status", "pay_by"]),
        ]

    def __str__(self) -> str:
        return f"{self.offence.kind} {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("patrols:notice-detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"{self.number:07d}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def reminder_owed(self, kind: str) -> bool:
        """Asked by the reminder delivery: an unpaid notice is owed its overdue reminders, also once
        it has moved to "register as fine" or "refer to court"; a paid, challenged or cancelled
        one is not."""
        return self.status not in (self.Status.PAID, self.Status.CHALLENGED, self.Status.CANCELLED)


def deadlines(offence: OffenceType, issued_on: date) -> tuple[date | None, date]:
    """The last day of the early-payment window (None when there is none) and the last day to
    pay, counting the day of issue as day 0: 21 days from Monday 1st is Monday 22nd."""
    early = issued_on + timedelta(days=offence.early_days) if offence.early_days is not None else None
    return early, issued_on + timedelta(days=offence.days_to_pay)


class Payment(TrackedModel):
    """Money received against a notice: all of it or a part, with the day paid and a reference."""

    notice = models.ForeignKey(FixedPenaltyNotice, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(
        _("amount (£)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("payment reference"), max_length=60)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    scope = Scope(team="notice__team")

    class Meta:
        ordering = ["paid_on", "pk"]

    def __str__(self) -> str:
        return f"£{self.amount} on {self.paid_on:%d/%m/%Y} ({self.reference})"

    def get_absolute_url(self) -> str:
        return self.notice.get_absolute_url()


class NoticeNumber(TrackedModel):
    """A notice number reserved for an officer while online, like a page of the pre-numbered book
    a PCSO carries: held by them until a notice is issued with it (also without signal), or it is
    handed back unused or spoilt with a reason. Never used twice, never lost: the register
    accounts for every number."""

    class State(models.TextChoices):
        HELD = "held", _("Held")
        ISSUED = "issued", _("Issued")
        SPOILT = "spoilt", _("Spoilt")
        RETURNED = "returned", _("Returned unused")

    number = models.PositiveIntegerField(_("notice number"), unique=True, editable=False)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notice_numbers"
    )
    team = models.ForeignKey("pcso.Team", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.HELD)
    held_since = models.DateTimeField(_("held since"))
    closed_at = models.DateTimeField(_("issued, spoilt or returned at"), null=True, blank=True)
    spoilt_reason = models.TextField(_("why spoilt"), blank=True)
    notice = models.OneToOneField(
        FixedPenaltyNotice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reserved_number",
    )

    # Supervised: an officer sees the numbers they hold, the team's supervisors every one. The
    # spoilt reason is free text (it may name the person the notice was begun for).
    scope = Scope(team="team", visibility="supervised", owner="officer", sensitive=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("reserved notice number")
        indexes = [
            models.Index(fields=["officer", "state"]),
            models.Index(fields=["team", "-number"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state="issued", notice__isnull=False)
                | (~models.Q(state="issued") & models.Q(notice__isnull=True)),
                name="notice_number_issued_with_its_notice",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="spoilt") | ~models.Q(spoilt_reason=""),
                name="notice_number_spoilt_with_a_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(state="held", closed_at__isnull=True)
                | (~models.Q(state="held") & models.Q(closed_at__isnull=False)),
                name="notice_number_closed_unless_held",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("patrols:notice-numbers")

    @property
    def reference(self) -> str:
        return f"{self.number:07d}"
