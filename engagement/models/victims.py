from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from pcso.models import Team, TrackedModel
from pcso.scope import Scope


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("E-mail")
    VISIT = "visit", _("Home visit")
    LETTER = "letter", _("Letter")


class Victim(TrackedModel):
    """A person harmed by crime or anti-social behaviour, with how they want to be kept informed.
    One person is one record, whichever teams have cases for them: a team sees the person
    through its own cases (and cases shared with it), never through another team's."""

    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="victims",
        help_text=_("The team that first recorded the person (not who may see them)."),
    )
    name = models.CharField(_("name"), max_length=150)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    preferred_contact_method = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.PHONE
    )
    preferred_contact_times = models.CharField(
        max_length=200, blank=True, help_text=_("e.g. weekday evenings")
    )
    needs = models.TextField(
        blank=True, help_text=_("Language, interpreter, disability or other needs when we contact them.")
    )
    consents_to_referral = models.BooleanField(_("consents to referral to support services"), default=False)
    repeat_until = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "A repeat victim up to this day: the last day the configured window still holds "
            "enough of their ASB incidents (set from every team's cases)."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now)

    # Seen by the teams with a case for the person, and those a case of theirs is shared with.
    scope = Scope(team="cases__team", shared_via="cases", sensitive=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("engagement:victim-detail", args=[self.pk])

    def is_repeat_on(self, day: date) -> bool:
        """A repeat victim on this day: the flag lapses once the window no longer holds the
        incidents."""
        return self.repeat_until is not None and day <= self.repeat_until

    @property
    def repeat_victim(self) -> bool:
        return self.is_repeat_on(timezone.localdate())

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def is_child_on(self, day: date) -> bool:
        """All under-18s are vulnerable under the Victims' Code."""
        age = self.age_on(day)
        return age is not None and age < 18


# The published street-level crime categories (data.police.uk), of which ASB is one.
class Category(models.TextChoices):
    ASB = "anti-social-behaviour", _("Anti-social behaviour")
    BICYCLE_THEFT = "bicycle-theft", _("Bicycle theft")
    BURGLARY = "burglary", _("Burglary")
    CRIMINAL_DAMAGE = "criminal-damage-arson", _("Criminal damage and arson")
    DRUGS = "drugs", _("Drugs")
    OTHER_THEFT = "other-theft", _("Other theft")
    WEAPONS = "possession-of-weapons", _("Possession of weapons")
    PUBLIC_ORDER = "public-order", _("Public order")
    ROBBERY = "robbery", _("Robbery")
    SHOPLIFTING = "shoplifting", _("Shoplifting")
    THEFT_FROM_PERSON = "theft-from-the-person", _("Theft from the person")
    VEHICLE_CRIME = "vehicle-crime", _("Vehicle crime")
    VIOLENT_CRIME = "violent-crime", _("Violence and sexual offences")
    OTHER_CRIME = "other-crime", _("Other crime")


class UpdateFrequency(models.IntegerChoices):
    """How often the victim agreed to be updated, in days."""

    WEEKLY = 7, _("Weekly")
    FORTNIGHTLY = 14, _("Every two weeks")
    FOUR_WEEKLY = 28, _("Every four weeks")


class VictimCase(TrackedModel):
    """A crime or ASB incident as it affects one victim, and the plan for keeping them informed and safe."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    victim = models.ForeignKey(Victim, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(_("crime or incident reference"), max_length=40)
    category = models.CharField(max_length=30, choices=Category.choices)
    occurred_on = models.DateField(_("date of the incident"))
    # When the victim reported it: the Victims' Code clocks run from then. Empty for cases entered
    # before it was kept, which count from their entry (`reported`).
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="victim_cases")
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="victim_cases"
    )
    most_serious_crime = models.BooleanField(_("victim of the most serious crime"), default=False)
    persistently_targeted = models.BooleanField(default=False)
    vulnerable = models.BooleanField(default=False)
    intimidated = models.BooleanField(default=False)
    update_every_days = models.PositiveSmallIntegerField(
        _("agreed update frequency"),
        choices=UpdateFrequency.choices,
        null=True,
        blank=True,
        help_text=_("As agreed with the victim: updates are planned and reminded at this interval."),
    )
    repeat_victim = models.BooleanField(default=False)
    band = models.ForeignKey(
        "RiskBand",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The current risk band."),
    )
    action_plan = models.TextField("Vulnerable Victim Action Plan", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    scope = Scope(team="team", shareable=True, sensitive=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        # The case list: a team's cases of one status, newest first.
        indexes = [
            models.Index(fields=["team", "status", "-created_at", "-id"], name="case_team_status_created")
        ]
        permissions = [
            ("share_victimcase", "Share a victim case with another team"),
            ("assign_victimcase", "Assign a victim case to an officer of its team"),
            ("close_victimcase", "Close a victim case (a high-risk one only when supervising)"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_category_display()})"

    def get_absolute_url(self) -> str:
        return reverse("engagement:case-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def reported(self) -> datetime:
        """When the crime was reported: the Victims' Code clocks run from then."""
        return self.reported_at or self.created_at

    @property
    def is_high_risk(self) -> bool:
        """In the top band of the matrix (see risk.in_highest_band)."""
        return self.band is not None and self.band.is_highest

    def enhanced_rights_reasons(self, on: date | None = None) -> list[str]:
        """Why this victim has enhanced rights under the Victims' Code (empty: they do not)."""
        on = on or timezone.localdate()
        reasons = []
        if self.most_serious_crime:
            reasons.append(_("victim of the most serious crime"))
        if self.persistently_targeted or self.repeat_victim or self.victim.is_repeat_on(on):
            reasons.append(_("persistently targeted"))
        # Under 18 at the time of the offence, whatever their age when the clock runs.
        child = self.victim.is_child_on(self.occurred_on)
        if self.vulnerable or child or (self.band and self.band.needs_action_plan):
            reasons.append(_("vulnerable"))
        if self.intimidated:
            reasons.append(_("intimidated"))
        return reasons

    def has_enhanced_rights(self, on: date | None = None) -> bool:
        return bool(self.enhanced_rights_reasons(on))

    @property
    def needs_action_plan(self) -> bool:
        return bool(self.band and self.band.needs_action_plan and not self.action_plan.strip())


class VictimCaseUserObjectPermission(UserObjectPermissionBase):
    """A victim case shared with one officer."""

    content_object = models.ForeignKey(VictimCase, on_delete=models.CASCADE)


class VictimCaseGroupObjectPermission(GroupObjectPermissionBase):
    """A victim case shared with another team's group."""

    content_object = models.ForeignKey(VictimCase, on_delete=models.CASCADE)
