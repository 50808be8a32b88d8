"""Filters for showing published figures: a hidden value (None) always reads "< K"."""
from __future__ import annotations

from django import template
from django.utils.translation import get_language

from monitoring.charts import format_mean, format_share

register = template.Library()


def _lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


@register.filter
def mean(value, k):
    """2,4 (Dutch) or 2.4; "< 10" when hidden."""
    return f"< {k}" if value is None else format_mean(value, _lang())


@register.filter
def share(value, k):
    return f"< {k}" if value is None else format_share(value, _lang())


@register.filter
def count(value, k):
    return f"< {k}" if value is None else value


@register.filter
def rate(value):
    return "–" if value is None else format_share(value, _lang())


@register.filter
def signed(value):
    """+0,6 / −0,6 (mean differences), with a real minus sign."""
    text = format_mean(abs(value), _lang())
    return ("+" if value >= 0 else "−") + text


@register.filter
def points(value):
    """A share difference in percentage points: +12 / −12."""
    number = round(abs(value) * 100)
    return ("+" if value >= 0 else "−") + str(number)


