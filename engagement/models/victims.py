from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from pcso.models import Team, TrackedModel
from pcso.scope import Scope


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "E-mail"
    VISIT = "visit", "Home visit"
    LETTER = "letter", "Letter"


class Victim(TrackedModel):
    """A person harmed by crime or anti-social behaviour, with how they want to be kept informed."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="victims")
    name = models.CharField(max_length=150)
    date_of_birth = models.DateField(null=True, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    preferred_contact_method = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.PHONE
    )
    preferred_contact_times = models.CharField(max_length=200, blank=True, help_text="e.g. weekday evenings")
    needs = models.TextField(
        blank=True, help_text="Language, interpreter, disability or other needs when we contact them."
    )
    consents_to_referral = models.BooleanField("consents to referral to support services", default=False)
    repeat_victim = models.BooleanField(
        default=False, help_text="Set automatically from their ASB incidents."
    )
    created_at = models.DateTimeField(default=timezone.now)

    scope = Scope(team="team", shared_via="cases", sensitive=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("engagement:victim-detail", args=[self.pk])

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
    ASB = "anti-social-behaviour", "Anti-social behaviour"
    BICYCLE_THEFT = "bicycle-theft", "Bicycle theft"
    BURGLARY = "burglary", "Burglary"
    CRIMINAL_DAMAGE = "criminal-damage-arson", "Criminal damage and arson"
    DRUGS = "drugs", "Drugs"
    OTHER_THEFT = "other-theft", "Other theft"
    WEAPONS = "possession-of-weapons", "Possession of weapons"
    PUBLIC_ORDER = "public-order", "Public order"
    ROBBERY = "robbery", "Robbery"
    SHOPLIFTING = "shoplifting", "Shoplifting"
    THEFT_FROM_PERSON = "theft-from-the-person", "Theft from the person"
    VEHICLE_CRIME = "vehicle-crime", "Vehicle crime"
    VIOLENT_CRIME = "violent-crime", "Violence and sexual offences"
    OTHER_CRIME = "other-crime", "Other crime"


class VictimCase(TrackedModel):
    """A crime or ASB incident as it affects one victim, and the plan for keeping them informed and safe."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    victim = models.ForeignKey(Victim, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField("crime or incident reference", max_length=40)
    category = models.CharField(max_length=30, choices=Category.choices)
    occurred_on = models.DateField("date of the incident")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="victim_cases")
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="victim_cases"
    )
    most_serious_crime = models.BooleanField("victim of the most serious crime", default=False)
    persistently_targeted = models.BooleanField(default=False)
    vulnerable = models.BooleanField(default=False)
    intimidated = models.BooleanField(default=False)
    update_frequency = models.CharField(
        "agreed update frequency",
        max_length=60,
        blank=True,
        help_text="As agreed with the victim, e.g. weekly",
    )
    repeat_victim = models.BooleanField(default=False)
    band = models.ForeignKey(
        "RiskBand",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The current risk band.",
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
    def is_high_risk(self) -> bool:
        """In the top band of the matrix (see risk.in_highest_band)."""
        return self.band is not None and self.band.is_highest

    def enhanced_rights_reasons(self, on: date | None = None) -> list[str]:
        """Why this victim has enhanced rights under the Victims' Code (empty: they do not)."""
        on = on or timezone.localdate()
        reasons = []
        if self.most_serious_crime:
            reasons.append("victim of the most serious crime")
        if self.persistently_targeted or self.repeat_victim or self.victim.repeat_victim:
            reasons.append("persistently targeted")
        if self.vulnerable or self.victim.is_child_on(on) or (self.band and self.band.needs_action_plan):
            reasons.append("vulnerable")
        if self.intimidated:
            reasons.append("intimidated")
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
