from datetime import UTC, datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.fields import InvalidJSONInput
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Django's own first choice of a select, which Django's Welsh catalogue leaves in English: named
# here so that makemessages puts it in ours, and our translation is the one used.
gettext_noop("- Select an option -")

# Every JSON or GeoJSON box has a size and a nesting limit, checked on the text before it is
# parsed: a deeply nested value would otherwise exhaust the parser's stack (a server error).
JSON_MAX_CHARS = 200_000  # a neighbourhood boundary of several thousand corners fits
JSON_MAX_DEPTH = 10  # a GeoJSON Polygon is 4 deep, a MultiPolygon 5


def json_depth(text: str) -> int:
    """How deeply brackets nest in JSON text, counted without parsing (strings skipped)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


class BoundedJSONField(forms.JSONField):
    """A JSON box that refuses, with a message on the form, text too long or nested too deeply."""

    default_error_messages = {
        "too_long": _("This is too long: at most %(max)s characters, it has %(length)s."),
        "too_deep": _("This is nested too deeply: at most %(max)s levels of brackets."),
    }

    def __init__(self, *, max_chars: int = JSON_MAX_CHARS, max_depth: int = JSON_MAX_DEPTH, **kwargs):
        self.max_chars, self.max_depth = max_chars, max_depth
        super().__init__(**kwargs)

    def _problem(self, value) -> ValidationError | None:
        if not isinstance(value, str):
            return None
        if len(value) > self.max_chars:
            return ValidationError(
                self.error_messages["too_long"],
                code="too_long",
                params={"max": f"{self.max_chars:,}", "length": f"{len(value):,}"},
            )
        if json_depth(value) > self.max_depth:
            return self._too_deep()
        return None

    def _too_deep(self) -> ValidationError:
        message = self.error_messages["too_deep"]
        return ValidationError(message, code="too_deep", params={"max": self.max_depth})

    def to_python(self, value):
        if (problem := self._problem(value)) is not None:
            raise problem
        try:
            return super().to_python(value)
        except RecursionError:  # belt and braces: never a server error
            raise self._too_deep() from None

    def bound_data(self, data, initial):
        if self._problem(data) is not None:
            return InvalidJSONInput(data)  # shown again as typed, with the message
        return super().bound_data(data, initial)


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Collar or staff number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )


class DateInput(forms.DateInput):
    """The phone's date picker; it needs ISO dates whatever the display format."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class LocalDateTimeInput(forms.DateTimeInput):
    """The phone's date and time picker, in local time."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def show_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form, beside the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# Local times typed on a phone, in Europe/London.

_ISO_LOCAL = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")


class WallClockDateTimeField(forms.DateTimeField):
    """A date and time as the clock on the wall showed it. It stays naive here: the form
    (WallClockFormMixin) places it in the zone, asking which one was meant in the autumn hour
    that happens twice, instead of refusing it."""

    input_formats = [*_ISO_LOCAL, *forms.DateTimeField.input_formats]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value
        value = str(value).strip()
        for fmt in self.input_formats:
            try:
                return datetime.strptime(value, fmt)
            except (ValueError, TypeError):
                continue
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


def ambiguous(naive: datetime, tz=None) -> bool:
    """Did this wall-clock time happen twice (the autumn change)?"""
    tz = tz or timezone.get_current_timezone()
    differ = naive.replace(tzinfo=tz, fold=0).utcoffset() != naive.replace(tzinfo=tz, fold=1).utcoffset()
    return differ and not skipped(naive, tz)  # a skipped time has two offsets too


def skipped(naive: datetime, tz=None) -> bool:
    """Did the spring change skip this wall-clock time?"""
    tz = tz or timezone.get_current_timezone()
    aware = naive.replace(tzinfo=tz)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive


class WallClockFormMixin:
    """For forms with WallClockDateTimeField fields named in `clock_fields`. A time in the
    repeated autumn hour (01:30 on 25/10/2026) brings a question, `<field>_clock`: the first
    01:30 (BST) or the second (GMT)."""

    clock_fields: tuple[str, ...] = ()
    FIRST, SECOND = "bst", "gmt"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            return
        fields = {}
        for name, field in self.fields.items():
            fields[name] = field
            if name in self.clock_fields and (naive := self._raw_clock(name)) and ambiguous(naive):
                when = {"time": f"{naive:%H:%M}", "date": f"{naive:%d/%m/%Y}"}
                fields[f"{name}_clock"] = forms.ChoiceField(
                    label=_("%(time)s on %(date)s happened twice: which one?") % when,
                    choices=[
                        (self.FIRST, _("%(time)s BST, the first, before the clocks went back") % when),
                        (self.SECOND, _("%(time)s GMT, the second, after the clocks went back") % when),
                    ],
                    widget=forms.RadioSelect,
                    required=False,
                )
        self.fields = fields

    def _raw_clock(self, name: str) -> datetime | None:
        try:
            value = self.fields[name].to_python(self.data.get(self.add_prefix(name)))
        except forms.ValidationError:
            return None
        return value if isinstance(value, datetime) and timezone.is_naive(value) else None

    def _clean_fields(self):
        super()._clean_fields()
        tz = timezone.get_current_timezone()
        for name in self.clock_fields:
            value = self.cleaned_data.get(name)
            if not isinstance(value, datetime) or timezone.is_aware(value):
                continue
            when = {"time": f"{value:%H:%M}", "date": f"{value:%d/%m/%Y}"}
            if ambiguous(value, tz):
                choice = self.cleaned_data.get(f"{name}_clock")
                if choice not in (self.FIRST, self.SECOND):
                    del self.cleaned_data[name]
                    self.add_error(
                        f"{name}_clock",
                        _("The clocks went back: %(time)s on %(date)s happened twice. Choose BST or GMT.")
                        % when,
                    )
                    continue
                self.cleaned_data[name] = value.replace(tzinfo=tz, fold=0 if choice == self.FIRST else 1)
            elif skipped(value, tz):
                self.add_error(
                    name,
                    _("%(time)s on %(date)s did not happen: the clocks went forward an hour. Check the time.")
                    % when,
                )
            else:
                self.cleaned_data[name] = value.replace(tzinfo=tz)


# Dates the app reads: a slip such as 0202 or 9999 is refused, not searched for.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def within_years(value) -> None:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Give a date between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="out_of_years",
        )


class PeriodForm(forms.Form):
    """From and to (both optional, both days included), for a list and its CSV export."""

    start = forms.DateField(label=_("From"), required=False, widget=DateInput(), validators=[within_years])
    end = forms.DateField(label=_("To"), required=False, widget=DateInput(), validators=[within_years])

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date must not be before the start date."))
        return data

    def other_filters(self) -> list[tuple[str, str]]:
        """The list's other filters, for hidden fields that keep them (read here, not in the
        template: there `request.GET.items` is a parameter named "items" when one is sent)."""
        return [(name, value) for name, value in self.data.items() if name not in ("start", "end", "page")]

    def filter(self, queryset, field: str):
        """The rows whose `field` (a date-time) falls in the period, by local calendar day; all of
        them when the form is empty or wrong (its errors are shown beside it)."""
        if not self.is_bound or not self.is_valid():
            return queryset
        tz = timezone.get_current_timezone()
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start:
            queryset = queryset.filter(**{f"{field}__gte": datetime.combine(start, time.min, tzinfo=tz)})
        if end:
            after = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
            queryset = queryset.filter(**{f"{field}__lt": after})
        return queryset

    def refused(self, request, list_url: str):
        """For an export: when the dates are wrong, back to its list with everything typed (the
        list shows the errors beside the form); None when they are fine."""
        if self.is_bound and not self.is_valid():
            messages.error(request, _("Check the dates beside the form."))
            return redirect(f"{list_url}?{request.GET.urlencode()}")
        return None


def period(request) -> PeriodForm:
    return PeriodForm(request.GET or None)


def chosen(request, *names: str) -> dict:
    """The filters among `names` the request gives a value, for an export's audit entry."""
    return {name: value for name, value in request.GET.items() if name in names and value}
