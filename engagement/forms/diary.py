"""Forms of the community diary. The entry form takes its concerns (each with an optional action)
in one formset, so one page on a phone records the whole engagement."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pcso.forms import DateInput, LocalDateTimeInput
from pcso.models import Neighbourhood, Officer

from ..models import CommunityGroup, Concern, DiaryEntry, Meeting, NeighbourhoodQuery, Priority
from ..services.diary import GROUP_FIELDS, MEETING_FIELDS


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


def team_officers(team_id):
    return Officer.objects.filter(team_id=team_id, is_active=True).order_by("last_name", "first_name")


def team_neighbourhoods(team_id):
    return Neighbourhood.objects.filter(team_id=team_id).order_by("name")


def other_team(field) -> None:
    """A choice outside the team (a tampered POST) says so plainly."""
    field.error_messages["invalid_choice"] = gettext("That is not one of your team's choices: choose again.")


class GroupForm(forms.ModelForm):
    class Meta:
        model = CommunityGroup
        fields = list(GROUP_FIELDS)

    def __init__(self, *args, team_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = team_neighbourhoods(team_id)
        other_team(self.fields["neighbourhood"])
        self.fields["contact_officer"] = OfficerChoiceField(
            queryset=team_officers(team_id),
            label=_("Contact officer"),
        )
        other_team(self.fields["contact_officer"])
        if not self.instance.pk:
            del self.fields["active"]


class GroupChoices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.name


class EntryForm(forms.ModelForm):
    """When defaults to now and the officer is whoever records it: the rest is optional but the
    group (or a member of the public)."""

    groups = GroupChoices(
        queryset=CommunityGroup.objects.none(),
        required=False,
        label=_("Groups"),
        error_messages={"invalid_choice": _("That is not one of your team's groups: choose again.")},
    )
    occurred_at = forms.DateTimeField(
        label=_("When"), required=False, widget=LocalDateTimeInput(), help_text=_("Leave empty for now.")
    )

    class Meta:
        model = DiaryEntry
        fields = ["groups", "member_of_public", "kind", "occurred_at", "place", "neighbourhood", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, team_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = CommunityGroup.objects.filter(team_id=team_id, active=True).order_by(
            "name", "pk"
        )
        neighbourhood = self.fields["neighbourhood"]
        neighbourhood.queryset = team_neighbourhoods(team_id)
        neighbourhood.required = False
        neighbourhood.empty_label = _("The group's neighbourhood")
        other_team(neighbourhood)

    def clean_occurred_at(self):
        value = self.cleaned_data.get("occurred_at")
        if value is not None and value > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("An entry records what happened: it cannot be in the future."))
        return value

    def clean(self):
        data = super().clean()
        if not data.get("groups") and not data.get("member_of_public") and "groups" not in self.errors:
            self.add_error("groups", _("Choose a group, or tick “with a member of the public”."))
        return data


class ConcernForm(forms.Form):
    """One concern raised, and optionally what the team agreed to do about it. A row left empty
    is ignored."""

    category = forms.ChoiceField(
        label=_("Concern"),
        choices=[("", _("Choose…")), *Concern.Category.choices],
        error_messages={"required": _("Choose what the concern is about.")},
    )
    description = forms.CharField(
        label=_("What they said"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write down the concern, or empty this row.")},
    )
    action = forms.CharField(
        label=_("What we will do"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    action_owner = OfficerChoiceField(
        queryset=Officer.objects.none(),
        required=False,
        label=_("Who"),
        empty_label=_("Me"),
        error_messages={"invalid_choice": _("That is not one of your team's officers: choose again.")},
    )
    action_due_on = forms.DateField(
        label=_("By"), required=False, widget=DateInput(), help_text=_("Empty: in two weeks.")
    )
    concern_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    DELETE = forms.BooleanField(label=_("Remove"), required=False)

    def __init__(self, *args, team_id=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_owner"].queryset = team_officers(team_id)
        if editing:  # actions of an existing entry are added and completed on its page
            for name in ("action", "action_owner", "action_due_on"):
                del self.fields[name]
        else:
            del self.fields["DELETE"]

    def has_changed(self):
        # The edit page's rows have no action fields (added on the entry's page instead).
        names = ("category", "description", "action", "action_due_on")
        return any(self[name].data for name in names if name in self.fields)

    def clean_description(self):
        value = self.cleaned_data.get("description", "").strip()
        if not value:
            raise forms.ValidationError(_("Write down the concern, or empty this row."))
        return value

    def clean_action_due_on(self):
        value = self.cleaned_data.get("action_due_on")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("The due date of a new action cannot be in the past."))
        return value


class BaseConcernFormSet(forms.BaseFormSet):
    def __init__(self, *args, team_id=None, editing=False, **kwargs):
        self.team_id, self.editing = team_id, editing
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"team_id": self.team_id, "editing": self.editing}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            team_id=self.team_id,
            editing=self.editing,
        )
        self.add_fields(form, None)
        return form

    def clean(self):
        super().clean()
        if self.management_form.cleaned_data.get(forms.formsets.TOTAL_FORM_COUNT, 0) < 0:
            raise forms.ValidationError(gettext("The concerns could not be read: add them again."))

    def rows(self) -> list[dict]:
        """The filled rows' cleaned data."""
        return [form.cleaned_data for form in self.forms if form.has_changed() and form.cleaned_data]


