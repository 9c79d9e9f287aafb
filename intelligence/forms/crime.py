"""Forms for published crime data: the upload, and the choice of area and period for hotspots."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..queries.crime import DEFAULT_CELL_M, MAX_CELL_M, MIN_CELL_M
from ..services.crime_import import MAX_BYTES

TOO_LARGE = _("The file is larger than 20 MB: choose one force and one month.")


class CrimeFileForm(forms.Form):
    file = forms.FileField(
        label=_("data.police.uk file"),
        help_text=_("A street, outcomes or stop-and-search CSV, as downloaded from data.police.uk."),
        # static/js/upload-limit.js says so before a larger file is sent
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,text/csv", "data-max-bytes": MAX_BYTES, "data-too-large": TOO_LARGE}
        ),
    )

    def __init__(self, *args, too_large=False, **kwargs):
        """too_large: the file sent was refused unread past MAX_BYTES (pcso.limits)."""
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        if too_large:
            self.fields["file"].required = False  # it was sent: its size is what is wrong

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if self.too_large or upload.size > MAX_BYTES:
            raise forms.ValidationError(TOO_LARGE)
        return upload


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


class MonthField(forms.DateField):
    widget = MonthInput
    input_formats = ["%Y-%m"]

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


class SuggestionForm(forms.Form):
    team = forms.ModelChoiceField(queryset=None, label=_("Team"))
    start = MonthField(label=_("From month"))
    end = MonthField(label=_("To month"))
    types = forms.MultipleChoiceField(
        label=_("Crime types"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every type, anti-social behaviour included."),
    )
    size = forms.IntegerField(
        label=_("Cell size (metres)"), min_value=MIN_CELL_M, max_value=MAX_CELL_M, initial=DEFAULT_CELL_M
    )

    def __init__(self, *args, teams, types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["types"].choices = [(t, t) for t in types]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The last month must not be before the first."))
        return data
