from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcso.models import TrackedModel
from pcso.scope import Scope

from .victims import ContactMethod


class FollowUp(TrackedModel):
    """One planned contact with a victim, or a supervisor's review of their case, and how it went."""

    class Kind(models.TextChoices):
        INITIAL_CONTACT = "initial-contact", _("Initial contact")
        REFERRAL = "referral", _("Referral to support services")
        UPDATE = "update", _("Update after a key event")
        AGREED_UPDATE = "agreed-update", _("Agreed update")
        VISIT = "visit", _("Follow-up contact")
        SERGEANT_REVIEW = "sergeant-review", _("Sergeant review")
        INSPECTOR_REVIEW = "inspector-review", _("Inspector review")

    class Event(models.TextChoices):
        """The key events of the Victims' Code that the victim is told of."""

        ARRESTED = "arrested", _("Suspect arrested")
        INTERVIEWED = "interviewed", _("Suspect interviewed under caution")
        RELEASED = "released", _("Suspect released under investigation")
        BAILED = "bailed", _("Suspect released on bail, or bail conditions changed")
        CHARGED = "charged", _("Suspect charged")
        NFA = "nfa", _("Decision not to charge")
        OUT_OF_COURT = "out-of-court", _("Out-of-court disposal")
        HEARING = "hearing", _("Trial or hearing date set or changed")

    class Outcome(models.TextChoices):
        CONTACTED = "contacted", _("Spoke to the victim")
        NO_ANSWER = "no-answer", _("No answer, try again")
        REFERRED = "referred", _("Referred to support services")
        DECLINED = "declined", _("Victim declined")
        REVIEWED = "reviewed", _("Case reviewed")

    case = models.ForeignKey("VictimCase", on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    event = models.CharField(max_length=20, choices=Event.choices, blank=True)
    event_at = models.DateTimeField(
        _("when the key event happened"), null=True, blank=True, help_text=_("The update clock starts here.")
    )
    due_at = models.DateTimeField(db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="follow_ups"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    contact_method = models.CharField(max_length=10, choices=ContactMethod.choices, blank=True)
    spoke_to = models.CharField(_("who"), max_length=150, blank=True, help_text=_("Who was contacted."))
    notes = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    # Who was spoken to and the notes are victim content.
    scope = Scope(team="case__team", shared_via="case", sensitive=True)

    class Meta:
        ordering = ["due_at", "pk"]
        # An officer's follow-ups by date: due, coming, on time.
        indexes = [
            models.Index(fields=["assigned_to", "due_at"], name="follow_up_officer_due"),
            models.Index(
                fields=["assigned_to", "due_at"],
                name="follow_up_open_by_officer",
                condition=models.Q(completed_at__isnull=True, cancelled_at__isnull=True),
            ),
        ]

    # A supervisor's review of the case, not a contact with the victim.
    REVIEW_KINDS = (Kind.SERGEANT_REVIEW, Kind.INSPECTOR_REVIEW)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {timezone.localtime(self.due_at):%d/%m/%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("engagement:follow-up-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.completed_at is None and self.cancelled_at is None

    def reminder_owed(self, kind: str) -> bool:
        """Asked by the reminder delivery: a done or cancelled follow-up owes no reminder."""
        return self.is_open

    @property
    def is_review(self) -> bool:
        return self.kind in self.REVIEW_KINDS

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if self.cancelled_at:
            return "cancelled"
        if self.completed_at:
            return "done" if self.completed_at <= self.due_at else "done late"
        if self.due_at < now:
            return "overdue"
        if timezone.localtime(self.due_at).date() == timezone.localtime(now).date():
            return "due today"
        return "planned"


class ContactAttempt(TrackedModel):
    """A try at contacting a victim that reached nobody: the follow-up it was for stays owed."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="attempts")
    attempted_at = models.DateTimeField()
    attempted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    contact_method = models.CharField(max_length=10, choices=ContactMethod.choices, blank=True)
    notes = models.TextField(blank=True)

    scope = Scope(team="follow_up__case__team", sensitive=True)

    class Meta:
        ordering = ["attempted_at", "pk"]

    def __str__(self) -> str:
        return f"No answer {timezone.localtime(self.attempted_at):%d/%m/%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return self.follow_up.get_absolute_url()