# At most MAX_CONCERNS rows, however many a tampered TOTAL_FORMS asks for (Django's own ceiling
# is a thousand more than max_num, each row a form to build).
MAX_CONCERNS = 20
ConcernFormSet = forms.formset_factory(
    ConcernForm,
    formset=BaseConcernFormSet,
    extra=1,
    max_num=MAX_CONCERNS,
    absolute_max=MAX_CONCERNS,
    validate_max=True,
)


def concern_formset(data=None, *, team_id, editing=False, initial=None, extra_row=False):
    """The concerns formset; `extra_row` adds a blank row to what was typed ("add another")."""
    if data is not None and extra_row:
        data = data.copy()
        total = f"concerns-{forms.formsets.TOTAL_FORM_COUNT}"
        try:
            count = int(data.get(total) or 0)
        except ValueError:
            count = -1
        if count >= 0:  # else a tampered count, which the formset's checks report
            data[total] = str(min(count, MAX_CONCERNS - 1) + 1)
    formset = ConcernFormSet(data, prefix="concerns", team_id=team_id, editing=editing, initial=initial)
    if editing and initial:
        formset.extra = 0
    return formset


class AddActionForm(forms.Form):
    concern = forms.ModelChoiceField(
        queryset=Concern.objects.none(), required=False, label=_("For the concern")
    )
    description = forms.CharField(label=_("What we will do"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = OfficerChoiceField(queryset=Officer.objects.none(), label=_("Who"))
    due_on = forms.DateField(label=_("By"), widget=DateInput())

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concern"].queryset = entry.concerns.all()
        self.fields["owner"].queryset = team_officers(entry.team_id)

    def clean_due_on(self):
        value = self.cleaned_data.get("due_on")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("The due date of a new action cannot be in the past."))
        return value


class CompleteActionForm(forms.Form):
    outcome = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))


class PriorityForm(forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["issue", "issue_date", "action", "action_date"]
        widgets = {
            "issue": forms.Textarea(attrs={"rows": 2}),
            "action": forms.Textarea(attrs={"rows": 2}),
            "issue_date": DateInput(),
            "action_date": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue_date"].required = False
        self.fields["issue_date"].help_text = _("Empty: today.")


class ReviewPriorityForm(forms.Form):
    action = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    action_date = forms.DateField(label=_("Action date"), required=False, widget=DateInput())
    close = forms.BooleanField(label=_("Close this priority"), required=False)


class MeetingForm(forms.ModelForm):
    reviewed = forms.ModelMultipleChoiceField(
        queryset=Priority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Priorities reviewed"),
    )

    class Meta:
        model = Meeting
        fields = ["neighbourhood", *MEETING_FIELDS]
        widgets = {"held_at": LocalDateTimeInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, team_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = team_neighbourhoods(team_id)
        other_team(self.fields["neighbourhood"])
        self.fields["reviewed"].queryset = Priority.objects.filter(
            team_id=team_id, status=Priority.Status.ACTIVE
        ).select_related("neighbourhood")

    def clean(self):
        data = super().clean()
        neighbourhood = data.get("neighbourhood")
        if neighbourhood and any(p.neighbourhood_id != neighbourhood.pk for p in data.get("reviewed", [])):
            self.add_error("reviewed", _("Choose only the priorities of the meeting's neighbourhood."))
        return data


class QueryForm(forms.ModelForm):
    received_at = forms.DateTimeField(
        label=_("Received"), required=False, widget=LocalDateTimeInput(), help_text=_("Leave empty for now.")
    )

    class Meta:
        model = NeighbourhoodQuery
        fields = ["neighbourhood", "from_name", "contact_details", "question", "received_at"]
        widgets = {"question": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, team_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = team_neighbourhoods(team_id)
        other_team(self.fields["neighbourhood"])

    def clean_received_at(self):
        value = self.cleaned_data.get("received_at")
        if value is not None and value > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("A query cannot be received in the future."))
        return value


class AnswerQueryForm(forms.Form):
    answer = forms.CharField(label=_("Answer given"), widget=forms.Textarea(attrs={"rows": 3}))
