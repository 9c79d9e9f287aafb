"""Catalogue rows typed by administrators carry their Welsh beside the English (a `_cy` column):
Welsh readers see the Welsh, and a row is used only once it has it."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

WELSH_REQUIRED = _("Give the Welsh too: a row in use is shown to Welsh readers.")


def in_reader_language(english: str, welsh: str) -> str:
    """The Welsh for a Welsh reader (the active language), where it is filled; else the English."""
    if welsh and (translation.get_language() or "").split("-")[0] == "cy":
        return welsh
    return english


class Bilingual:
    """A catalogue field read in the reader's language, from the field and its `_cy` column:
    `display_wording = Bilingual("wording")` in templates, choice labels and exports."""

    def __init__(self, field: str):
        self.field = field

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return in_reader_language(getattr(obj, self.field), getattr(obj, f"{self.field}_cy"))


def welsh_field(verbose_name, max_length: int) -> models.CharField:
    """The Welsh column beside an English one: empty at the database (a column added to a live
    table rewrites nothing), required by the model's clean() once the row is in use."""
    return models.CharField(verbose_name, max_length=max_length, blank=True, default="", db_default="")


def require_welsh(row: models.Model, field: str, in_use: bool) -> dict:
    """The error of a row in use without its Welsh, keyed on the Welsh column; {} otherwise."""
    if in_use and not getattr(row, f"{field}_cy").strip():
        return {f"{field}_cy": WELSH_REQUIRED}
    return {}
