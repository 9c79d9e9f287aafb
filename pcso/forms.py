from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.fields import InvalidJSONInput
from django.utils.translation import gettext_lazy as _

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
        label="Collar or staff number",
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
