"""Forms of the public reporting channel: plain words for students of 12 to 18."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import PublicReport
from . import services

ABOUT_CHOICES = [
    ("me", _("Over mij")),
    ("my_child", _("Over mijn kind")),
    ("someone_else", _("Over iemand anders")),
]
ANONYMOUS_CHOICES = [
    ("yes", _("Anoniem: de school weet niet wie ik ben")),
    ("no", _("Met mijn naam: de school mag contact met mij opnemen")),
]


class DutchErrorsMixin:
    required_message = _("Dit veld is nodig.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = self.required_message
            field.error_messages["max_length"] = _("Dit is te lang: maximaal %(limit_value)d tekens.")


class PublicReportForm(DutchErrorsMixin, forms.Form):
    reporter_kind = forms.ChoiceField(
        label=_("Wie ben jij?"), choices=PublicReport.ReporterKind.choices, widget=forms.RadioSelect,
    )
    about = forms.ChoiceField(label=_("Over wie gaat het?"), choices=ABOUT_CHOICES, widget=forms.RadioSelect)
    description = forms.CharField(
        label=_("Wat is er gebeurd?"), max_length=services.MAX_TEXT,
        help_text=_("Schrijf het in je eigen woorden. Wat gebeurde er, hoe vaak, en wie was erbij?"),
        widget=forms.Textarea(attrs={"rows": 7}),
    )
    target = forms.CharField(
        label=_("Wie wordt er gepest?"), required=False, max_length=services.MAX_SHORT,
        help_text=_("Naam en klas, als je dat weet. Gaat het over jou? Dan mag je dit leeg laten."),
    )
    bully = forms.CharField(
        label=_("Wie pest er?"), required=False, max_length=services.MAX_SHORT,
        help_text=_("Naam en klas, als je dat weet. Weet je het niet? Laat het leeg."),
    )
    place = forms.CharField(
        label=_("Waar gebeurde het?"), required=False, max_length=services.MAX_SHORT,
        help_text=_("Bijvoorbeeld: in de kantine, in de klas, online in een groepsapp."),
    )
    occurred_on = forms.DateField(
        label=_("Wanneer gebeurde het?"), required=False, help_text=_("De laatste keer. Mag leeg blijven."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een datum in, bijvoorbeeld 14-03-2027.")},
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
    )
    anonymous = forms.ChoiceField(
        label=_("Wil je je naam geven?"), choices=ANONYMOUS_CHOICES, widget=forms.RadioSelect, initial="yes",
    )
    reporter_name = forms.CharField(
        label=_("Je naam"), required=False, max_length=services.MAX_SHORT,
        help_text=_("Alleen als je ‘met mijn naam’ kiest."), widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    reporter_contact = forms.CharField(
        label=_("Je e-mailadres of telefoonnummer"), required=False, max_length=services.MAX_SHORT,
        help_text=_("Alleen als je ‘met mijn naam’ kiest en de school je mag bereiken."),
    )
    #: The honeypot: hidden for people, filled in by robots.
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False, max_length=200,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporter_kind"].error_messages["required"] = _("Kies wie je bent.")
        self.fields["about"].error_messages["required"] = _("Kies over wie het gaat.")
        self.fields["description"].error_messages["required"] = services.NEED_DESCRIPTION
        self.fields["anonymous"].error_messages["required"] = _("Kies of je anoniem meldt of met je naam.")

    def to_input(self) -> services.ReportInput:
        data = self.cleaned_data
        return services.ReportInput(
            reporter_kind=data["reporter_kind"], about=data["about"], description=data["description"],
            target=data["target"], bully=data["bully"], place=data["place"], occurred_on=data["occurred_on"],
            anonymous=data["anonymous"] == "yes", reporter_name=data["reporter_name"],
            reporter_contact=data["reporter_contact"],
        )


class ReceiptForm(DutchErrorsMixin, forms.Form):
    receipt = forms.CharField(
        label=_("Je code"), max_length=40,
        help_text=_("De code van 12 letters en cijfers die je kreeg toen je de melding verstuurde, bijvoorbeeld ABCD-EFGH-JK23."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receipt"].error_messages["required"] = _("Vul je code in.")


class AddMessageForm(DutchErrorsMixin, forms.Form):
    receipt = forms.CharField(widget=forms.HiddenInput, max_length=40)
    text = forms.CharField(
        label=_("Wat wil je toevoegen?"), max_length=services.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = services.NEED_MESSAGE


class ReplyForm(DutchErrorsMixin, forms.Form):
    text = forms.CharField(
        label=_("Uw antwoord aan de melder"), max_length=services.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("De melder leest dit als hij of zij terugkomt met de code. Noem geen namen van andere leerlingen."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = services.NEED_REPLY
