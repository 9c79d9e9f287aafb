from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from pcso.forms import DateInput, LocalDateTimeInput, within_years
from pcso.models import Officer

from ..models import FixedPenaltyNotice, IdentityCheck, NoticeNumber, OffenceType


def _bootstrap(form) -> None:
    """Bootstrap classes on fields a template lays out by hand; invalid ones marked for screen readers."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput | forms.RadioSelect):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        if form._errors and name in form._errors:  # never form.errors: that would validate now
            css += " is-invalid"
            widget.attrs["aria-invalid"] = "true"
        widget.attrs["class"] = css


class OffenceChoice(forms.ModelChoiceField):
    def label_from_instance(self, offence):
        return f"{offence.display_wording} · {offence.get_kind_display()} · £{offence.amount}"


class IssueNoticeForm(forms.Form):
    """A notice handed over in the street: only the offences designated to the officer."""

    offence = OffenceChoice(
        label=_("Offence"),
        queryset=OffenceType.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "invalid_choice": _("Choose one of the offences you are designated for."),
            "required": _("Choose the offence."),
        },
    )
    recipient_name = forms.CharField(label=_("Recipient's name"), max_length=120)
    recipient_date_of_birth = forms.DateField(label=_("Date of birth"), widget=DateInput())
    recipient_address = forms.CharField(
        label=_("Address"), widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"})
    )
    identity_check = forms.ChoiceField(label=_("Identity confirmed by"), choices=IdentityCheck.choices)
    place = forms.CharField(label=_("Place"), max_length=200, help_text=_("Street and landmark."))
    latitude = forms.DecimalField(
        required=False,
        max_digits=9,
        decimal_places=6,
        widget=forms.HiddenInput(attrs={"data-notice-lat": ""}),
    )
    longitude = forms.DecimalField(
        required=False,
        max_digits=9,
        decimal_places=6,
        widget=forms.HiddenInput(attrs={"data-notice-lon": ""}),
    )
    issued_at = forms.DateTimeField(
        label=_("Time of issue"),
        required=False,
        widget=LocalDateTimeInput(),
        help_text=_("Leave empty for now."),
        validators=[within_years],
    )
    circumstances = forms.CharField(
        label=_("Circumstances"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you saw and what was said."),
    )
    # Filled by static/js/notice-book.js from the numbers this phone holds (a ticket book).
    reserved_number = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=9_999_999,
        widget=forms.HiddenInput(attrs={"data-reserved-number": ""}),
        error_messages={"invalid": _("The notice number from your book is not a number.")},
    )

    def __init__(self, *args, offences, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)
        self.fields["offence"].queryset = offences
        if len(offences) == 1:
            self.fields["offence"].initial = offences[0].pk

    def full_clean(self):
        super().full_clean()
        _bootstrap(self)

    def add_error(self, field, error):
        super().add_error(field, error)
        _bootstrap(self)


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (£)"), max_digits=8, decimal_places=2, min_value=Decimal("0.01")
    )
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput(), validators=[within_years])
    reference = forms.CharField(label=_("Payment reference"), max_length=60)


class CancelNoticeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class DesignationForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=Officer.objects.none())
    offence = OffenceChoice(label=_("Offence"), queryset=OffenceType.objects.none())

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers
        self.fields["officer"].label_from_instance = lambda o: f"{o.full_name} ({o.collar_number})"
        self.fields["offence"].queryset = OffenceType.objects.order_by("kind", "wording")


class NoticeFilterForm(forms.Form):
    """The register's filters: all optional."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *FixedPenaltyNotice.Status.choices]
    )
    offence = forms.ModelChoiceField(
        label=_("Offence"), required=False, queryset=OffenceType.objects.order_by("kind", "wording")
    )
    officer = forms.ModelChoiceField(label=_("Officer"), required=False, queryset=Officer.objects.none())
    start = forms.DateField(
        label=_("Issued from"), required=False, widget=DateInput(), validators=[within_years]
    )
    end = forms.DateField(label=_("Issued to"), required=False, widget=DateInput(), validators=[within_years])

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers
        self.fields["officer"].empty_label = _("Any officer")
        self.fields["offence"].empty_label = _("Any offence")
        self.fields["officer"].label_from_instance = lambda o: f"{o.full_name} ({o.collar_number})"
        _bootstrap(self)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end must not be before the start."))
        return data


class SpoilNumberForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the number spoilt?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: a notice begun and not handed over, or written in error."),
    )


class NumberFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any state")), *NoticeNumber.State.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)
