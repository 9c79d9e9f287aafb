"""Forms of victims and their cases: the victim and the case, the search for a known person,
the risk assessment, a contact or review, a key event, closing, sharing and assigning a case."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pcso.forms import DateInput, LocalDateTimeInput, WallClockDateTimeField, WallClockFormMixin
from pcso.models import Officer, Team
from pcso.permissions import members_of

from ..models import FollowUp, RiskBand, Victim, VictimCase

EARLIEST = date(1900, 1, 1)


def past_date(value: date | None, what: str) -> date | None:
    """A date that happened: not in the future, not before 1900 (a mistyped year)."""
    if value is None:
        return value
    if value < EARLIEST:
        raise forms.ValidationError(
            gettext("%(what)s cannot be before 01/01/1900: check the year.") % {"what": what}
        )
    if value > timezone.localdate():
        raise forms.ValidationError(gettext("%(what)s cannot be in the future.") % {"what": what})
    return value


class VictimForm(forms.ModelForm):
    class Meta:
        model = Victim
        fields = [
            "name",
            "date_of_birth",
            "phone",
            "email",
            "address",
            "postcode",
            "preferred_contact_method",
            "preferred_contact_times",
            "needs",
            "consents_to_referral",
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "address": forms.Textarea(attrs={"rows": 2}),
            "needs": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "preferred_contact_method": _("Preferred contact method"),
            "preferred_contact_times": _("Preferred contact times"),
            "needs": _("Needs"),
        }

    def clean_date_of_birth(self):
        return past_date(self.cleaned_data.get("date_of_birth"), gettext("The date of birth"))


class CaseForm(WallClockFormMixin, forms.ModelForm):
    """The incident. When it was reported is shown as now, for the officer who types a case in
    later to give the time it was reported: the Victims' Code clocks run from then."""

    clock_fields = ("reported_at",)

    reported_at = WallClockDateTimeField(
        label=_("Reported"),
        required=False,
        widget=LocalDateTimeInput(),
        help_text=_("When the victim reported it: the referral and contact clocks run from then."),
    )

    class Meta:
        model = VictimCase
        fields = [
            "reference",
            "category",
            "occurred_on",
            "reported_at",
            "update_every_days",
            "most_serious_crime",
            "persistently_targeted",
            "vulnerable",
            "intimidated",
        ]
        widgets = {"occurred_on": DateInput()}
        labels = {
            "category": _("Category"),
            "persistently_targeted": _("Persistently targeted"),
            "vulnerable": _("Vulnerable"),
            "intimidated": _("Intimidated"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["reported_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean_occurred_on(self):
        return past_date(self.cleaned_data.get("occurred_on"), gettext("The date of the incident"))

    def case_details(self) -> dict:
        """What the service takes: the case's fields (not the question of which 01:30 was meant)."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}


class RiskAssessmentForm(forms.Form):
    """One yes/no box per active question of the matrix, then the band and the plan."""

    final_band = forms.ModelChoiceField(
        queryset=RiskBand.objects.all(),
        required=False,
        empty_label=_("As scored"),
        label=_("Band"),
        help_text=_("Leave as scored, or choose another band and write why."),
    )
    rationale = forms.CharField(
        label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    action_plan = forms.CharField(
        label=_("Vulnerable Victim Action Plan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required for a medium or high band."),
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        question_fields = {
            f"q_{question.pk}": forms.BooleanField(
                label=question.display_text, required=False, help_text=question.get_category_display()
            )
            for question in questions
        }
        self.fields = {**question_fields, **self.fields}

    def answers(self) -> dict[int, bool]:
        return {question.pk: bool(self.cleaned_data.get(f"q_{question.pk}")) for question in self.questions}


class ContactForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["contact_method", "spoke_to", "outcome", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "contact_method": _("How"),
            "spoke_to": _("Who you spoke to"),
            "outcome": _("Outcome"),
            "notes": _("Notes"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].required = True
        self.fields["contact_method"].required = not self.instance.is_review
        reviewed = FollowUp.Outcome.REVIEWED
        self.fields["outcome"].choices = [
            (value, label)
            for value, label in self.fields["outcome"].choices
            if not value or (value == reviewed) == self.instance.is_review
        ]


class VictimSearchForm(forms.Form):
    """Find a person already known, before recording them again: any one detail is enough."""

    prefix = "find"

    name = forms.CharField(label=_("Find by name"), required=False, max_length=150)
    date_of_birth = forms.DateField(label=_("Find by date of birth"), required=False, widget=DateInput())
    postcode = forms.CharField(label=_("Find by postcode"), required=False, max_length=10)
    phone = forms.CharField(label=_("Find by phone"), required=False, max_length=30)

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in self.fields):
            raise forms.ValidationError(gettext("Give a name, date of birth, postcode or phone to search."))
        return data


class KeyEventForm(WallClockFormMixin, forms.Form):
    clock_fields = ("happened_at",)

    event = forms.ChoiceField(choices=FollowUp.Event.choices, label=_("Key event"))
    happened_at = WallClockDateTimeField(
        label=_("When it happened"),
        required=False,
        widget=LocalDateTimeInput(),
        help_text=_("Leave as now, or give the time it happened: the update is due from then."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["happened_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean(self):
        data = super().clean()
        happened_at = data.get("happened_at")
        if happened_at is not None and happened_at > timezone.now():
            self.add_error("happened_at", gettext("A key event cannot be in the future."))
        return data


class CloseCaseForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Reason for closing"))


class ShareCaseForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label=_("Share with team"))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.exclude(pk=case.team_id)


class AssignCaseForm(forms.Form):
    """Only active officers of the case's own team are offered."""

    assigned_officer = forms.ModelChoiceField(queryset=Officer.objects.none(), label=_("Assign to"))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assigned_officer"]
        field.queryset = members_of([case.team_id]).order_by("last_name", "first_name", "pk")
        field.initial = case.assigned_officer_id
        field.label_from_instance = lambda officer: f"{officer.full_name} ({officer.collar_number})"


class UnshareCaseForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.all(), widget=forms.HiddenInput)
