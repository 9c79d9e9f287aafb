from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from ..scope import Scope
from .base import TrackedModel, TrackedQuerySet


class Role(models.TextChoices):
    PCSO = "pcso", _("PCSO")
    SERGEANT = "sergeant", _("Sergeant")
    INSPECTOR = "inspector", _("Inspector")
    ADMINISTRATOR = "administrator", _("Administrator")


class Neighbourhood(TrackedModel):
    """An area a team polices, with its police.uk style code and boundary."""

    name = models.CharField(max_length=100)
    code = models.SlugField(max_length=40, unique=True, help_text=_("police.uk style code, e.g. cl-aldgate"))
    team = models.ForeignKey("Team", on_delete=models.PROTECT, related_name="neighbourhoods")
    boundary = models.JSONField(
        default=dict, blank=True, help_text=_("GeoJSON Polygon, longitude then latitude")
    )
    centre_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    centre_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    scope = Scope(team="team")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("neighbourhood-detail", args=[self.pk])


class Team(TrackedModel):
    """A neighbourhood policing team: its sergeant(s), PCSOs and PCs, and the inspector commanding it."""

    name = models.CharField(max_length=100, unique=True)
    inspector = models.ForeignKey(
        "Officer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commanded_teams",
        limit_choices_to={"role": Role.INSPECTOR},
    )

    scope = Scope(team="pk")

    class Meta:
        ordering = ["name"]
        permissions = [
            ("member_of_team", "Works in the team: reads and writes its records"),
            ("supervise_team", "Supervises the team: reviews, grades, signs off and cancels"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("team-detail", args=[self.pk])

    @property
    def group_name(self) -> str:
        return f"team:{self.pk}"


class TeamUserObjectPermission(UserObjectPermissionBase):
    """A grant on one team to one officer (a sergeant's or inspector's supervision)."""

    content_object = models.ForeignKey(Team, on_delete=models.CASCADE)


class TeamGroupObjectPermission(GroupObjectPermissionBase):
    """A grant on one team to a group (the team's own members)."""

    content_object = models.ForeignKey(Team, on_delete=models.CASCADE)


class OfficerManager(BaseUserManager.from_queryset(TrackedQuerySet)):
    use_in_migrations = True

    def create_user(self, collar_number, password=None, **fields):
        if not collar_number:
            raise ValueError("An officer needs a collar number")
        officer = self.model(collar_number=collar_number, **fields)
        officer.set_password(password)
        officer.save(using=self._db)
        return officer

    def create_superuser(self, collar_number, password=None, **fields):
        fields.setdefault("role", Role.ADMINISTRATOR)
        return self.create_user(collar_number, password, is_staff=True, is_superuser=True, **fields)


class Officer(TrackedModel, AbstractBaseUser, PermissionsMixin):
    """A user account: a PCSO, officer or staff member, who logs in with their collar or staff number."""

    collar_number = models.CharField(
        _("collar or staff number"), max_length=20, unique=True, help_text=_("Used to log in.")
    )
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField(blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PCSO)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(_("can use the admin site"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Chosen with the language switch (pcso/views.py): the reminders e-mailed to the officer are
    # written in it, and logging in brings it back. Empty: never chosen (the site's language).
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True, default="", db_default=""
    )

    scope = Scope(team="team")
    audit_exclude = ("password", "last_login")
    not_on_kept_pages = ("last_login", "language")  # saved at every login; shown on no page
    audit_secrets = ("password",)

    objects = OfficerManager()

    USERNAME_FIELD = "collar_number"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.full_name} ({self.collar_number})"

    def get_absolute_url(self) -> str:
        return reverse("officer-detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.first_name
