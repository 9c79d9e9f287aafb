"""Published crime data from data.police.uk (Open Government Licence v3.0), imported for hotspot
analysis and dashboards.

The imported rows are plain models, not TrackedModel: people never change them, and an import of
800 rows is one audited event, the CrimeImport that brought them (each row names its import), not
800 entries in the trail. A row is known again by ``row_key``, a hash of the fields that say which
crime it is plus its place among identical rows of the file (ASB rows have no Crime ID, and the
same Crime ID can stand on two rows): importing a file again finds every row already there.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pcso.models import TrackedModel
from pcso.scope import Scope

ASB = "Anti-social behaviour"
OGL = _("Contains public sector information licensed under the Open Government Licence v3.0.")
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


class CrimeImport(TrackedModel):
    """One data.police.uk file imported: who brought it, and what became of each of its rows."""

    # The import marks the teams whose neighbourhoods it touched (services/crime_import.py), not
    # every team, as a record of no team would.
    marks_kept_pages = False

    class Kind(models.TextChoices):
        STREET = "street", _("Street-level crime and ASB")
        OUTCOMES = "outcomes", _("Outcomes")
        STOP_AND_SEARCH = "stop-and-search", _("Stop and search")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    file_name = models.CharField(max_length=200)
    month = models.DateField(null=True, blank=True, help_text=_("The first month the file covers."))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    rows_read = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_updated = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_without_location = models.PositiveIntegerField(default=0)
    rows_outside_neighbourhoods = models.PositiveIntegerField(default=0)
    outcomes_attached = models.PositiveIntegerField(default=0)
    # {reason: {"count": n, "lines": [the first few line numbers]}}
    skipped = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        indexes = [models.Index(fields=["-imported_at"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_kind_display()})"

    def get_absolute_url(self) -> str:
        return reverse("intelligence:crime-import-detail", args=[self.pk])

    @property
    def rows_skipped(self) -> int:
        return sum(reason["count"] for reason in self.skipped.values())


class CrimeRecord(models.Model):
    """One row of published street-level crime or ASB data, imported for hotspot analysis."""

    source = models.ForeignKey(CrimeImport, on_delete=models.PROTECT, related_name="crimes")
    row_key = models.CharField(max_length=64, unique=True)
    crime_ref = models.CharField("Crime ID", max_length=64, blank=True, help_text=_("Empty for ASB."))
    month = models.DateField(help_text=_("The first day of the month the crime was reported in."))
    reported_by = models.CharField(max_length=100, blank=True)
    falls_within = models.CharField(max_length=100, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    location = models.CharField(max_length=200, blank=True, help_text=_("As published: 'On or near …'."))
    place = models.CharField(max_length=200, blank=True, help_text=_("The location without 'On or near'."))
    lsoa_code = models.CharField("LSOA code", max_length=12, blank=True)
    lsoa_name = models.CharField("LSOA name", max_length=100, blank=True)
    crime_type = models.CharField(max_length=100)
    last_outcome = models.CharField(_("last outcome category"), max_length=200, blank=True)
    context = models.TextField(blank=True)
    neighbourhood = models.ForeignKey(
        "pcso.Neighbourhood", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # The team whose neighbourhood the point falls in; rows outside every boundary (and rows
    # without a location) belong to no team's figures.
    scope = Scope(team="neighbourhood__team")
    # Written only in bulk by the import, which marks the teams it touched (pcso/fresh.py).
    marks_kept_pages = False

    class Meta:
        ordering = ["-month", "pk"]
        indexes = [
            models.Index(fields=["neighbourhood", "month", "crime_type"]),
            models.Index(fields=["month", "crime_type"]),
            models.Index(fields=["crime_ref"]),
            # The types offered for a filter, read by a skip scan (crime_types in queries/crime.py).
            models.Index(fields=["crime_type"], name="crime_type"),
        ]

    def __str__(self) -> str:
        return f"{self.crime_type}, {self.month:%Y-%m}, {self.location}"

    def get_absolute_url(self) -> str:
        return reverse("intelligence:crime-import-detail", args=[self.source_id])


class CrimeOutcome(models.Model):
    """One row of a published outcomes file: what became of a crime, attached to it by Crime ID."""

    source = models.ForeignKey(CrimeImport, on_delete=models.PROTECT, related_name="outcomes")
    row_key = models.CharField(max_length=64, unique=True)
    crime_ref = models.CharField("Crime ID", max_length=64)
    crime = models.ForeignKey(
        CrimeRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="outcomes"
    )
    month = models.DateField()
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    lsoa_code = models.CharField("LSOA code", max_length=12, blank=True)
    outcome_type = models.CharField(max_length=200)

    scope = Scope(team="crime__neighbourhood__team")
    # Written only in bulk by the import, which marks the teams it touched (pcso/fresh.py).
    marks_kept_pages = False

    class Meta:
        ordering = ["month", "pk"]
        indexes = [models.Index(fields=["crime_ref"]), models.Index(fields=["crime", "month"])]

    def __str__(self) -> str:
        return f"{self.outcome_type} ({self.month:%Y-%m})"

    def get_absolute_url(self) -> str:
        return reverse("intelligence:crime-import-detail", args=[self.source_id])


class StopAndSearch(models.Model):
    """One row of a published stop-and-search file."""

    source = models.ForeignKey(CrimeImport, on_delete=models.PROTECT, related_name="searches")
    row_key = models.CharField(max_length=64, unique=True)
    search_type = models.CharField(_("type"), max_length=60)
    searched_at = models.DateTimeField()
    part_of_operation = models.BooleanField(null=True)
    operation = models.CharField(max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    gender = models.CharField(max_length=40, blank=True)
    age_range = models.CharField(max_length=40, blank=True)
    self_defined_ethnicity = models.CharField(max_length=200, blank=True)
    officer_defined_ethnicity = models.CharField(max_length=60, blank=True)
    legislation = models.CharField(max_length=200, blank=True)
    object_of_search = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=200, blank=True)
    outcome_linked_to_object = models.BooleanField(null=True)
    removal_of_more_than_outer_clothing = models.BooleanField(null=True)
    neighbourhood = models.ForeignKey(
        "pcso.Neighbourhood", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    scope = Scope(team="neighbourhood__team")
    # Written only in bulk by the import, which marks the teams it touched (pcso/fresh.py).
    marks_kept_pages = False

    class Meta:
        verbose_name_plural = _("stops and searches")
        ordering = ["-searched_at", "pk"]
        indexes = [models.Index(fields=["neighbourhood", "searched_at"])]

    def __str__(self) -> str:
        return f"{self.search_type}, {self.searched_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("intelligence:crime-import-detail", args=[self.source_id])
