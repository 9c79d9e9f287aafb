from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcso.forms import DateInput, LocalDateTimeInput
from pcso.models import Officer, Team

from ..grading import Grade, HandlingCode, IntelligenceAssessment, Scheme, SourceEvaluation
from ..models import IntelligenceReport, Involvement, Priority, ReportType, RetentionReview, SourceType
from ..services.reports import FIELDS, NEEDED_TO_SUBMIT


def _grade_fields() -> dict[str, forms.Field]:
    """The three parts of a 3x5x2 grade, each value with its plain meaning, and the conditions."""
    return {
        "source_evaluation": forms.ChoiceField(
            label=_("Source evaluation"),
            choices=SourceEvaluation.choices,
            widget=forms.RadioSelect,
            required=False,
            help_text=_("How far the source can be relied on."),
        ),
        "intelligence_assessment": forms.ChoiceField(
            label=_("Intelligence assessment"),
            choices=IntelligenceAssessment.choices,
            widget=forms.RadioSelect,
            required=False,
            help_text=_("How the source knows what they told you."),
        ),
        "handling_code": forms.ChoiceField(
            label=_("Handling code"),
            choices=HandlingCode.choices,
            widget=forms.RadioSelect,
            required=False,
            help_text=_("Whether the report may be shared, and on what terms."),
        ),
        "handling_conditions": forms.CharField(
            label=_("Handling conditions"),
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
            help_text=_("Needed with handling code C: who it may go to, and on what terms."),
        ),
    }


class ReportForm(forms.ModelForm):
    """The report form. A draft may be saved with any field blank; submitting needs what a
    reviewer needs. Handling code C always needs its conditions."""

    class Meta:
        model = IntelligenceReport
        fields = list(FIELDS)
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "occurred_at": LocalDateTimeInput(),
            "latitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "source_type": forms.RadioSelect,
            "priority": forms.RadioSelect,
        }

    def __init__(self, *args, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.fields.update(_grade_fields())
        self.order_fields(self.Meta.fields)
        self.fields["report_type"].queryset = ReportType.objects.filter(active=True)
        self.fields["report_type"].empty_label = _("Choose…")
        self.fields["source_type"].choices = SourceType.choices
        self.fields["priority"].choices = Priority.choices
        self.fields["latitude"].label = _("Latitude (optional map point)")
        self.fields["longitude"].label = _("Longitude (optional map point)")
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0, microsecond=0))

    def clean(self):
        cleaned = super().clean()
        if self.submitting:
            for name, message in NEEDED_TO_SUBMIT.items():
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return cleaned


class SubjectForm(forms.Form):
    """Who or what the report is about, with the role they play."""

    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("Choose…")), *Involvement.choices], required=False
    )
    description = forms.CharField(
        label=_("Who or what"),
        max_length=200,
        required=False,
        help_text=_("A name, a registration number, an address…"),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("description", "").strip() and not cleaned.get("role"):
            self.add_error("role", _("Say what role this subject plays."))
        return cleaned


SubjectFormSet = forms.formset_factory(SubjectForm, extra=2, max_num=30)


def subject_formset(data=None, report: IntelligenceReport | None = None):
    initial = (
        [{"role": s.role, "description": s.description} for s in report.subjects.all()] if report else []
    )
    return SubjectFormSet(data, initial=initial, prefix="subjects")


class ReviewForm(forms.Form):
    """The reviewer's decision: accept (regrading if need be, with the reason), return with a
    comment for the author, or reject with the reason."""

    ACCEPT, RETURN, REJECT = "accept", "return", "reject"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ACCEPT, _("Accept, with the grade below")),
            (RETURN, _("Return to the author for changes")),
            (REJECT, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason or comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Needed to regrade, return or reject. The author sees it."),
    )

    def __init__(self, *args, report: IntelligenceReport, **kwargs):
        grade = report.grade
        initial = {"decision": self.ACCEPT}
        if not grade.is_legacy:
            initial |= {
                "source_evaluation": grade.source,
                "intelligence_assessment": grade.intelligence,
                "handling_code": grade.handling,
                "handling_conditions": grade.conditions,
            }
        super().__init__(*args, initial=initial, **kwargs)
        self.report = report
        self.fields.update(_grade_fields())
        self.order_fields(["decision", *_grade_fields(), "reason"])

    def grade(self) -> Grade:
        data = self.cleaned_data
        return Grade(
            Scheme.THREE_FIVE_TWO,
            data["source_evaluation"],
            data["intelligence_assessment"],
            data["handling_code"],
            data["handling_conditions"],
        )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        reason = cleaned.get("reason", "").strip()
        if decision in (self.RETURN, self.REJECT) and not reason:
            self.add_error("reason", _("Say why, for the author."))
        if decision == self.ACCEPT and not self.errors:
            grade = self.grade()
            for name, message in grade.errors().items():
                self.add_error(name, message)
            for name in ("source_evaluation", "intelligence_assessment", "handling_code"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Choose a value to accept the report."))
            current = self.report.grade
            changed = (grade.code, grade.conditions.strip()) != (current.code, current.conditions.strip())
            if changed and not reason and not self.errors:
                self.add_error("reason", _("Give the reason for the new grade."))
        return cleaned


class DisseminateForm(forms.Form):
    """Share an accepted report with a named officer or another team."""

    to_officer = forms.ModelChoiceField(label=_("Officer"), queryset=Officer.objects.none(), required=False)
    to_team = forms.ModelChoiceField(label=_("Or a team"), queryset=Team.objects.none(), required=False)

    def __init__(self, *args, report: IntelligenceReport, **kwargs):
        super().__init__(*args, **kwargs)
        # Officers whose role may read intelligence at all (not by their role field: by permission).
        readers = Officer.objects.filter(
            Q(groups__permissions__codename="view_intelligencereport")
            | Q(user_permissions__codename="view_intelligencereport"),
            is_active=True,
        ).distinct()
        self.fields["to_officer"].queryset = readers.exclude(pk=report.submitted_by_id).order_by(
            "last_name", "first_name"
        )
        self.fields["to_officer"].label_from_instance = lambda o: f"{o.full_name} ({o.collar_number})"
        self.fields["to_officer"].empty_label = _("Choose an officer…")
        self.fields["to_team"].queryset = Team.objects.exclude(pk=report.team_id).order_by("name")
        self.fields["to_team"].empty_label = _("Choose a team…")

    def clean(self):
        cleaned = super().clean()
        if not self.errors and (cleaned.get("to_officer") is None) == (cleaned.get("to_team") is None):
            raise forms.ValidationError(_("Choose either an officer or a team."))
        return cleaned


class RetentionForm(forms.Form):
    """A retention review: keep the report (with the reason and when to look again), or dispose of it."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=RetentionReview.Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Needed to retain: the continuing policing purpose."),
    )
    next_review_on = forms.DateField(
        label=_("Next review"),
        widget=DateInput(),
        required=False,
        help_text=_("Blank: the usual period for this type of report."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == RetentionReview.Decision.RETAIN
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", _("Give the reason for keeping the report."))
        day = cleaned.get("next_review_on")
        if day is not None and day <= timezone.localdate():
            self.add_error("next_review_on", _("The next review must be after today."))
        return cleaned
