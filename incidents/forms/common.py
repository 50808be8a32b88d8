"""What every form of the app shares: service errors onto a form, date and file inputs."""
from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

NOT_INVOLVED = ""
MAX_SEARCH_RESULTS = 20


# --- helpers --------------------------------------------------------------------------
def add_service_errors(form: forms.Form, error: ValidationError, field_map: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError on the form: by field where the form has it, else on top."""
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for key, errors in error.message_dict.items():
            name = field_map.get(key, key)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        if isinstance(value, dt.date):
            return value.isoformat()
        return value


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if isinstance(value, dt.datetime):
            return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if timezone.is_aware(value) else value.strftime("%Y-%m-%dT%H:%M")
        return value


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []
