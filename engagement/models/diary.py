"""The community diary: the groups a team keeps in touch with, each engagement, and what the
community raised (concerns) and what the team agreed to do about it (actions)."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcso import captured
from pcso.dates import months_after
from pcso.models import Neighbourhood, Team, TrackedModel
from pcso.scope import Scope


class ContactFrequency(models.IntegerChoices):
    """How often a group wants to hear from the team. Stored as a number of days, but monthly,
    quarterly and six-monthly contact count calendar months (CONTACT_MONTHS)."""

    WEEKLY = 7, _("Weekly")
    FORTNIGHTLY = 14, _("Fortnightly")
    MONTHLY = 30, _("Monthly")
    QUARTERLY = 91, _("Quarterly")
    HALF_YEARLY = 182, _("Every six months")


# "Monthly" is the same day next calendar month (31 January: 28 or 29 February), not 30 days on.
CONTACT_MONTHS = {ContactFrequency.MONTHLY: 1, ContactFrequency.QUARTERLY: 3, ContactFrequency.HALF_YEARLY: 6}


class PreferredContact(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("E-mail")
    VISIT = "visit", _("In person")
    MEETING = "meeting", _("At their meeting")


class CommunityGroup(TrackedModel):
    """A group or key individual the team keeps in touch with, and how often it wants contact."""

    class Kind(models.TextChoices):
        WATCH = "watch", _("Neighbourhood Watch")
        SCHOOL = "school", _("School")
        FAITH = "faith", _("Faith group")
        RESIDENTS = "residents", _("Residents' association")
        BUSINESS = "business", _("Business")
        PARTNER = "partner", _("Partner agency")
        KIN = "kin", _("Key Individual Network member")
        OTHER = "other", _("Other")

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="community_groups")
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        related_name="community_groups",
        verbose_name=_("neighbourhood"),
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    contact_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="community_groups",
        verbose_name=_("contact officer"),
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_method = models.CharField(
        _("preferred contact method"),
        max_length=10,
        choices=PreferredContact.choices,
        default=PreferredContact.PHONE,
    )
    contact_details = models.CharField(
        _("contact details"), max_length=200, blank=True, help_text=_("Phone number, e-mail or address.")
    )
    contact_every_days = models.PositiveSmallIntegerField(
        _("desired contact frequency"), choices=ContactFrequency.choices, default=ContactFrequency.MONTHLY
    )
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True)
    next_contact_due = models.DateField(_("next contact due"))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    # The contact person's name and details: reads audited, pages kept out of caches.
    scope = Scope(team="team", sensitive=True)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["team", "name"]),
            models.Index(fields=["team", "active", "next_contact_due"]),
            models.Index(fields=["active", "next_contact_due"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("engagement:group-detail", args=[self.pk])

    def due_after(self, day: date) -> date:
        """The day one period after `day`: so many days for weekly and fortnightly contact, the
        same day so many calendar months on for the others (the month's last day if shorter)."""
        months = CONTACT_MONTHS.get(self.contact_every_days)
        if months:
            return months_after(day, months)
        return day + timedelta(days=self.contact_every_days)

    def reminder_owed(self, kind: str) -> bool:
        """A contact reminder stands while the group is active (a contact made cancels it)."""
        return self.active

    def contact_state(self, today: date) -> str:
        """ "planned", "due" (the due date has come) or "overdue" (late by a whole period)."""
        if today >= self.due_after(self.next_contact_due):
            return "overdue"
        if today >= self.next_contact_due:
            return "due"
        return "planned"


class DiaryEntry(TrackedModel):
    """One engagement in the community diary: when, where, with whom, by which officer."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        STREET = "street", _("Street briefing")
        DOOR = "door", _("Door knock")
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        SOCIAL = "social", _("Social media")
        EVENT = "event", _("Event")

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="diary_entries")
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        related_name="diary_entries",
        verbose_name=_("neighbourhood"),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="diary_entries",
        verbose_name=_("officer"),
    )
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    place = models.CharField(_("where"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MEETING)
    groups = models.ManyToManyField(
        CommunityGroup, blank=True, related_name="diary_entries", verbose_name=_("groups")
    )
    member_of_public = models.BooleanField(_("with a member of the public"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    # When the server received it: later than when it was written on a phone without signal.
    created_at = models.DateTimeField(default=timezone.now)
    # The phone's clock error when the entry was sent, in seconds (phone minus server), if known.
    clock_skew_seconds = models.IntegerField(null=True, blank=True, editable=False)

    scope = Scope(team="team")

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name_plural = _("diary entries")
        indexes = [
            models.Index(fields=["team", "-occurred_at"]),
            models.Index(fields=["officer", "-occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {timezone.localtime(self.occurred_at):%d/%m/%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("engagement:entry-detail", args=[self.pk])

    @property
    def clock_note(self) -> str:
        """ "Phone clock 7 minutes behind the server", when the phone's clock was that far out."""
        return captured.describe_skew(self.clock_skew_seconds)


class Concern(TrackedModel):
    """Something the community raised in an engagement ("you said")."""

    class Category(models.TextChoices):
        ASB = "asb", _("Anti-social behaviour")
        DRUGS = "drugs", _("Drugs")
        SPEEDING = "speeding", _("Speeding")
        PARKING = "parking", _("Parking")
        LITTER = "litter", _("Litter and fly-tipping")
        YOUTH = "youth", _("Youth nuisance")
        BURGLARY = "burglary", _("Burglary")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    entry = models.ForeignKey(DiaryEntry, on_delete=models.CASCADE, related_name="concerns")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="concerns")
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    description = models.TextField(_("concern"))
    raised_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Who completed its last open action; empty for concerns closed before it was recorded (their
    # figures count for the officer whose entry raised them). No index: read by period, not closer.
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    scope = Scope(team="team")

    class Meta:
        ordering = ["raised_at", "pk"]
        indexes = [
            models.Index(fields=["team", "status", "-raised_at"]),
            models.Index(fields=["neighbourhood", "status", "-closed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description[:60]}"

    def get_absolute_url(self) -> str:
        return f"{self.entry.get_absolute_url()}#concern-{self.pk}"


class Action(TrackedModel):
    """What the team agreed to do about a concern, by whom and by when, and what came of it ("we did")."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    entry = models.ForeignKey(DiaryEntry, on_delete=models.CASCADE, related_name="actions")
    concern = models.ForeignKey(
        Concern,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("concern"),
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="diary_actions",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(_("outcome"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    scope = Scope(team="team")

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["team", "status", "due_on"]),
            models.Index(fields=["owner", "status", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return f"{self.entry.get_absolute_url()}#action-{self.pk}"
