"""{% form_key %}: a one-time key for the form being shown (pcso/once.py); a builtin tag."""

from django import template

from .. import once

register = template.Library()


@register.simple_tag
def form_key():
    return once.hidden_field()
