"""Forms of the school-calendar page. They check input shape only; the services check the rules."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CalendarPeriod, Region


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CalendarSettingsForm(forms.Form):
    region = forms.ChoiceField(
        label=_("Regio"),
        choices=Region.choices,
        help_text=_("De regio van de schoolvakanties van de rijksoverheid waarin de school ligt."),
    )
    include_public_holidays = forms.BooleanField(
        label=_("Op officiële feestdagen is er geen school"),
        required=False,
        initial=True,
        help_text=_("Bijvoorbeeld Koningsdag, Hemelvaartsdag en Tweede Pinksterdag."),
    )
    prefill = forms.BooleanField(
        label=_("Vakanties van deze regio (opnieuw) invullen"),
        required=False,
        initial=True,
        help_text=_(
            "Vult de adviesdata van de rijksoverheid in. Vakanties die de school zelf heeft toegevoegd "
            "of aangepast blijven staan."
        ),
    )


class BranchRegionForm(forms.Form):
    postcode = forms.CharField(label=_("Postcode van de vestiging"), max_length=10, required=False)
    province = forms.ChoiceField(label=_("Provincie"), required=False, choices=[("", "—")] + [
        ("drenthe", "Drenthe"), ("flevoland", "Flevoland"), ("friesland", "Friesland"), ("gelderland", "Gelderland"),
        ("groningen", "Groningen"), ("limburg", "Limburg"), ("noord-brabant", "Noord-Brabant"),
        ("noord-holland", "Noord-Holland"), ("overijssel", "Overijssel"), ("utrecht", "Utrecht"),
        ("zeeland", "Zeeland"), ("zuid-holland", "Zuid-Holland"),
    ])
    holiday_region = forms.ChoiceField(
        label=_("Vakantieregio"), required=False,
        choices=[("", _("Afleiden uit plaats, postcode of provincie"))] + list(Region.choices),
        help_text=_("Kies alleen een regio als de afgeleide regio niet klopt."),
    )


class PeriodForm(forms.Form):
    """Add or change one entry. For single days only the first date counts."""

    kind = forms.ChoiceField(label=_("Soort"), choices=CalendarPeriod.Kind.choices)
    name = forms.CharField(
        label=_("Naam"), max_length=100, required=False,
        help_text=_("Bijvoorbeeld herfstvakantie, studiedag of carnavalsvakantie."),
    )
    start = forms.DateField(label=_("Datum of eerste dag"), widget=DateInput())
    end = forms.DateField(
        label=_("Laatste dag (alleen bij een vakantie)"), required=False, widget=DateInput(),
        help_text=_("De vakantie loopt tot en met deze dag."),
    )

    def __init__(self, *args, fixed_kind: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_kind is not None:
            del self.fields["kind"]
            self.fixed_kind = fixed_kind
            if fixed_kind != CalendarPeriod.Kind.VACATION:
                del self.fields["end"]
                self.fields["start"].label = _("Datum")
            else:
                self.fields["start"].label = _("Eerste dag")
                self.fields["end"].label = _("Laatste dag")
                self.fields["end"].required = True
        else:
            self.fixed_kind = None

    @property
    def kind_value(self) -> str:
        return self.fixed_kind or self.cleaned_data.get("kind", "")


class ExampleForm(forms.Form):
    start = forms.DateField(label=_("Voorbeeld: termijn begint op"), required=False, widget=DateInput())
