"""Forms of the privacy pages: the shape of the input; policy.py checks the rules again."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_YEARS, MIN_YEARS

YEARS_MESSAGES = {
    "required": _("Vul een aantal jaren in."),
    "invalid": _("Vul een heel aantal jaren in."),
    # MIN_YEARS and MAX_YEARS, spelled out so the message stays translatable.
    "min_value": _("Kies een termijn van 1 tot en met 20 jaar."),
    "max_value": _("Kies een termijn van 1 tot en met 20 jaar."),
}


class PolicyForm(forms.Form):
    case_years = forms.IntegerField(
        label=_("Gesloten zaken bewaren (jaren na vertrek van de leerlingen)"), min_value=MIN_YEARS, max_value=MAX_YEARS,
        error_messages=YEARS_MESSAGES,
        help_text=_("Een zaak wordt verwijderd als alle leerlingen in de zaak zo lang geleden vertrokken zijn."),
    )
    student_years = forms.IntegerField(
        label=_("Leerlinggegevens bewaren (jaren na vertrek)"), min_value=MIN_YEARS, max_value=MAX_YEARS,
        error_messages=YEARS_MESSAGES,
        help_text=_("Daarna wordt het leerlingrecord verwijderd, of geanonimiseerd als een bewaarde zaak er nog naar verwijst."),
    )


class StudentSearchForm(forms.Form):
    leerlingnummer = forms.CharField(
        label=_("Leerlingnummer"), max_length=64, error_messages={"required": _("Vul het leerlingnummer in.")},
        help_text=_("Het nummer uit het leerlingvolgsysteem."),
    )
